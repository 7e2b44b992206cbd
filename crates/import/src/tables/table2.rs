//! Table 2: rows by their labels in the edition's template, each under its item's column
//! headers.

use ogi_model::column_path;
use ogi_model::table2::{RowSpec, Table2, rows_of};

use crate::grid::{Grid, GridCell};
use crate::labels::{Match, best};
use crate::text::{label_core, squash};

use super::columns::{assign, column_keys};
use super::{Read, Tables, UNSURE, is_figure_cell};

/// Reads table 2 into `t`, each row under the column headers printed above it.
pub(super) fn read(t: &mut Tables, grid: Option<&Grid>) {
    let specs = rows_of(t.edition);
    let Some(grid) = grid else {
        t.note(
            "table2".into(),
            format!("{UNSURE}: 没有找到表二（主动公开政府信息情况）"),
        );
        for spec in specs {
            for (i, col) in spec.columns.iter().enumerate() {
                t.unsure(cell_path2(spec, i), &format!("{col}: 没有找到表二"));
            }
        }
        return;
    };
    let mut header: Option<usize> = None;
    let mut seen: Vec<Option<Vec<Read>>> = vec![None; specs.len()];
    for r in 0..grid.height() {
        if grid.breaks.contains(&r) {
            header = None;
        }
        let row = grid.row(r);
        let Some(first) = row.first() else { continue };
        let first_core = label_core(&first.text);
        if squash(&first.text).contains("第二十条") {
            header = None;
            continue;
        }
        if first_core == "信息内容" || is_header_row(&row, specs) {
            header = Some(r);
            continue;
        }
        let spec_index = match best(&first.text, specs.iter().map(|s| s.label)) {
            Match::One(i) => i,
            Match::Ambiguous(_) | Match::None => {
                if row.iter().skip(1).any(|c| is_figure_cell(c)) {
                    t.note(
                        "table2".into(),
                        format!(
                            "{UNSURE}: 表二中“{}”一行对应不上模板的任何一行，其数字未采用",
                            squash(&first.text)
                        ),
                    );
                    t.uncertain += 1;
                }
                continue;
            }
        };
        let spec = &specs[spec_index];
        let reads = match header {
            Some(h) => {
                let keys = column_keys(grid, h..h + 1, spec.columns);
                let value_row: Vec<&GridCell> =
                    row.iter().copied().filter(|c| c.col > first.col).collect();
                assign(&value_row, &keys, spec.columns.len(), &|k| {
                    spec.columns[k].to_owned()
                })
            }
            None => spec
                .columns
                .iter()
                .map(|_| Read::Unsure("此行上方没有列标题（信息内容……）".to_owned()))
                .collect(),
        };
        if seen[spec_index].is_some() {
            seen[spec_index] = Some(
                spec.columns
                    .iter()
                    .map(|_| Read::Unsure(format!("表二中“{}”出现了两次", spec.label)))
                    .collect(),
            );
        } else {
            seen[spec_index] = Some(reads);
        }
    }
    for (spec, reads) in specs.iter().zip(seen) {
        let reads = reads.unwrap_or_else(|| {
            spec.columns
                .iter()
                .map(|_| Read::Unsure(format!("表二中没有找到“{}”一行", spec.label)))
                .collect()
        });
        for (i, read) in reads.into_iter().enumerate() {
            let path = cell_path2(spec, i);
            let column = spec.columns[i];
            if Table2::is_money(t.edition, spec.key, i) {
                let v = t.money(path, read, column);
                t.table2.set_money(spec.key, i, v);
            } else {
                let v = t.count(path, read, column);
                t.table2.set_count(spec.key, i, v);
            }
        }
    }
}

/// A row of table 2 naming columns: no figures, and a cell after the first that is one of
/// the template's column labels (typos and split words allowed).
fn is_header_row(row: &[&GridCell], specs: &[RowSpec]) -> bool {
    let columns: Vec<&str> = specs
        .iter()
        .flat_map(|s| s.columns.iter().copied())
        .collect();
    row.len() > 1
        && row.iter().skip(1).all(|c| !is_figure_cell(c))
        && row.iter().skip(1).any(|c| {
            matches!(
                best(&c.text, columns.iter().copied()),
                Match::One(_) | Match::Ambiguous(_)
            )
        })
}

fn cell_path2(spec: &RowSpec, column: usize) -> String {
    if spec.columns.len() == 1 {
        spec.path()
    } else {
        column_path(&spec.path(), column)
    }
}
