//! Tables 2, 3 and 4 laid out as the official template prints them: header cells with
//! their row and column spans, so a theme only loops.

use ogi_model::table2::RowSpec as T2Row;
use ogi_model::table3::{COLUMNS as T3_COLUMNS, RowRole};
use ogi_model::table4::{COLUMNS as T4_COLUMNS, GROUPS};
use ogi_model::{CellValue, Count, Report};
use serde::Serialize;

/// A header cell (`<th>`).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Head {
    /// Its text.
    pub text: String,
    /// Rows it spans.
    pub rowspan: usize,
    /// Columns it spans.
    pub colspan: usize,
    /// `row` or `col`, for screen readers.
    pub scope: &'static str,
}

fn head(text: &str, rowspan: usize, colspan: usize, scope: &'static str) -> Head {
    Head {
        text: text.to_owned(),
        rowspan,
        colspan,
        scope,
    }
}

/// A data cell (`<td>`).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct DataCell {
    /// The figure as printed; empty for a blank cell.
    pub text: String,
    /// Whether the cell was left blank (distinct from 0).
    pub blank: bool,
    /// Anchor id, unique on the page, such as `t3-total-0`.
    pub id: String,
    /// YAML path of the value, such as `table3.total[0]`.
    pub path: String,
    /// The cell in the template's words, such as `表三 （七）总计 · 自然人`.
    pub label: String,
    /// Its column in the template's words, such as `自然人` (table 4: `行政复议 · 总计`): what a
    /// phone shows beside the figure when the table is stacked row by row.
    pub column: String,
    /// Highest severity of the findings that point at this cell (`error`, `warning`, `info`), if any.
    pub flag: Option<&'static str>,
    /// Columns it spans (the last cell of a short row of table 2 fills the row).
    pub colspan: usize,
}

/// A row: its header cells, then its data cells.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TableRow {
    /// Header cells, left to right.
    pub heads: Vec<Head>,
    /// Data cells, left to right.
    pub cells: Vec<DataCell>,
}

/// A table laid out for HTML.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Table {
    /// Number of columns.
    pub width: usize,
    /// Header rows (`<thead>`): only header cells.
    pub header: Vec<Vec<Head>>,
    /// Body rows (`<tbody>`).
    pub rows: Vec<TableRow>,
}

/// Finds the severity flag of the cell with `label`.
pub(crate) type FlagFor<'a> = dyn Fn(&str) -> Option<&'static str> + Sync + 'a;

/// The anchor id of the cell at YAML `path` on a report page: `table3.total[0]` → `t3-total-0`.
pub fn cell_anchor(path: &str) -> String {
    let mut id = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            'a'..='z' | '0'..='9' => id.push(c),
            'A'..='Z' => id.push(c.to_ascii_lowercase()),
            '[' | '.' | '_' => id.push('-'),
            _ => {}
        }
    }
    id.replace("table", "t")
}

fn cell(path: String, label: String, value: CellValue<'_>, flag: &FlagFor<'_>) -> DataCell {
    let blank = value.is_blank();
    let column = column_of(&label).to_owned();
    DataCell {
        text: if blank {
            String::new()
        } else {
            value.display()
        },
        blank,
        id: cell_anchor(&path),
        flag: flag(&label),
        path,
        label,
        column,
        colspan: 1,
    }
}

/// The column part of a cell label: the last ` · ` segment, except in table 4, whose
/// columns repeat under three groups and so keep the group (`表四 行政复议 · 总计` →
/// `行政复议 · 总计`).
fn column_of(label: &str) -> &str {
    if let Some(rest) = label.strip_prefix("表四 ") {
        return rest;
    }
    label.rsplit(" · ").next().unwrap_or(label)
}

fn count_cells(
    path: &str,
    labels: impl Fn(usize) -> String,
    values: &[Option<Count>],
    flag: &FlagFor<'_>,
) -> Vec<DataCell> {
    values
        .iter()
        .enumerate()
        .map(|(c, v)| {
            cell(
                format!("{path}[{c}]"),
                labels(c),
                CellValue::Count(*v),
                flag,
            )
        })
        .collect()
}

