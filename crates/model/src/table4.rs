//! Table 4: administrative review and litigation (政府信息公开行政复议、行政诉讼情况).

use serde::{Deserialize, Serialize};

use crate::cell::{Cell, CellValue, column_path};
use crate::value::Row;

/// One group of table 4: five numbers in template order (see [`COLUMNS`]).
pub type Row5 = Row<5>;

/// The five columns of each group, in template order.
pub const COLUMNS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// Index of the 总计 column.
pub const TOTAL_COLUMN: usize = 4;

/// Table 4: one row of fifteen numbers, kept as its three groups.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Table4 {
    /// 行政复议.
    pub review: Row5,
    /// 行政诉讼 · 未经复议直接起诉.
    pub litigation_direct: Row5,
    /// 行政诉讼 · 复议后起诉.
    pub litigation_after_review: Row5,
}

/// A group of table 4 as the template prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupSpec {
    /// YAML key below `table4`.
    pub key: &'static str,
    /// The group's label, such as `行政诉讼 · 复议后起诉`.
    pub label: &'static str,
}

impl GroupSpec {
    /// The YAML path of the group, such as `table4.review`.
    pub fn path(&self) -> String {
        format!("table4.{}", self.key)
    }

    /// The label of the cell in `column`, such as `表四 行政复议 · 总计`.
    pub fn cell_label(&self, column: usize) -> String {
        format!(
            "表四 {} · {}",
            self.label,
            COLUMNS.get(column).copied().unwrap_or("?")
        )
    }
}

/// The three groups in template order.
pub const GROUPS: [GroupSpec; 3] = [
    GroupSpec {
        key: "review",
        label: "行政复议",
    },
    GroupSpec {
        key: "litigation_direct",
        label: "行政诉讼 · 未经复议直接起诉",
    },
    GroupSpec {
        key: "litigation_after_review",
        label: "行政诉讼 · 复议后起诉",
    },
];

impl Table4 {
    /// The groups in template order with their specs.
    pub fn groups(&self) -> [(GroupSpec, &Row5); 3] {
        [
            (GROUPS[0], &self.review),
            (GROUPS[1], &self.litigation_direct),
            (GROUPS[2], &self.litigation_after_review),
        ]
    }

    /// The group at `key` (a [`GroupSpec::key`]), for writers that fill the table.
    pub fn group_mut(&mut self, key: &str) -> Option<&mut Row5> {
        match key {
            "review" => Some(&mut self.review),
            "litigation_direct" => Some(&mut self.litigation_direct),
            "litigation_after_review" => Some(&mut self.litigation_after_review),
            _ => None,
        }
    }

    /// All fifteen cells in template order.
    pub fn cells(&self) -> Vec<Cell<'static>> {
        let mut cells = Vec::with_capacity(15);
        for (spec, row) in self.groups() {
            let path = spec.path();
            for (column, value) in row.0.iter().enumerate() {
                cells.push(Cell {
                    path: column_path(&path, column),
                    label: spec.cell_label(column),
                    value: CellValue::Count(*value),
                    signed: false,
                });
            }
        }
        cells
    }
}
