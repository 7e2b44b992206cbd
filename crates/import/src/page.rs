//! A published report as the importer reads it, whatever it came from: its paragraphs and
//! tables in reading order.

use crate::grid::Grid;

/// One piece of a published report.
#[derive(Clone, Debug)]
pub(crate) enum Block {
    /// A paragraph of prose (or a heading), as printed.
    Paragraph(String),
    /// A table.
    Table(Grid),
}

/// A published report: a title where the page states it apart from the text (an HTML
/// page's metadata), and its blocks.
#[derive(Clone, Debug, Default)]
pub(crate) struct Page {
    /// A title from metadata, if any.
    pub(crate) title: Option<String>,
    /// Paragraphs and tables in reading order.
    pub(crate) blocks: Vec<Block>,
}
