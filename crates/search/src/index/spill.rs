//! Long posting lists written as files of their own ("spilled"), whole and by document range.
//!
//! A shard holds every token that hashes to it; a long list (a bitmap of 100,000 documents is
//! 16.7 KB of base64) made every query that needed any token of its shard pay for it. A list
//! longer than [`Layout::spill_bytes`] therefore stays out of its shard: the shard says `p`,
//! its document count and which blocks of [`Layout::block_docs`] documents it has ids in; the
//! list is `search/post/{token}.bin` (raw bytes, no base64), and, when that is longer than
//! [`Layout::block_min_bytes`], also one file per non-empty block, so a query that knows its
//! few candidates fetches only their blocks.

use super::posting::{Posting, varint, varint_len};
use std::fmt::Write;

/// Where posting lists are cut: what stays in the shards, and the document blocks of the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// A list whose shard entry (base64) would be longer than this is written to files.
    pub spill_bytes: usize,
    /// Documents per block, a multiple of 8 (so a block is whole bytes of a bitmap).
    pub block_docs: u32,
    /// A spilled list longer than this (raw bytes) is also written block by block.
    pub block_min_bytes: usize,
}

impl Default for Layout {
    /// Nothing spills below about 12,000 documents (a bitmap of 10,000 is a 1.7 KB entry).
    fn default() -> Layout {
        Layout {
            spill_bytes: 2048,
            block_docs: 8192,
            block_min_bytes: 4096,
        }
    }
}

