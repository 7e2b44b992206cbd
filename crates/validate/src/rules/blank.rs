//! `BLANK`: a blank cell is not a zero; relations that use it are not checked.
//!
//! One finding per table of a report, however many cells are blank: it says how many, where
//! (whole rows, or a column blank on every outcome row), which relations were skipped because
//! of them and, where the other cells of a row imply a blank's figure, that figure. The cells
//! one by one are in the finding's `cells` (JSON, and `ogi check --verbose`).

use ogi_model::table3::RowRole;
use ogi_model::{CellValue, Document, Message};

use crate::diagnostic::{CellRef, Diagnostic, Severity};
use crate::rule::{Rule, RuleMeta};

/// Reports the blank cells of each table as one finding, separately from any mismatch.
pub(crate) struct Blank;

static META: RuleMeta = RuleMeta {
    id: "BLANK",
    severity: Severity::Warning,
    summary_zh: "空白单元格不等于0，涉及该单元格的勾稽关系未予核对",
    summary_en: "A blank cell is not 0; the relations that use it were not checked",
    rationale: "Some bodies leave zeros blank, others leave a figure out. The archive keeps the \
                difference, so a blank is reported on its own and never counted as a mismatch. \
                One finding per table says how many cells are blank and where (whole rows, or a \
                column blank on every outcome row), which relations were skipped because of them \
                and, where the rest of a row implies a blank's figure (a blank 总计 beside filled \
                applicant columns), that figure, as information: the published blank stays \
                blank. `ogi check --verbose` and `--format json` list the cells one by one.",
    bad_example: "granted: [1, 0, 0, 0, 0, 0, ~]",
    fix: "If the printed report leaves the cell blank, keep `~` (this warning documents it); if it \
          prints 0 or a figure, write that.",
};

/// One cell of a table as the grouping sees it.
struct GridCell {
    label: String,
    path: String,
    column: String,
    value: Option<i64>,
    blank: bool,
}

/// The cells of a row of counts (tables 3 and 4): each with its label, path and column.
fn count_cells(
    values: &[Option<ogi_model::Count>],
    columns: &[&str],
    label: impl Fn(usize) -> String,
    path: &str,
) -> Vec<GridCell> {
    values
        .iter()
        .enumerate()
        .map(|(c, v)| GridCell {
            label: label(c),
            path: ogi_model::column_path(path, c),
            column: columns.get(c).copied().unwrap_or("?").to_owned(),
            value: v.map(|v| v.get()),
            blank: v.is_none(),
        })
        .collect()
}

/// One row: its label, whether it is a leaf of 三、本年度办理结果, its role, its cells.
struct GridRow {
    label: String,
    role: Option<RowRole>,
    /// Index of the row's 总计 cell, if the row has one that sums the others.
    total: Option<usize>,
    cells: Vec<GridCell>,
}

/// A table as rows of cells, with its names.
struct Grid {
    zh: &'static str,
    rows: Vec<GridRow>,
}

fn count_of(value: CellValue<'_>) -> Option<i64> {
    match value {
        CellValue::Count(Some(c)) => Some(c.get()),
        _ => None,
    }
}

fn grids(doc: &Document) -> Vec<Grid> {
    let report = &doc.report;
    let mut table2 = Grid {
        zh: "表二",
        rows: Vec::new(),
    };
    for cell in report.table2.cells() {
        // 表二 item · row · column: a row per item and row.
        let (row, column) = cell.label.rsplit_once(" · ").unwrap_or((cell.label, ""));
        let row = row.trim_start_matches("表二 ").to_owned();
        let grid_cell = GridCell {
            label: cell.label.to_owned(),
            path: cell.path.to_owned(),
            column: column.to_owned(),
            value: count_of(cell.value),
            blank: cell.value.is_blank(),
        };
        match table2.rows.last_mut() {
            Some(last) if last.label == row => last.cells.push(grid_cell),
            _ => table2.rows.push(GridRow {
                label: row,
                role: None,
                total: None,
                cells: vec![grid_cell],
            }),
        }
    }
    let table3 = Grid {
        zh: "表三",
        rows: report
            .table3
            .rows()
            .into_iter()
            .map(|(spec, row)| GridRow {
                label: spec.full_label(),
                role: Some(spec.role),
                total: Some(ogi_model::table3::TOTAL_COLUMN),
                cells: count_cells(
                    &row.0,
                    &ogi_model::table3::COLUMNS,
                    |c| spec.cell_label(c),
                    &spec.path(),
                ),
            })
            .collect(),
    };
    let table4 = Grid {
        zh: "表四",
        rows: report
            .table4
            .groups()
            .into_iter()
            .map(|(spec, row)| GridRow {
                label: spec.label.to_owned(),
                role: None,
                total: Some(ogi_model::table4::TOTAL_COLUMN),
                cells: count_cells(
                    &row.0,
                    &ogi_model::table4::COLUMNS,
                    |c| spec.cell_label(c),
                    &spec.path(),
                ),
            })
            .collect(),
    };
    vec![table2, table3, table4]
}

