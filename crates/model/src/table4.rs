//! Table 4: administrative review and litigation (政府信息公开行政复议、行政诉讼情况).

use serde::{Deserialize, Serialize};

use std::sync::OnceLock;

use crate::cell::{Cell, CellName, CellValue, column_path};
use crate::value::{Count, Row};

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

    /// The names of all fifteen cells in template order: made once.
    pub fn cell_names() -> &'static [CellName] {
        static NAMES: OnceLock<Vec<CellName>> = OnceLock::new();
        NAMES.get_or_init(|| {
            GROUPS
                .iter()
                .flat_map(|spec| {
                    let path = spec.path();
                    (0..COLUMNS.len()).map(move |column| CellName {
                        path: column_path(&path, column),
                        label: spec.cell_label(column),
                        signed: false,
                    })
                })
                .collect()
        })
    }

    /// All fifteen figures in template order.
    pub fn values(&self) -> impl Iterator<Item = Option<Count>> + '_ {
        self.groups().into_iter().flat_map(|(_, row)| row.0)
    }

    /// All fifteen cells in template order.
    pub fn cells(&self) -> Vec<Cell<'static>> {
        Table4::cell_names()
            .iter()
            .zip(self.values())
            .map(|(name, value)| name.cell(CellValue::Count(value)))
            .collect()
    }
}
