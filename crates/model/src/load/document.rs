//! A loaded report file: its path, text and typed report, and the source map built on
//! first use.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::report::Report;
use crate::source_map::{SourceMap, Span};

/// A report file loaded: its path, text, typed report and source map.
#[derive(Clone, Debug)]
pub struct Document {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its text (without a byte-order mark).
    pub text: String,
    /// The typed report.
    pub report: Report,
    /// Where each value stands in `text`: built on first use, since only diagnostics
    /// need it and it costs more memory than the report itself.
    map: OnceLock<SourceMap>,
}

impl Document {
    /// A document from its parts.
    pub fn new(path: PathBuf, text: String, report: Report) -> Document {
        Document {
            path,
            text,
            report,
            map: OnceLock::new(),
        }
    }

    /// Where each value stands in the text.
    pub fn map(&self) -> &SourceMap {
        // The text parsed once already, so the map builds; an empty map is the safe fallback.
        self.map
            .get_or_init(|| SourceMap::build(&self.text).unwrap_or_default())
    }

    /// The span of the value at `path`, or of the nearest enclosing value.
    pub fn span(&self, path: &str) -> Option<Span> {
        self.map().nearest(path)
    }
}
