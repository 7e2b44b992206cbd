//! Addressing single cells: the YAML path that holds a figure, and its label in the template.

use crate::value::{Count, Money};

/// One figure of a table, addressed by its YAML path and named by its template label.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell<'a> {
    /// Path of the value in the YAML file, such as `table3.total[0]`.
    pub path: &'static str,
    /// The cell in the template's own words, such as `表三 （七）总计 · 自然人`.
    pub label: &'static str,
    /// The figure.
    pub value: CellValue<'a>,
    /// Whether the figure may be negative (only 本年增/减).
    pub signed: bool,
}

/// The figure held by a cell.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CellValue<'a> {
    /// A count; `None` is a blank cell.
    Count(Option<Count>),
    /// An amount of money; `None` is a blank cell.
    Money(Option<&'a Money>),
}

impl CellValue<'_> {
    /// Whether the cell was left blank.
    pub fn is_blank(&self) -> bool {
        matches!(self, CellValue::Count(None) | CellValue::Money(None))
    }

    /// The figure as text, `~` when blank.
    pub fn display(&self) -> String {
        let mut out = String::new();
        self.write_to(&mut out, "~");
        out
    }

    /// Appends the figure to `out` as every output prints it (a count's digits, an amount
    /// with its scale and unit), or `blank` for a blank cell: one writer for the page, the
    /// CSV files, the search text and the messages.
    pub fn write_to(&self, out: &mut impl std::fmt::Write, blank: &str) {
        // Writing into a String (or any buffer that grows) cannot fail.
        let _ = match self {
            CellValue::Count(Some(c)) => write!(out, "{c}"),
            CellValue::Money(Some(m)) => write!(out, "{m}"),
            _ => out.write_str(blank),
        };
    }
}

/// A cell's names, which depend only on the table's shape (its edition, its variant), so
/// each shape's are made once per process, not once per report: a build of 10,000 reports
/// used to format the same 200 labels for every report, three times over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellName {
    /// Path of the value in the YAML file, such as `table3.total[0]`.
    pub path: String,
    /// The cell in the template's own words, such as `表三 （七）总计 · 自然人`.
    pub label: String,
    /// Whether the figure may be negative (only 本年增/减).
    pub signed: bool,
}

impl CellName {
    /// The cell of `value` with these names.
    pub fn cell<'a>(&'static self, value: CellValue<'a>) -> Cell<'a> {
        Cell {
            path: &self.path,
            label: &self.label,
            value,
            signed: self.signed,
        }
    }
}

/// Joins a YAML path and a column index: `table3.total` and 0 give `table3.total[0]`.
pub fn column_path(row_path: &str, column: usize) -> String {
    format!("{row_path}[{column}]")
}