impl Layout {
    /// A layout from `spill_bytes,block_docs,block_min_bytes` (tests use tiny ones to exercise
    /// spilled lists on small archives); `None` unless three numbers with `block_docs` a
    /// positive multiple of 8.
    pub fn from_spec(spec: &str) -> Option<Layout> {
        let mut parts = spec.split(',').map(|p| p.trim().parse::<usize>().ok());
        let (Some(Some(spill_bytes)), Some(Some(block_docs)), Some(Some(block_min_bytes)), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let block_docs = u32::try_from(block_docs).ok()?;
        if block_docs == 0 || block_docs % 8 != 0 {
            return None;
        }
        Some(Layout {
            spill_bytes,
            block_docs,
            block_min_bytes,
        })
    }

    /// Blocks of an index of `docs` documents.
    pub(super) fn blocks(&self, docs: usize) -> usize {
        docs.div_ceil(self.block_docs as usize)
    }

    /// Whether `posting` is written to files rather than into its shard.
    pub(super) fn spills(&self, posting: &Posting, docs: usize) -> bool {
        posting.encoded_len(docs) > self.spill_bytes
    }

    /// Whether a spilled `posting` is also written block by block.
    fn split(&self, posting: &Posting, docs: usize) -> bool {
        posting.form(docs).1 + 1 > self.block_min_bytes
    }

    /// The shard entry of a spilled `posting`: `p`, its count, and when it is split, `.` and
    /// the mask of its non-empty blocks (hex digit `k` holds blocks `4k` to `4k + 3`, block
    /// `b` in bit `b % 4`).
    pub(super) fn entry(&self, posting: &Posting, docs: usize) -> String {
        let mut out = format!("p{}", posting.count);
        if self.split(posting, docs) {
            let mut mask = vec![0u8; self.blocks(docs).div_ceil(4)];
            for id in posting.ids() {
                let b = (id / self.block_docs) as usize;
                if let Some(digit) = mask.get_mut(b / 4) {
                    *digit |= 1 << (b % 4);
                }
            }
            out.push('.');
            for digit in mask {
                let _ = write!(out, "{digit:x}");
            }
        }
        out
    }

    /// The length of [`Layout::entry`]'s answer, without making it.
    pub(super) fn entry_len(&self, posting: &Posting, docs: usize) -> usize {
        let count = posting.count.checked_ilog10().unwrap_or(0) as usize + 1;
        let mask = if self.split(posting, docs) {
            1 + self.blocks(docs).div_ceil(4)
        } else {
            0
        };
        1 + count + mask
    }

    /// The files of spilled `posting` of `token`: the whole list, and each non-empty block
    /// when it is split.
    pub(super) fn files(
        &self,
        token: &str,
        posting: &Posting,
        docs: usize,
    ) -> Vec<(String, Vec<u8>)> {
        let name = hex(token);
        let ids: Vec<u32> = posting.ids().collect();
        let mut files = vec![(format!("search/post/{name}.bin"), encode(&ids, docs as u32))];
        if self.split(posting, docs) {
            let size = self.block_docs;
            let mut rest = &ids[..];
            while let Some(&first) = rest.first() {
                let b = first / size;
                let start = b * size;
                let end = rest.partition_point(|&id| id < start + size);
                let relative: Vec<u32> = rest[..end].iter().map(|id| id - start).collect();
                let block_docs = (docs as u32 - start).min(size);
                files.push((
                    format!("search/post/{name}/{b}.bin"),
                    encode(&relative, block_docs),
                ));
                rest = &rest[end..];
            }
        }
        files
    }
}

/// The lower-case hex of the UTF-8 bytes of `token`: a file name for any token.
pub(super) fn hex(token: &str) -> String {
    let mut out = String::with_capacity(token.len() * 2);
    for b in token.bytes() {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Sorted `ids` among `docs` documents in the shortest of a shard's three forms, as raw bytes:
/// `b` and the bitmap, `d` and the varint differences, or `n` and those of the ids missing;
/// the same choice as in a shard (the bitmap when shorter than the ids, the missing ids when
/// shorter still).
pub(super) fn encode(ids: &[u32], docs: u32) -> Vec<u8> {
    let varints: usize = differences(ids.iter().copied()).map(varint_len).sum();
    let bitmap_len = docs.div_ceil(8) as usize;
    let (mut form, mut len) = if bitmap_len < varints {
        (b'b', bitmap_len)
    } else {
        (b'd', varints)
    };
    let missing = (docs as usize).saturating_sub(ids.len());
    let mut absent = Vec::new();
    if missing < len {
        absent = absent_varints(ids, docs);
        if absent.len() < len {
            (form, len) = (b'n', absent.len());
        }
    }
    let mut out = Vec::with_capacity(1 + len);
    out.push(form);
    match form {
        b'b' => {
            out.resize(1 + bitmap_len, 0);
            for &id in ids {
                out[1 + (id / 8) as usize] |= 1 << (id % 8);
            }
        }
        b'd' => {
            for d in differences(ids.iter().copied()) {
                varint(&mut out, d);
            }
        }
        _ => out.extend_from_slice(&absent),
    }
    out
}

/// The first id, then the difference of each to the one before.
fn differences(ids: impl Iterator<Item = u32>) -> impl Iterator<Item = u32> {
    let mut previous = None;
    ids.map(move |id| {
        let d = previous.map_or(id, |p| id - p);
        previous = Some(id);
        d
    })
}

/// The varints of the ids below `docs` that `ids` lacks.
fn absent_varints(ids: &[u32], docs: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut next = ids.iter().copied().peekable();
    let missing = (0..docs).filter(|&id| {
        while next.peek().is_some_and(|&n| n < id) {
            next.next();
        }
        next.peek() != Some(&id)
    });
    for d in differences(missing) {
        varint(&mut out, d);
    }
    out
}

/// The ids of a file written by [`encode`] for `docs` documents (for tests).
#[cfg(test)]
pub(super) fn decode(file: &[u8], docs: u32) -> Vec<u32> {
    let (form, bytes) = file.split_first().expect("a form byte");
    if *form == b'b' {
        return (0..docs)
            .filter(|i| bytes[(*i / 8) as usize] & (1 << (i % 8)) != 0)
            .collect();
    }
    let mut ids = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let (d, used) = super::posting::read_varint(&bytes[at..]);
        at += used;
        ids.push(ids.last().map_or(d, |l: &u32| l + d));
    }
    if *form == b'n' {
        return (0..docs).filter(|i| !ids.contains(i)).collect();
    }
    ids
}
