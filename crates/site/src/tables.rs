//! Tables 2, 3 and 4 laid out as the official template prints them: header cells with
//! their row and column spans, so a theme only loops.

use std::sync::OnceLock;

use ogi_model::table3::{COLUMNS as T3_COLUMNS, RowRole};
use ogi_model::table4::{COLUMNS as T4_COLUMNS, GROUPS, Table4};
use ogi_model::{CellName, CellValue, Report, table2};
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

/// A data cell (`<td>`): its figure and flags, and its names from the table's [`Layout`].
#[derive(Clone, Debug, Serialize)]
pub(crate) struct DataCell {
    /// The figure as printed; empty for a blank cell.
    pub text: Figure,
    /// Whether the cell was left blank (distinct from 0).
    pub blank: bool,
    /// Anchor id, unique on the page, such as `t3-total-0`.
    pub id: &'static str,
    /// YAML path of the value, such as `table3.total[0]`.
    pub path: &'static str,
    /// The cell in the template's words, such as `表三 （七）总计 · 自然人`.
    pub label: &'static str,
    /// Its column in the template's words, such as `自然人` (table 4: `行政复议 · 总计`): what a
    /// phone shows beside the figure when the table is stacked row by row.
    pub column: &'static str,
    /// Highest severity of the findings that point at this cell (`error`, `warning`, `info`), if any.
    pub flag: Option<&'static str>,
    /// Columns it spans (the last cell of a short row of table 2 fills the row).
    pub colspan: usize,
}

/// A figure as printed, kept inline: a page shows some 200 of them, and a build of 10,000
/// reports used to allocate two million short strings for them.
#[derive(Clone, Debug)]
pub(crate) enum Figure {
    /// Up to [`INLINE`] bytes of UTF-8 (every count and amount the model holds).
    Inline(u8, [u8; INLINE]),
    /// Anything longer.
    Heap(String),
}

/// Bytes a [`Figure`] keeps inline: a count has at most 20 characters, an amount (29
/// digits, a point, a sign and `万元`) at most 38 bytes.
const INLINE: usize = 46;

impl Figure {
    /// The figure of `value` as every output prints it; empty for a blank cell.
    fn of(value: &CellValue<'_>) -> Figure {
        let mut figure = Figure::Inline(0, [0; INLINE]);
        value.write_to(&mut figure, "");
        figure
    }

    /// `text` as a figure.
    pub(crate) fn from_text(text: &str) -> Figure {
        let mut figure = Figure::Inline(0, [0; INLINE]);
        let _ = std::fmt::Write::write_str(&mut figure, text);
        figure
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Figure::Inline(len, bytes) => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Figure::Heap(text) => text,
        }
    }
}

impl std::fmt::Write for Figure {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        match self {
            Figure::Inline(len, bytes) => {
                let at = usize::from(*len);
                match bytes.get_mut(at..at + s.len()) {
                    Some(room) => {
                        room.copy_from_slice(s.as_bytes());
                        // At most INLINE (46) bytes, so the length fits a u8.
                        *len = (at + s.len()) as u8;
                    }
                    None => {
                        let mut text = self.as_str().to_owned();
                        text.push_str(s);
                        *self = Figure::Heap(text);
                    }
                }
            }
            Figure::Heap(text) => text.push_str(s),
        }
        Ok(())
    }
}

impl Serialize for Figure {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A row: its header cells, then its data cells.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct TableRow {
    /// Header cells, left to right.
    pub heads: &'static [Head],
    /// Data cells, left to right.
    pub cells: Vec<DataCell>,
}

/// A table laid out for HTML.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Table {
    /// Number of columns.
    pub width: usize,
    /// Header rows (`<thead>`): only header cells.
    pub header: &'static [Vec<Head>],
    /// Body rows (`<tbody>`).
    pub rows: Vec<TableRow>,
    /// The shape's layout it was filled from (not for templates).
    #[serde(skip)]
    pub layout: &'static Layout,
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

/// The column part of a cell label: the last ` · ` segment, except in table 4, whose
/// columns repeat under three groups and so keep the group (`表四 行政复议 · 总计` →
/// `行政复议 · 总计`).
fn column_of(label: &str) -> &str {
    if let Some(rest) = label.strip_prefix("表四 ") {
        return rest;
    }
    label.rsplit(" · ").next().unwrap_or(label)
}

/// What a data cell shows that depends only on the table's shape.
#[derive(Debug)]
pub(crate) struct CellLayout {
    /// The model's names of the cell: its path and label.
    name: &'static CellName,
    /// Anchor id.
    id: String,
    /// Column in the template's words.
    column: String,
    /// Columns it spans.
    colspan: usize,
}

/// A row of a [`Layout`].
#[derive(Debug)]
pub(crate) struct RowLayout {
    heads: Vec<Head>,
    cells: Vec<CellLayout>,
}

/// Everything of a table but its figures and flags: the same for every report of one
/// edition and variant, so it is made once per shape and process, not once per report.
#[derive(Debug)]
pub(crate) struct Layout {
    width: usize,
    header: Vec<Vec<Head>>,
    rows: Vec<RowLayout>,
}

impl Layout {
    /// The table of `values` (in template order) laid out so, each cell flagged by `flag`.
    fn fill<'v>(
        &'static self,
        values: impl IntoIterator<Item = CellValue<'v>>,
        flag: &FlagFor<'_>,
    ) -> Table {
        let mut values = values.into_iter();
        let rows = self
            .rows
            .iter()
            .map(|row| TableRow {
                heads: &row.heads,
                cells: row
                    .cells
                    .iter()
                    .zip(values.by_ref())
                    .map(|(c, value)| {
                        let blank = value.is_blank();
                        DataCell {
                            text: Figure::of(&value),
                            blank,
                            id: &c.id,
                            path: &c.name.path,
                            label: &c.name.label,
                            column: &c.column,
                            flag: flag(&c.name.label),
                            colspan: c.colspan,
                        }
                    })
                    .collect(),
            })
            .collect();
        Table {
            width: self.width,
            header: &self.header,
            rows,
            layout: self,
        }
    }
}

