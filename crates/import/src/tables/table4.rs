//! Table 4: one row of fifteen figures, each column named by its group and result.

use ogi_model::column_path;
use ogi_model::table4::{self, GROUPS};

use crate::grid::Grid;
use crate::text::squash;

use super::columns::assign;
use super::{Read, Tables, first_figure_row, is_figure_cell};

/// Which group of table 4 a header path names.
fn group4(path: &str) -> Option<usize> {
    if path.contains("复议后起诉") {
        Some(2)
    } else if path.contains("直接起诉") || path.contains("未经复议") {
        Some(1)
    } else if path.contains("复议") && !path.contains("诉讼") {
        Some(0)
    } else {
        None
    }
}

/// Which column of a group of table 4 a header names.
fn column4(leaf: &str) -> Option<usize> {
    let words = ["维持", "纠正", "其他", "审结", "总计"];
    let hits: Vec<usize> = (0..5)
        .filter(|&i| leaf.contains(words[i]) || i == 4 && leaf.contains("合计"))
        .collect();
    match hits.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// Reads table 4 into `t`: its one row of figures, columns by the group and result named
/// in the headers above them.
pub(super) fn read(t: &mut Tables, grid: Option<&Grid>) {
    let n = GROUPS.len() * table4::COLUMNS.len();
    let mut reads: Vec<Read> =
        vec![Read::Unsure("没有找到表四（行政复议、行政诉讼情况）".into()); n];
    if let Some(grid) = grid {
        let first = first_figure_row(grid);
        let width = grid.slots.iter().map(Vec::len).max().unwrap_or(0);
        let keys: Vec<Option<usize>> = (0..width)
            .map(|c| {
                let mut path = String::new();
                let mut leaf = String::new();
                for r in 0..first {
                    if let Some(cell) = grid.at(r, c) {
                        let s = squash(&cell.text);
                        if !path.ends_with(&s) {
                            path.push_str(&s);
                            path.push('|');
                            leaf = s;
                        }
                    }
                }
                Some(group4(&path)? * 5 + column4(&leaf)?)
            })
            .collect();
        let data: Vec<usize> = (first..grid.height())
            .filter(|&r| grid.row(r).iter().any(|c| is_figure_cell(c)))
            .collect();
        reads = match data.as_slice() {
            [r] => assign(&grid.row(*r), &keys, n, &|k| name4(k)),
            [] => vec![Read::Unsure("表四中没有数字".into()); n],
            _ => vec![
                Read::Unsure(format!("表四有 {} 行数字，模板只有一行", data.len()));
                n
            ],
        };
    }
    for (k, read) in reads.into_iter().enumerate() {
        let (g, c) = (k / 5, k % 5);
        let spec = GROUPS[g];
        let v = t.count(column_path(&spec.path(), c), read, table4::COLUMNS[c]);
        if let Some(row) = t.table4.group_mut(spec.key) {
            row.0[c] = v;
        }
    }
}

fn name4(k: usize) -> String {
    format!("{} · {}", GROUPS[k / 5].label, table4::COLUMNS[k % 5])
}
