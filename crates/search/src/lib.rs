//! `ogi-search`: a static, client-side search index for Chinese text.
//!
//! Word segmenters split differently at index time and at query time (行政复议 becomes
//! 行政|复|议, and a query for 复议 then misses). This index needs no segmenter: every
//! character and every pair of consecutive word characters is a token, and digit runs get
//! tokens of their own (runs of 3 and 4 digits, a short run with its neighbours: `开1件`), so
//! any substring is found by intersecting its tokens' posting lists; the client then checks
//! the exact substring in the few documents it shows, from one compressed file per document.
//! Posting lists are sharded by hash so a query downloads a handful of small files. The format is in `FORMAT.md`; the client
//! is `assets/search.js`, served compressed behind `assets/loader.js`. [`build`] is a pure function from documents to files;
//! [`IndexBuilder::replace`] keeps a built index up to date one document at a time, with the
//! same bytes a fresh build would write.
//!
//! ```
//! use ogi_search::{SearchDoc, build, tokens};
//!
//! assert_eq!(tokens("行政复议"), ["行政", "政复", "复议"]);
//! let doc = SearchDoc { title: "温泉街道2020年报告".into(), text: "行政复议 0 件".into(), ..SearchDoc::default() };
//! let files = build(&[doc]);
//! assert!(files.iter().any(|(path, _)| path == "search/meta.json"));
//! ```

mod deflate;
mod index;
mod token;

pub use index::{
    IndexBuilder, IndexChanges, IndexStats, Layout, SearchDoc, build, build_with_stats, doc_file,
    doc_path,
};
pub use token::{fnv1a, is_word, normalize, tokens};

/// The browser client as written (`assets/search.js`); it runs as [`client_js`] makes it,
/// served as [`client_file`].
pub const CLIENT_JS: &str = include_str!("../assets/search.js");

/// The client as run in the browser (compressed in `search/client.z`): [`CLIENT_JS`] without
/// its comment lines, blank lines and indentation (a quarter of its bytes). Only whole lines
/// change, so no string or expression can: the client has no multi-line string or template.
pub fn client_js() -> String {
    strip_comments(CLIENT_JS)
}

/// The loader served as `search/search.js`: it fetches `search/client.z` ([`client_file`]),
/// inflates it and runs it (`assets/loader.js`, stripped as [`client_js`] is).
pub fn loader_js() -> String {
    strip_comments(include_str!("../assets/loader.js"))
}

/// `search/client.z`: [`client_js`] compressed with raw DEFLATE, a third of its bytes.
pub fn client_file() -> Vec<u8> {
    deflate::deflate_best(client_js().as_bytes())
}

/// `js` without its comment lines, blank lines and indentation.
fn strip_comments(js: &str) -> String {
    let mut out = String::with_capacity(js.len());
    let mut in_block = false;
    for line in js.lines().map(str::trim) {
        if in_block || line.starts_with("/*") {
            in_block = !line.contains("*/");
        } else if !line.is_empty() && !line.starts_with("//") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_served_client_keeps_every_line_of_code() {
        // No line opens a string or template that goes on to the next: then removing whole
        // comment lines and indentation changes no code.
        // Block comments take whole lines.
        for line in super::CLIENT_JS.lines() {
            assert_eq!(line.matches('`').count() % 2, 0, "{line}");
            let t = line.trim();
            assert!(!t.contains("/*") || t.starts_with("/*"), "{line}");
            assert!(!t.contains("*/") || t.ends_with("*/"), "{line}");
        }
        let served = super::client_js();
        assert!(
            served.len() * 10 < super::CLIENT_JS.len() * 9,
            "{}",
            served.len()
        );
        assert!(!served.contains("\n//") && !served.starts_with("/*"));
        assert!(served.contains("function docFile(id) {\nconst path"));
    }

    #[test]
    fn the_compressed_client_inflates_to_the_client() {
        let file = super::client_file();
        let plain = miniz_oxide::inflate::decompress_to_vec(&file).expect("raw deflate");
        assert_eq!(plain, super::client_js().into_bytes());
        assert!(
            file.len() * 2 < plain.len(),
            "{} of {}",
            file.len(),
            plain.len()
        );
        let loader = super::loader_js();
        assert!(
            loader.contains("'client.z'") && loader.len() < 1024,
            "{loader}"
        );
    }
}