/// Table 2 in its edition's layout: for each item of Article 20, a title row, a column
/// header row and its data rows.
pub(crate) fn table2(report: &Report, flag: &FlagFor<'_>) -> Table {
    let width = 4;
    // The model's rows, in template order, each with its cells: `cells()` walks the same
    // rows, so each row takes as many of them as it has figures.
    let mut all = report.table2.cells().into_iter();
    let by_row: Vec<(&T2Row, Vec<DataCell>)> = report
        .table2
        .rows()
        .map(|row| {
            let cells = all
                .by_ref()
                .take(row.cells().len())
                .map(|c| cell(c.path.clone(), c.label.clone(), c.value, flag))
                .collect();
            (row.spec, cells)
        })
        .collect();
    let mut rows = Vec::new();
    let mut item = "";
    for (spec, cells) in by_row {
        if spec.item != item {
            item = spec.item;
            rows.push(TableRow {
                heads: vec![head(item, 1, width, "colgroup")],
                cells: Vec::new(),
            });
            let mut heads = vec![head("信息内容", 1, 1, "col")];
            let n = spec.columns.len();
            for (i, column) in spec.columns.iter().enumerate() {
                // The last column header stretches to fill the table's width.
                let span = if i + 1 == n { width - n } else { 1 };
                heads.push(head(column, 1, span, "col"));
            }
            rows.push(TableRow {
                heads,
                cells: Vec::new(),
            });
        }
        let mut cells = cells;
        let fill = width - 1 - cells.len().min(width - 1);
        if let Some(last) = cells.last_mut() {
            last.colspan += fill;
        }
        rows.push(TableRow {
            heads: vec![head(spec.label, 1, 1, "row")],
            cells,
        });
    }
    Table {
        width,
        header: Vec::new(),
        rows,
    }
}

/// Table 3 with the template's three header rows and its nested row labels.
pub(crate) fn table3(report: &Report, flag: &FlagFor<'_>) -> Table {
    let header = vec![
        vec![
            head(
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                3,
                3,
                "col",
            ),
            head("申请人情况", 1, 7, "colgroup"),
        ],
        vec![
            head("自然人", 2, 1, "col"),
            head("法人或其他组织", 1, 5, "colgroup"),
            head("总计", 2, 1, "col"),
        ],
        T3_COLUMNS[1..6]
            .iter()
            .map(|c| head(c, 1, 1, "col"))
            .collect(),
    ];
    let rows = report.table3.rows();
    let outcomes = rows
        .iter()
        .filter(|(s, _)| matches!(s.role, RowRole::Outcome | RowRole::Total))
        .count();
    let mut out = Vec::with_capacity(rows.len());
    let mut first_outcome = true;
    let mut group_seen: Option<&str> = None;
    for (spec, row) in &rows {
        let path = spec.path();
        let cells = count_cells(&path, |c| spec.cell_label(c), &row.0, flag);
        let mut heads = Vec::new();
        match spec.role {
            RowRole::Outcome | RowRole::Total => {
                if first_outcome {
                    heads.push(head("三、本年度办理结果", outcomes, 1, "rowgroup"));
                    first_outcome = false;
                }
                match spec.group {
                    Some(group) => {
                        if group_seen != Some(group) {
                            let size = rows.iter().filter(|(s, _)| s.group == Some(group)).count();
                            heads.push(head(group, size, 1, "rowgroup"));
                            group_seen = Some(group);
                        }
                        heads.push(head(spec.label, 1, 1, "row"));
                    }
                    None => heads.push(head(spec.label, 1, 2, "row")),
                }
            }
            _ => heads.push(head(spec.label, 1, 3, "row")),
        }
        out.push(TableRow { heads, cells });
    }
    Table {
        width: 10,
        header,
        rows: out,
    }
}

/// Table 4: two header rows over three groups, then one row of fifteen figures.
pub(crate) fn table4(report: &Report, flag: &FlagFor<'_>) -> Table {
    let header = vec![
        vec![
            head("行政复议", 2, 5, "colgroup"),
            head("行政诉讼", 1, 10, "colgroup"),
        ],
        vec![
            head("未经复议直接起诉", 1, 5, "colgroup"),
            head("复议后起诉", 1, 5, "colgroup"),
        ],
        (0..3)
            .flat_map(|_| T4_COLUMNS.iter().map(|c| head(c, 1, 1, "col")))
            .collect(),
    ];
    let mut cells = Vec::with_capacity(15);
    for (spec, row) in report.table4.groups() {
        cells.extend(count_cells(
            &spec.path(),
            |c| spec.cell_label(c),
            &row.0,
            flag,
        ));
    }
    debug_assert_eq!(GROUPS.len() * 5, cells.len());
    Table {
        width: 15,
        header,
        rows: vec![TableRow {
            heads: Vec::new(),
            cells,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::column_of;

    #[test]
    fn a_cell_names_its_column() {
        assert_eq!(column_of("表三 （七）总计 · 自然人"), "自然人");
        assert_eq!(
            column_of("表二 第二十条第（一）项 · 规章 · 本年新制作数量"),
            "本年新制作数量"
        );
        assert_eq!(
            column_of("表四 行政诉讼 · 复议后起诉 · 总计"),
            "行政诉讼 · 复议后起诉 · 总计"
        );
    }
}