/// Lays out one row's cells from `names`, the last one spanning `fill` more columns.
fn cell_layouts(names: &'static [CellName], fill: usize) -> Vec<CellLayout> {
    let n = names.len();
    names
        .iter()
        .enumerate()
        .map(|(i, name)| CellLayout {
            name,
            id: cell_anchor(&name.path),
            column: column_of(&name.label).to_owned(),
            colspan: if i + 1 == n { 1 + fill } else { 1 },
        })
        .collect()
}

/// Table 2 in its edition's layout: for each item of Article 20, a title row, a column
/// header row and its data rows.
fn table2_layout(report: &Report) -> Layout {
    let width = 4;
    let mut names = report.table2.cell_names();
    let mut rows = Vec::new();
    let mut item = "";
    for spec in table2::rows_of(report.table2.edition()) {
        let n = spec.columns.len();
        let (own, rest) = names.split_at(n.min(names.len()));
        names = rest;
        if spec.item != item {
            item = spec.item;
            rows.push(RowLayout {
                heads: vec![head(item, 1, width, "colgroup")],
                cells: Vec::new(),
            });
            let mut heads = vec![head("信息内容", 1, 1, "col")];
            for (i, column) in spec.columns.iter().enumerate() {
                // The last column header stretches to fill the table's width.
                let span = if i + 1 == n { width - n } else { 1 };
                heads.push(head(column, 1, span, "col"));
            }
            rows.push(RowLayout {
                heads,
                cells: Vec::new(),
            });
        }
        let fill = width - 1 - own.len().min(width - 1);
        rows.push(RowLayout {
            heads: vec![head(spec.label, 1, 1, "row")],
            cells: cell_layouts(own, fill),
        });
    }
    Layout {
        width,
        header: Vec::new(),
        rows,
    }
}

/// Table 3 with the template's three header rows and its nested row labels.
fn table3_layout(report: &Report) -> Layout {
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
    let mut names = report.table3.cell_names();
    let outcomes = rows
        .iter()
        .filter(|(s, _)| matches!(s.role, RowRole::Outcome | RowRole::Total))
        .count();
    let mut out = Vec::with_capacity(rows.len());
    let mut first_outcome = true;
    let mut group_seen: Option<&str> = None;
    for (spec, row) in &rows {
        let (own, rest) = names.split_at(row.0.len().min(names.len()));
        names = rest;
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
        out.push(RowLayout {
            heads,
            cells: cell_layouts(own, 0),
        });
    }
    Layout {
        width: 10,
        header,
        rows: out,
    }
}

/// Table 4: two header rows over three groups, then one row of fifteen figures.
fn table4_layout() -> Layout {
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
    let cells = Table4::cell_names()
        .iter()
        .map(|name| CellLayout {
            name,
            id: cell_anchor(&name.path),
            column: column_of(&name.label).to_owned(),
            colspan: 1,
        })
        .collect::<Vec<_>>();
    debug_assert_eq!(GROUPS.len() * 5, cells.len());
    Layout {
        width: 15,
        header,
        rows: vec![RowLayout {
            heads: Vec::new(),
            cells,
        }],
    }
}

/// Table 2 of `report`, laid out, each cell flagged by `flag`.
pub(crate) fn table2(report: &Report, flag: &FlagFor<'_>) -> Table {
    static LAYOUTS: [OnceLock<Layout>; 2] = [OnceLock::new(), OnceLock::new()];
    let edition = report.table2.edition() as usize;
    LAYOUTS[edition]
        .get_or_init(|| table2_layout(report))
        .fill(report.table2.values(), flag)
}

/// Table 3 of `report`, laid out, each cell flagged by `flag`.
pub(crate) fn table3(report: &Report, flag: &FlagFor<'_>) -> Table {
    static LAYOUTS: [OnceLock<Layout>; 2] = [OnceLock::new(), OnceLock::new()];
    let split = usize::from(report.table3.split());
    LAYOUTS[split]
        .get_or_init(|| table3_layout(report))
        .fill(report.table3.values().map(CellValue::Count), flag)
}

/// Table 4 of `report`, laid out, each cell flagged by `flag`.
pub(crate) fn table4(report: &Report, flag: &FlagFor<'_>) -> Table {
    static LAYOUT: OnceLock<Layout> = OnceLock::new();
    LAYOUT
        .get_or_init(table4_layout)
        .fill(report.table4.values().map(CellValue::Count), flag)
}

#[cfg(test)]
mod tests {
    use super::{Figure, column_of};
    use ogi_model::{CellValue, Count, Money};

    #[test]
    fn a_figure_prints_as_the_model_writes_it() {
        let count = CellValue::Count(Count::new(-1_234_567));
        assert_eq!(Figure::of(&count).as_str(), count.display());
        assert_eq!(
            Figure::of(&CellValue::Count(None)).as_str(),
            "",
            "blank stays empty"
        );
        // The longest amount the model can hold still fits inline, and is never cut.
        let money: Money = "-0.0000000000000000000000000001万元"
            .parse()
            .expect("an amount");
        let figure = Figure::of(&CellValue::Money(Some(&money)));
        assert!(matches!(figure, Figure::Inline(..)));
        assert_eq!(figure.as_str(), money.to_string());
        let long = "一".repeat(40);
        let figure = Figure::from_text(&long);
        assert!(matches!(figure, Figure::Heap(_)));
        assert_eq!(figure.as_str(), long);
    }

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