/// The figure the rest of `row` implies for its cell `c`, when `c` is its only blank: the
/// sum of the parts for a blank 总计, the total less the other parts for a blank part.
fn derived(row: &GridRow, c: usize) -> Option<i64> {
    let total = row.total?;
    if row.cells.iter().filter(|x| x.blank).count() != 1 {
        return None;
    }
    let parts: i64 = row
        .cells
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != total && *i != c)
        .filter_map(|(_, x)| x.value)
        .sum();
    if c == total {
        Some(parts)
    } else {
        let rest = row.cells.get(total)?.value? - parts;
        (rest >= 0).then_some(rest)
    }
}

/// At most this many places are named; the rest are counted.
const MAX_PLACES: usize = 8;

/// Where the blanks of `grid` are: the whole table; else columns blank on every (outcome)
/// row, rows blank in full, then the other blank cells row by row.
fn places(grid: &Grid) -> Message {
    let all_blank = grid.rows.iter().all(|r| r.cells.iter().all(|c| c.blank));
    if all_blank {
        return Message::new("where: every cell of the table", "位置：整张表");
    }
    // (row, column) of the cells a column description covers.
    let mut covered = std::collections::HashSet::new();
    let (mut en, mut zh) = (Vec::new(), Vec::new());
    let width = grid.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let uniform = grid.rows.iter().all(|r| r.cells.len() == width);
    let outcome = |r: &GridRow| r.role == Some(RowRole::Outcome);
    let full = |r: &GridRow| r.cells.len() > 1 && r.cells.iter().all(|c| c.blank);
    for c in 0..width {
        if !uniform {
            break;
        }
        // Blank on every row of the table, or else on every outcome row (at least two).
        let blank_on = |pick: &dyn Fn(&GridRow) -> bool| {
            let rows: Vec<&GridRow> = grid.rows.iter().filter(|r| pick(r)).collect();
            rows.len() >= 2 && rows.iter().all(|r| r.cells[c].blank)
        };
        let every_row = blank_on(&|_| true);
        if !every_row && !blank_on(&outcome) {
            continue;
        }
        for (i, r) in grid.rows.iter().enumerate() {
            if every_row || outcome(r) {
                covered.insert((i, c));
            }
        }
        let column = grid
            .rows
            .first()
            .map_or("?", |r| r.cells[c].column.as_str());
        if every_row {
            en.push(format!("the {column} column of every row"));
            zh.push(format!("每一行的{column}列"));
        } else {
            en.push(format!("the {column} column of every outcome row"));
            zh.push(format!("每个办理结果行的{column}列"));
        }
    }
    let whole: Vec<&str> = grid
        .rows
        .iter()
        .filter(|r| full(r))
        .map(|r| r.label.as_str())
        .collect();
    if !whole.is_empty() {
        let (shown, more) = (
            &whole[..whole.len().min(MAX_PLACES)],
            whole.len().saturating_sub(MAX_PLACES),
        );
        let (more_en, more_zh) = if more > 0 {
            (
                format!(" and {more} more"),
                format!(" 等 {} 行", whole.len()),
            )
        } else {
            (String::new(), String::new())
        };
        en.push(format!(
            "{} blank in full: {}{more_en}",
            counted(whole.len(), "row"),
            shown.join(", ")
        ));
        zh.push(format!("整行空白：{}{more_zh}", shown.join("、")));
    }
    let mut rows = 0;
    for (i, r) in grid.rows.iter().enumerate() {
        if full(r) {
            continue;
        }
        let left: Vec<&GridCell> = r
            .cells
            .iter()
            .enumerate()
            .filter(|(c, x)| x.blank && !covered.contains(&(i, *c)))
            .map(|(_, x)| x)
            .collect();
        if left.is_empty() {
            continue;
        }
        rows += 1;
        if rows > MAX_PLACES {
            continue;
        }
        let columns: Vec<&str> = left.iter().map(|x| x.column.as_str()).collect();
        en.push(format!("{}: {}", r.label, columns.join(", ")));
        zh.push(format!("{}：{}", r.label, columns.join("、")));
    }
    if rows > MAX_PLACES {
        en.push(format!("and {} more", counted(rows - MAX_PLACES, "row")));
        zh.push(format!("另有 {} 行", rows - MAX_PLACES));
    }
    Message::new(
        format!("where: {}", en.join("; ")),
        format!("位置：{}", zh.join("；")),
    )
}

