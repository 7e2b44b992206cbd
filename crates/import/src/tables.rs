//! Tables 2, 3 and 4 read from their grids: rows by their template labels, columns by their
//! header labels, never by position. A cell that cannot be read with certainty stays blank
//! with a note saying why.

use std::collections::BTreeMap;

use ogi_model::table2::Table2;
use ogi_model::table3::Table3;
use ogi_model::table4::Table4;
use ogi_model::{CellNotes, Count, Edition, Money};

use crate::grid::{Grid, GridCell};
use crate::text::{Figure, figure, looks_like_money, squash};

mod columns;
mod table2;
mod table3;
mod table4;
#[cfg(test)]
mod tests;

/// The three tables as read, with notes on every cell not read with certainty.
#[derive(Debug)]
pub(crate) struct Tables {
    /// The edition, from table 2's columns (or the year when they do not say).
    pub(crate) edition: Edition,
    /// Table 2.
    pub(crate) table2: Table2,
    /// Table 3.
    pub(crate) table3: Table3,
    /// Table 4.
    pub(crate) table4: Table4,
    /// Notes by YAML path.
    pub(crate) notes: CellNotes,
    /// Cells read with certainty (a printed blank counts as read).
    pub(crate) read: usize,
    /// Cells left blank because they could not be read with certainty.
    pub(crate) uncertain: usize,
}

/// What one cell of a template row was found to hold.
#[derive(Clone, Debug, PartialEq)]
enum Read {
    /// The text of the one cell under that column.
    Text(String),
    /// Nothing printed.
    Blank,
    /// Not certain, and why.
    Unsure(String),
}

const UNSURE: &str = "未能识别";

impl Tables {
    fn unsure(&mut self, path: String, why: &str) {
        self.uncertain += 1;
        self.note(path, format!("{UNSURE}: {why}"));
    }

    fn note(&mut self, path: String, note: String) {
        self.notes
            .entry(path)
            .and_modify(|n| {
                n.push('\n');
                n.push_str(&note)
            })
            .or_insert(note);
    }

    /// A count from what was read; the label names the column in the note.
    fn count(&mut self, path: String, read: Read, column: &str) -> Option<Count> {
        match read {
            Read::Blank => {
                self.read += 1;
                None
            }
            Read::Unsure(why) => {
                self.unsure(path, &format!("{column}: {why}"));
                None
            }
            Read::Text(text) => match figure(&text) {
                Figure::Blank => {
                    self.read += 1;
                    None
                }
                Figure::Dash(d) => {
                    self.read += 1;
                    self.note(path, format!("注: {column} 印作“{d}”，按空白记"));
                    None
                }
                Figure::Number(n) => match Count::new(n) {
                    Some(c) => {
                        self.read += 1;
                        Some(c)
                    }
                    None => {
                        self.unsure(path, &format!("{column}: “{text}”超出数量的上限"));
                        None
                    }
                },
                Figure::Unreadable(t) => {
                    self.unsure(path, &format!("{column}: “{t}”不是一个数字"));
                    None
                }
            },
        }
    }

    fn money(&mut self, path: String, read: Read, column: &str) -> Option<Money> {
        match read {
            Read::Text(text) if looks_like_money(&text) => match squash(&text).parse::<Money>() {
                Ok(m) => {
                    self.read += 1;
                    Some(m)
                }
                Err(_) => {
                    self.unsure(path, &format!("{column}: “{text}”不是金额"));
                    None
                }
            },
            // Blank, a dash or unreadable text: noted by `count`; every plain number is
            // money-like and handled above, so nothing read here is a figure.
            other => {
                let _ = self.count(path, other, column);
                None
            }
        }
    }
}

/// Which of the tables a grid is, by the words it holds.
fn kind(grid: &Grid) -> Option<u8> {
    let text = squash(&grid.all_text());
    if text.contains("第二十条") || text.contains("信息内容") && text.contains("规章") {
        Some(2)
    } else if text.contains("本年新收") || text.contains("申请人情况") {
        Some(3)
    } else if text.contains("起诉") && text.contains("复议") {
        Some(4)
    } else {
        None
    }
}

/// The edition table 2's column labels belong to, if they say.
fn edition_of(grid: &Grid) -> Option<Edition> {
    let text = squash(&grid.all_text());
    let new = ["制发件数", "废止件数", "现行有效件数", "收费金额"]
        .iter()
        .any(|w| text.contains(w));
    let old = ["新制作数量", "新公开数量", "上一年项目数量", "采购项目数量"]
        .iter()
        .any(|w| text.contains(w));
    match (old, new) {
        (true, false) => Some(Edition::E2019),
        (false, true) => Some(Edition::E2021),
        _ => None,
    }
}

/// Reads the tables from the grids of a report; `year` decides the edition when table 2
/// does not.
pub(crate) fn read(grids: &[&Grid], year: Option<i32>) -> Tables {
    // A table broken over pages (a PDF) comes as several grids: their rows, in order.
    // Table 2 reads each part under its own column headers (its header is forgotten at a
    // break); tables 3 and 4 read every row under one header, so only a part with the
    // same columns joins them: another would shift the figures.
    let find = |k| {
        let mut parts = grids.iter().copied().filter(|g| kind(g) == Some(k));
        let mut whole = parts.next()?.clone();
        for more in parts {
            if k == 2 || whole.same_columns(more) {
                whole.append(more.clone());
            }
        }
        Some(whole)
    };
    let (t2, t3, t4) = (find(2), find(3), find(4));
    let (t2, t3, t4) = (t2.as_ref(), t3.as_ref(), t4.as_ref());
    let edition = t2
        .and_then(edition_of)
        .or_else(|| year.map(Edition::for_year))
        .unwrap_or(Edition::E2021);
    let mut tables = Tables {
        edition,
        table2: Table2::blank(edition),
        table3: Table3::default(),
        table4: Table4::default(),
        notes: BTreeMap::new(),
        read: 0,
        uncertain: 0,
    };
    table2::read(&mut tables, t2);
    table3::read(&mut tables, t3);
    table4::read(&mut tables, t4);
    tables
}

/// Index of the first row holding a figure: the rows above it are headers.
fn first_figure_row(grid: &Grid) -> usize {
    (0..grid.height())
        .find(|&r| {
            grid.row(r)
                .iter()
                .any(|c| matches!(figure(&c.text), Figure::Number(_)))
        })
        .unwrap_or(grid.height())
}

/// Whether a cell prints a figure: a number or an amount of money.
fn is_figure_cell(c: &GridCell) -> bool {
    matches!(figure(&c.text), Figure::Number(_)) || looks_like_money(&c.text)
}
