//! `ogi-search`: a static, client-side search index for Chinese text.
//!
//! Word segmenters split differently at index time and at query time (行政复议 becomes
//! 行政|复|议, and a query for 复议 then misses). This index needs no segmenter: every
//! character and every pair of consecutive word characters is a token, and digit runs get
//! tokens of their own (runs of 3 and 4 digits, a short run with its neighbours: `开1件`), so
//! any substring is found by intersecting its tokens' posting lists; the client then checks
//! the exact substring in the few documents it shows, from one compressed file per document.
//! Posting lists are sharded by hash so a query downloads a handful of small files. The format is in `FORMAT.md`; the client
//! is `assets/search.js`. [`build`] is a pure function from documents to files;
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

mod index;
mod token;

pub use index::{
    IndexBuilder, IndexChanges, IndexStats, SearchDoc, build, build_with_stats, doc_file, doc_path,
};
pub use token::{fnv1a, is_word, normalize, tokens};

/// The browser client, served as `search/search.js`.
pub const CLIENT_JS: &str = include_str!("../assets/search.js");