/// `1 row sum`, `2 row sums`.
fn counted(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The relations of table 3 or 4 skipped because of the blanks, counted by rule.
fn skipped(grid: &Grid) -> Option<Message> {
    let blank_row = |r: &GridRow| r.cells.iter().any(|c| c.blank);
    let rows = grid.rows.iter().filter(|r| blank_row(r)).count();
    let (mut en, mut zh) = (Vec::new(), Vec::new());
    if grid.zh == "表四" {
        en.push(format!("{} (T4-TOTAL)", counted(rows, "group total")));
        zh.push(format!("分组总计 {rows} 项（T4-TOTAL）"));
    } else if grid.zh == "表三" {
        let columns_with = |roles: &[RowRole]| {
            (0..7)
                .filter(|&c| {
                    grid.rows.iter().any(|r| {
                        r.role.is_some_and(|role| roles.contains(&role))
                            && r.cells.get(c).is_some_and(|x| x.blank)
                    })
                })
                .count()
        };
        use RowRole::{CarriedForward, CarriedOver, NewRequests, Outcome, Total};
        let balance = columns_with(&[NewRequests, CarriedOver, Total, CarriedForward]);
        let outcomes = columns_with(&[Outcome, Total]);
        let carry = columns_with(&[CarriedOver, CarriedForward]);
        en.push(format!("{} (T3-ROW-SUM)", counted(rows, "row sum")));
        zh.push(format!("行合计 {rows} 项（T3-ROW-SUM）"));
        if balance > 0 {
            en.push(format!(
                "{} (T3-BALANCE)",
                counted(balance, "column balance")
            ));
            zh.push(format!("列平衡 {balance} 项（T3-BALANCE）"));
        }
        if outcomes > 0 {
            en.push(format!(
                "{} of the outcomes (T3-OUTCOMES)",
                counted(outcomes, "sum")
            ));
            zh.push(format!("办理结果合计 {outcomes} 项（T3-OUTCOMES）"));
        }
        if carry > 0 {
            en.push(format!(
                "{} across years (CARRY-OVER)",
                counted(carry, "carry-over")
            ));
            zh.push(format!("跨年度结转 {carry} 项（CARRY-OVER）"));
        }
    } else {
        return Some(Message::new(
            "not checked because of them: the relations across years that use them (T2-IN-FORCE, T2-RUNNING)",
            "因此未核对：使用这些单元格的跨年度关系（T2-IN-FORCE、T2-RUNNING）",
        ));
    }
    Some(Message::new(
        format!("not checked because of them: {}", en.join(", ")),
        format!("因此未核对：{}", zh.join("、")),
    ))
}

impl Rule for Blank {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_report(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        if !doc.report.any_cell(|value, _| value.is_blank()) {
            return;
        }
        for grid in grids(doc) {
            let mut cells = Vec::new();
            for row in &grid.rows {
                for (c, cell) in row.cells.iter().enumerate().filter(|(_, x)| x.blank) {
                    cells.push(CellRef {
                        cell: cell.label.clone(),
                        path: cell.path.clone(),
                        span: doc.span(&cell.path),
                        derived: derived(row, c),
                    });
                }
            }
            let Some(first) = cells.first() else {
                continue;
            };
            let n = cells.len();
            // One blank is named as its cell (pages flag it); more as their table.
            let (en, zh, cell) = if n == 1 {
                (
                    "blank cell: relations that use it were not checked".to_owned(),
                    "空白单元格：涉及该单元格的勾稽关系未予核对".to_owned(),
                    first.cell.clone(),
                )
            } else {
                (
                    format!("{n} blank cells: relations that use them were not checked"),
                    format!("{n} 个空白单元格：涉及这些单元格的勾稽关系未予核对"),
                    grid.zh.to_owned(),
                )
            };
            let mut d = Diagnostic::new(META.id, META.severity, &doc.path, Message::new(en, zh))
                .at(first.span);
            d.cell = Some(cell);
            d = d.note(places(&grid));
            if let Some(skipped) = skipped(&grid) {
                d = d.note(skipped);
            }
            let implied: Vec<&CellRef> = cells.iter().filter(|c| c.derived.is_some()).collect();
            if !implied.is_empty() {
                let shown: Vec<String> = implied
                    .iter()
                    .take(MAX_PLACES)
                    .map(|c| {
                        let name = c.cell.trim_start_matches(grid.zh).trim_start();
                        format!("{name} = {}", c.derived.unwrap_or_default())
                    })
                    .collect();
                let more = implied.len().saturating_sub(MAX_PLACES);
                let (more_en, more_zh) = if more > 0 {
                    (format!(", and {more} more"), format!("，另有 {more} 个"))
                } else {
                    (String::new(), String::new())
                };
                d = d.note(Message::new(
                    format!(
                        "the rest of the row implies (the published blank stays blank): {}{more_en}",
                        shown.join(", ")
                    ),
                    format!(
                        "按同行其他单元格可推得（公开版本的空白保持不变）：{}{more_zh}",
                        shown.join("，")
                    ),
                ));
            }
            if n > 1 {
                // A help, not a note: pages show notes to the public, not how to run ogi.
                d = d.help(Message::new(
                    "each cell: `ogi check --verbose`, or `--format json`",
                    "逐格明细见 `ogi check --verbose` 或 `--format json`",
                ));
            }
            d.cells = cells;
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{doc, run, set_row};
    use ogi_model::Edition;

    #[test]
    fn blanks_are_reported_once_per_table_and_zeros_are_not() {
        for edition in [Edition::E2019, Edition::E2021] {
            assert!(run(&Blank, &doc(2020, edition, |t| t)).is_empty());
            let blank = doc(2020, edition, |t| {
                let t = set_row(&t, "review", "[~, 0, 0, 0, ~]");
                set_row(&t, "granted", "[1, 0, 0, 0, 0, 0, ~]")
            });
            let found = run(&Blank, &blank);
            assert_eq!(found.len(), 2, "{found:#?}");
            let (t3, t4) = (&found[0], &found[1]);
            assert_eq!(t3.cell.as_deref(), Some("表三 （一）予以公开 · 总计"));
            assert_eq!(t4.cell.as_deref(), Some("表四"));
            assert_eq!(t3.cells.len(), 1);
            assert_eq!(t3.cells[0].derived, Some(1));
            assert!(
                t3.notes
                    .iter()
                    .any(|n| n.en.contains("（一）予以公开 · 总计 = 1"))
            );
            assert_eq!(t4.cells.len(), 2);
            assert_eq!(t4.cells[0].cell, "表四 行政复议 · 结果维持");
            assert!(
                t4.notes
                    .iter()
                    .any(|n| n.en.contains("1 group total (T4-TOTAL)"))
            );
            // Two blanks in one row: nothing can be derived.
            assert!(t4.cells.iter().all(|c| c.derived.is_none()));
        }
    }

    #[test]
    fn a_total_column_blank_on_every_outcome_row_is_named_as_such() {
        let d = doc(2020, Edition::E2019, |t| {
            t.lines()
                .map(|l| {
                    let outcome = ["granted", "partly_granted", "other", "state_secret"]
                        .iter()
                        .any(|k| l.trim_start().starts_with(&format!("{k}: ")))
                        || (l.starts_with("    ") && l.contains(": [0, 0, 0, 0, 0, 0, 0]"));
                    if outcome {
                        format!(
                            "{}\n",
                            l.replace("0, 0, 0, 0, 0, 0, 0]", "0, 0, 0, 0, 0, 0, ~]")
                        )
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect()
        });
        let found = run(&Blank, &d);
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!(f.cells.len(), 19, "{:#?}", f.cells);
        assert_eq!(f.notes[0].en, "where: the 总计 column of every outcome row");
        assert_eq!(f.notes[0].zh, "位置：每个办理结果行的总计列");
        assert!(
            f.notes[1].en.contains("19 row sums (T3-ROW-SUM)"),
            "{}",
            f.notes[1].en
        );
        assert!(
            f.notes[1].en.contains("1 sum of the outcomes"),
            "{}",
            f.notes[1].en
        );
        assert!(f.notes[2].en.contains("= 0"), "{}", f.notes[2].en);
        assert!(f.notes[2].en.contains("and 11 more"), "{}", f.notes[2].en);
    }
}
