//! Table 3: rows by their labels (a group label printed beside a row must be the row's
//! own), columns by the applicant headers.

use ogi_model::column_path;
use ogi_model::table3::{self, OtherOutcome, OtherSplit, Outcome, Table3};

use crate::grid::{Grid, GridCell};
use crate::labels::{Match, best};
use crate::text::{label_core, squash};

use super::columns::{assign_parts, column_keys, resolve_by_row_sum};
use super::{Read, Tables, UNSURE, first_figure_row, is_figure_cell};

/// The outcomes whose rows are grouped under a printed group label, with the word that
/// names the group in print (不予公开) and the group's label ((三）不予公开).
fn group_words() -> Vec<(&'static str, &'static str)> {
    let mut words: Vec<(&'static str, &'static str)> = Vec::new();
    for spec in Table3::all_specs() {
        if let (Some(outcome), Some(group)) = (spec.outcome, spec.group)
            && !words.iter().any(|(_, g)| *g == group)
        {
            words.push((outcome.short_label(), group));
        }
    }
    words
}

/// Reads table 3 into `t`: rows by their labels, in either shape of （六）.
pub(super) fn read(t: &mut Tables, grid: Option<&Grid>) {
    let specs = Table3::all_specs();
    let groups = group_words();
    let n_cols = table3::COLUMNS.len();
    let mut seen: Vec<Option<Vec<Read>>> = vec![None; specs.len()];
    if let Some(grid) = grid {
        let first = first_figure_row(grid);
        let keys = column_keys(grid, 0..first, &table3::COLUMNS);
        for r in first..grid.height() {
            let row = grid.row(r);
            let labels: Vec<&GridCell> = row
                .iter()
                .copied()
                .filter(|c| {
                    c.columns()
                        .all(|col| keys.get(col).copied().flatten().is_none())
                })
                .collect();
            let has_figures = row
                .iter()
                .any(|c| is_figure_cell(c) && !labels.iter().any(|l| std::ptr::eq(*l, *c)));
            let Some(leaf) = labels.iter().rev().find(|c| !squash(&c.text).is_empty()) else {
                if has_figures {
                    t.note(
                        "table3".into(),
                        format!("{UNSURE}: 表三第 {} 行有数字而没有行标题，未采用", r + 1),
                    );
                    t.uncertain += 1;
                }
                continue;
            };
            let matched = best(&leaf.text, specs.iter().map(|s| s.label));
            let i = match matched {
                Match::One(i) => i,
                Match::Ambiguous(_) | Match::None => {
                    if has_figures {
                        let why = match matched {
                            Match::Ambiguous(ref c) => format!(
                                "可能是{}",
                                c.iter()
                                    .map(|i| specs[*i].full_label())
                                    .collect::<Vec<_>>()
                                    .join("或")
                            ),
                            _ => "对应不上模板的任何一行".to_owned(),
                        };
                        t.note(
                            "table3".into(),
                            format!(
                                "{UNSURE}: 表三中“{}”一行{why}，其数字未采用",
                                squash(&leaf.text)
                            ),
                        );
                        // Counted: figures printed and not used must not pass unnoticed.
                        t.uncertain += 1;
                    }
                    continue;
                }
            };
            let spec = &specs[i];
            // A group label printed beside the row must agree with the row's own group.
            let group_cells: Vec<&&GridCell> = labels
                .iter()
                .filter(|c| !std::ptr::eq(**c, *leaf))
                .collect();
            let printed_group = group_cells.iter().find_map(|c| {
                let core = label_core(&c.text);
                groups
                    .iter()
                    .find(|(w, _)| core.contains(w))
                    .map(|(_, g)| *g)
            });
            let reads = if printed_group.is_some() && printed_group != spec.group {
                let why = format!(
                    "行标题“{}”属于{}，而它旁边印的是{}",
                    squash(&leaf.text),
                    spec.group.unwrap_or("表三的第一级"),
                    printed_group.unwrap_or_default()
                );
                vec![Read::Unsure(why); n_cols]
            } else {
                let value_row: Vec<&GridCell> = row
                    .iter()
                    .copied()
                    .filter(|c| !labels.iter().any(|l| std::ptr::eq(*l, *c)))
                    .collect();
                let (mut reads, straddles) = assign_parts(&value_row, &keys, n_cols);
                if let Some((k, note)) = resolve_by_row_sum(&mut reads, &straddles) {
                    t.note(column_path(&spec.path(), k), note);
                }
                reads
            };
            seen[i] = Some(match seen[i] {
                Some(_) => vec![
                    Read::Unsure(format!("表三中“{}”出现了两次", spec.full_label()));
                    n_cols
                ],
                None => reads,
            });
        }
    } else {
        t.note(
            "table3".into(),
            format!("{UNSURE}: 没有找到表三（收到和处理政府信息公开申请情况）"),
        );
    }
    // The shape of （六） is the one printed: three sub-rows if any was found.
    let split = specs
        .iter()
        .zip(&seen)
        .any(|(s, r)| r.is_some() && s.outcome == Some(Outcome::Other) && s.group.is_some());
    if split {
        t.table3.other = OtherOutcome::Split(OtherSplit::default());
    }
    for (spec, reads) in specs.iter().zip(seen) {
        if t.table3.row_mut(spec.key).is_none() {
            if reads.is_some() {
                t.note(
                    "table3.other".into(),
                    format!(
                        "{UNSURE}: 表三同时印有（六）的一行和三个分项，“{}”一行未采用",
                        spec.label
                    ),
                );
                t.uncertain += 1;
            }
            continue;
        }
        let reads = reads.unwrap_or_else(|| {
            vec![
                Read::Unsure(format!("表三中没有找到“{}”一行", spec.full_label()));
                n_cols
            ]
        });
        let mut values = [None; 7];
        for (c, read) in reads.into_iter().enumerate() {
            values[c] = t.count(column_path(&spec.path(), c), read, table3::COLUMNS[c]);
        }
        if let Some(row) = t.table3.row_mut(spec.key) {
            row.0 = values;
        }
    }
}
