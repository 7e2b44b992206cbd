//! Report tables rendered once per shape: the template runs for the first report of each
//! table shape (edition, variant, which cells are blank or flagged) with a mark where each
//! figure goes, and every other report of that shape only puts its figures in the marks.
//!
//! At 10,000 reports the tables' ~200 cells were a fifth of the build's CPU time, spent
//! re-running the same template loops for the same markup. The marks are only trusted
//! where the template is known to print a cell's text once, escaped, and to branch on
//! nothing else of the figure: the built-in `partials/report_table.html` and
//! `partials/table.html`. A theme that overrides either gets its own templates run for
//! every report, as before; the output is the same both ways (the differential and
//! byte-identity tests compare them).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use serde::Serialize;
use tera::Context;

use crate::tables::{Figure, Table};
use crate::theme::Templates;

/// Stands for a cell's figure while the skeleton renders: a private-use character, which
/// escaping leaves alone and no figure contains.
const MARK: char = '\u{E000}';

/// The partial that renders a report section's table.
pub(crate) const TABLE_PARTIAL: &str = "partials/report_table.html";

/// A table's markup cut at its figures: `pieces[0]`, figure 0, `pieces[1]`, … .
struct Skeleton {
    pieces: Vec<String>,
}

/// What makes two tables' markup the same but for their figures.
#[derive(PartialEq, Eq, Hash)]
struct Shape {
    /// The templates (by address: they live as long as the render).
    templates: usize,
    /// `table2`, `table3` or `table4`.
    key: &'static str,
    /// The table's layout (by address: layouts live for the process).
    layout: usize,
    /// Per cell: blank (1) plus its flag (0 none, 2 info, 4 warning, 6 error).
    cells: Vec<u8>,
}

/// The skeletons of one render, shared by the threads rendering report pages.
#[derive(Default)]
pub(crate) struct Skeletons {
    /// By shape; `None` where the marks did not come out one per cell (then every report
    /// of that shape renders in full).
    map: Mutex<HashMap<Shape, Option<Arc<Skeleton>>>>,
}

#[derive(Serialize)]
struct SectionVars {
    table: &'static str,
}

impl Skeletons {
    /// The HTML the table partial makes of `table` (the section `key`) under `templates`,
    /// from its shape's skeleton; `None` when `templates` override the built-in table
    /// partials or the skeleton cannot be trusted, so the page should include the partial.
    pub(crate) fn render(
        &self,
        templates: &Templates,
        key: &'static str,
        table: &Table,
    ) -> Option<String> {
        if !templates.builtin_table_partials {
            return None;
        }
        let shape = Shape {
            templates: std::ptr::from_ref(templates) as usize,
            key,
            layout: std::ptr::from_ref(table.layout) as usize,
            cells: table
                .rows
                .iter()
                .flat_map(|r| &r.cells)
                .map(|c| {
                    u8::from(c.blank)
                        + match c.flag {
                            Some("info") => 2,
                            Some("warning") => 4,
                            Some(_) => 6,
                            None => 0,
                        }
                })
                .collect(),
        };
        let known = self
            .map
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&shape)
            .cloned();
        let skeleton = match known {
            Some(s) => s?,
            None => {
                let made = make(templates, key, table).map(Arc::new);
                self.map
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(shape, made.clone());
                made?
            }
        };
        Some(fill(&skeleton, table))
    }
}

/// Renders the partial for `table` with a mark in place of every figure, and cuts it at
/// the marks; `None` unless there is exactly one mark per cell.
fn make(templates: &Templates, key: &'static str, table: &Table) -> Option<Skeleton> {
    let mut marked = table.clone();
    for cell in marked.rows.iter_mut().flat_map(|r| &mut r.cells) {
        cell.text = Figure::from_text(MARK.encode_utf8(&mut [0; 4]));
    }
    let mut ctx = Context::new();
    ctx.insert("s", &SectionVars { table: key });
    let mut report = HashMap::new();
    report.insert(key, &marked);
    ctx.insert("report", &report);
    let html = templates.tera.render(TABLE_PARTIAL, &ctx).ok()?;
    let pieces: Vec<String> = html.split(MARK).map(str::to_owned).collect();
    let cells = table.rows.iter().map(|r| r.cells.len()).sum::<usize>();
    (pieces.len() == cells + 1).then_some(Skeleton { pieces })
}

/// The skeleton with `table`'s figures, escaped as the template escapes them, in its marks.
fn fill(skeleton: &Skeleton, table: &Table) -> String {
    let size = skeleton.pieces.iter().map(String::len).sum::<usize>();
    let mut out = Vec::with_capacity(size + 8 * skeleton.pieces.len());
    let mut pieces = skeleton.pieces.iter();
    if let Some(first) = pieces.next() {
        out.extend_from_slice(first.as_bytes());
    }
    for (piece, cell) in pieces.zip(table.rows.iter().flat_map(|r| &r.cells)) {
        // Writing into a Vec cannot fail.
        let _ = tera::escape_html(cell.text.as_str(), &mut out);
        out.extend_from_slice(piece.as_bytes());
    }
    // Escaping keeps UTF-8 valid, and the pieces are strings.
    String::from_utf8(out).unwrap_or_default()
}
