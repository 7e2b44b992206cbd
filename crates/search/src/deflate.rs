//! Raw DEFLATE (RFC 1951) of the files a browser inflates (`DecompressionStream`), with
//! libdeflate: whole buffers in memory, as these files are, are what it is built for.

use std::cell::RefCell;

use libdeflater::{CompressionLvl, Compressor};

/// Level of the document files. On the 10,000 generated reports, level 4 (libdeflate's
/// greedy parser) writes 0.97 % more bytes than its default level 6 (51.08 against 50.59
/// MB) for ~6 % less CPU of the whole build: a shown result costs some 50 bytes more, and
/// DEFLATE had been the largest single item of the build's profile.
const DOC_LEVEL: i32 = 4;

/// Level of the client: one small file a build, fetched by every cold query, so the smallest.
const CLIENT_LEVEL: i32 = 12;

/// A compressor and its output buffer, kept between calls: setting one up costs more than
/// compressing a report.
struct Deflater {
    compressor: Compressor,
    /// Output, as long as the largest bound asked for so far.
    out: Vec<u8>,
}

impl Deflater {
    fn new(level: i32) -> Deflater {
        let level = CompressionLvl::new(level).unwrap_or_default();
        Deflater {
            compressor: Compressor::new(level),
            out: Vec::new(),
        }
    }

    /// `plain` compressed, in a vector of its own size.
    fn deflate(&mut self, plain: &[u8]) -> Vec<u8> {
        let bound = self.compressor.deflate_compress_bound(plain.len());
        if self.out.len() < bound {
            self.out.resize(bound, 0);
        }
        let n = self
            .compressor
            .deflate_compress(plain, &mut self.out)
            .expect("libdeflate's output fits its own bound");
        self.out[..n].to_vec()
    }
}

thread_local! {
    /// Each thread's document compressor, and the plain bytes of its document.
    static DOC: RefCell<(Deflater, Vec<u8>)> = RefCell::new((Deflater::new(DOC_LEVEL), Vec::new()));
}

/// Calls `fill` to write a document file's plain bytes into an empty buffer, then compresses
/// them, with this thread's compressor and buffers.
pub(crate) fn deflate_doc(fill: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    DOC.with_borrow_mut(|(deflater, plain)| {
        plain.clear();
        fill(plain);
        deflater.deflate(plain)
    })
}

/// `plain` compressed as small as libdeflate makes it (for the client).
pub(crate) fn deflate_best(plain: &[u8]) -> Vec<u8> {
    Deflater::new(CLIENT_LEVEL).deflate(plain)
}
