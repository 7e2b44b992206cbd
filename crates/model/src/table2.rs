//! Table 2: proactive disclosure of the items of Article 20 (主动公开政府信息情况).
//!
//! The two editions differ here more than anywhere: the 2019 edition counts documents
//! made and published and items from last year with their change; the 2021 edition
//! counts documents issued, repealed and in force, decisions taken, and fees collected.

use serde::{Deserialize, Serialize};

use std::sync::OnceLock;

use crate::cell::{Cell, CellName, CellValue, column_path};
use crate::report::Edition;
use crate::value::{Count, Money, Row};

/// Table 2 in the edition the report follows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Table2 {
    /// 2019 edition.
    E2019(Table2019),
    /// 2021 edition.
    E2021(Table2021),
}

/// Table 2, 2019 edition.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Table2019 {
    /// 第（一）项 规章: 本年新制作数量, 本年新公开数量, 对外公开总数量.
    pub regulations: Row<3>,
    /// 第（一）项 规范性文件: same columns.
    pub normative_documents: Row<3>,
    /// 第（五）项 行政许可: 上一年项目数量, 本年增/减, 处理决定数量.
    pub licensing: Row<3>,
    /// 第（五）项 其他对外管理服务事项: same columns.
    pub other_services: Row<3>,
    /// 第（六）项 行政处罚: same columns.
    pub punishment: Row<3>,
    /// 第（六）项 行政强制: same columns.
    pub enforcement: Row<3>,
    /// 第（八）项 行政事业性收费: 上一年项目数量, 本年增/减.
    pub fees: Row<2>,
    /// 第（九）项 政府集中采购: 采购项目数量, 采购总金额.
    pub procurement: Procurement,
}

/// 政府集中采购: the number of procurement items and their total amount.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Procurement(pub Option<Count>, pub Option<Money>);

/// Table 2, 2021 edition.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Table2021 {
    /// 第（一）项 规章: 本年制发件数, 本年废止件数, 现行有效件数.
    pub regulations: Row<3>,
    /// 第（一）项 行政规范性文件: same columns.
    pub normative_documents: Row<3>,
    /// 第（五）项 行政许可: 本年处理决定数量.
    pub licensing: Row<1>,
    /// 第（六）项 行政处罚: 本年处理决定数量.
    pub punishment: Row<1>,
    /// 第（六）项 行政强制: 本年处理决定数量.
    pub enforcement: Row<1>,
    /// 第（八）项 行政事业性收费: 本年收费金额（单位：万元）.
    pub fees: MoneyCell,
}

/// A money cell that may be blank (`~`) but must be present.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct MoneyCell(pub Option<Money>);

impl<'de> Deserialize<'de> for MoneyCell {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<MoneyCell, D::Error> {
        // Read as text so that a missing key is an error, not a blank, and the amount
        // keeps every digit it was written with.
        let text = String::deserialize(d)?;
        match text.trim() {
            "~" | "null" | "Null" | "NULL" | "" => Ok(MoneyCell(None)),
            amount => amount
                .parse()
                .map(|m| MoneyCell(Some(m)))
                .map_err(|m: crate::Message| serde::de::Error::custom(m.for_serde())),
        }
    }
}

/// What a row of table 2 counts, which says what its columns are and how its figures
/// follow from the year before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// 2019 edition, 第（一）项: 本年新制作数量, 本年新公开数量, 对外公开总数量; the total
    /// published (column 2) grows by what is newly published (column 1).
    Published,
    /// 2019 edition, 第（五）（六）（八）项: 上一年项目数量, 本年增/减 (signed), and 处理决定数量
    /// except for fees; the count (column 0) is last year's count plus its change.
    Items,
    /// 2019 edition, 第（九）项: 采购项目数量 and 采购总金额 (money).
    Procurement,
    /// 2021 edition, 第（一）项: 本年制发件数, 本年废止件数, 现行有效件数; documents in force
    /// (column 2) change only by issue (column 0) and repeal (column 1).
    InForce,
    /// 2021 edition, 第（五）（六）项: 本年处理决定数量.
    Decisions,
    /// 2021 edition, 第（八）项: 本年收费金额 (money).
    Fees,
}

/// A row of table 2 as the template prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowSpec {
    /// YAML key below `table2`.
    pub key: &'static str,
    /// The item of Article 20, such as `第二十条第（一）项`.
    pub item: &'static str,
    /// The row's label, such as `规章`.
    pub label: &'static str,
    /// Column labels.
    pub columns: &'static [&'static str],
    /// Index of the signed column (本年增/减), if any.
    pub signed_column: Option<usize>,
    /// What the row counts.
    pub kind: RowKind,
}

impl RowSpec {
    /// Index of the column that holds money rather than a count, if any.
    pub fn money_column(&self) -> Option<usize> {
        match self.kind {
            RowKind::Procurement => Some(1),
            RowKind::Fees => Some(0),
            _ => None,
        }
    }

    /// The YAML path of the row, such as `table2.regulations`.
    pub fn path(&self) -> String {
        format!("table2.{}", self.key)
    }

    /// The label of the cell in `column`, such as `表二 第二十条第（一）项 · 规章 · 本年新制作数量`.
    pub fn cell_label(&self, column: usize) -> String {
        format!(
            "表二 {} · {} · {}",
            self.item,
            self.label,
            self.columns.get(column).copied().unwrap_or("?")
        )
    }
}

/// The article whose items table 2 reports on; each item label starts with it.
pub const ARTICLE: &str = "第二十条";

const I1: &str = "第二十条第（一）项";
const I5: &str = "第二十条第（五）项";
const I6: &str = "第二十条第（六）项";
const I8: &str = "第二十条第（八）项";
const I9: &str = "第二十条第（九）项";
const DOCS_2019: &[&str] = &["本年新制作数量", "本年新公开数量", "对外公开总数量"];
const ITEMS_2019: &[&str] = &["上一年项目数量", "本年增/减", "处理决定数量"];
const DOCS_2021: &[&str] = &["本年制发件数", "本年废止件数", "现行有效件数"];
const DECISIONS_2021: &[&str] = &["本年处理决定数量"];

const fn row(
    key: &'static str,
    item: &'static str,
    label: &'static str,
    columns: &'static [&'static str],
    kind: RowKind,
) -> RowSpec {
    RowSpec {
        key,
        item,
        label,
        columns,
        signed_column: match kind {
            RowKind::Items => Some(1),
            _ => None,
        },
        kind,
    }
}

use RowKind::{Decisions, Fees, InForce, Items, Procurement as Purchases, Published};

/// Rows of the 2019 edition in template order.
pub const ROWS_2019: [RowSpec; 8] = [
    row("regulations", I1, "规章", DOCS_2019, Published),
    row(
        "normative_documents",
        I1,
        "规范性文件",
        DOCS_2019,
        Published,
    ),
    row("licensing", I5, "行政许可", ITEMS_2019, Items),
    row(
        "other_services",
        I5,
        "其他对外管理服务事项",
        ITEMS_2019,
        Items,
    ),
    row("punishment", I6, "行政处罚", ITEMS_2019, Items),
    row("enforcement", I6, "行政强制", ITEMS_2019, Items),
    row(
        "fees",
        I8,
        "行政事业性收费",
        &["上一年项目数量", "本年增/减"],
        Items,
    ),
    row(
        "procurement",
        I9,
        "政府集中采购",
        &["采购项目数量", "采购总金额"],
        Purchases,
    ),
];

/// Rows of the 2021 edition in template order.
pub const ROWS_2021: [RowSpec; 6] = [
    row("regulations", I1, "规章", DOCS_2021, InForce),
    row(
        "normative_documents",
        I1,
        "行政规范性文件",
        DOCS_2021,
        InForce,
    ),
    row("licensing", I5, "行政许可", DECISIONS_2021, Decisions),
    row("punishment", I6, "行政处罚", DECISIONS_2021, Decisions),
    row("enforcement", I6, "行政强制", DECISIONS_2021, Decisions),
    row(
        "fees",
        I8,
        "行政事业性收费",
        &["本年收费金额（单位：万元）"],
        Fees,
    ),
];

/// The rows of `edition`'s table 2 in template order.
pub fn rows_of(edition: Edition) -> &'static [RowSpec] {
    match edition {
        Edition::E2019 => &ROWS_2019,
        Edition::E2021 => &ROWS_2021,
    }
}

/// One row of a report's table 2: its spec and its figures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Table2Row<'a> {
    /// The row as the template prints it.
    pub spec: &'static RowSpec,
    cells: [CellValue<'a>; 3],
}

impl<'a> Table2Row<'a> {
    /// The figures, one per column of the spec.
    pub fn cells(&self) -> &[CellValue<'a>] {
        &self.cells[..self.spec.columns.len().min(self.cells.len())]
    }

    /// The count in `column`; `None` when it is blank, money or not a column of the row.
    pub fn count(&self, column: usize) -> Option<Count> {
        match self.cells().get(column) {
            Some(CellValue::Count(c)) => *c,
            _ => None,
        }
    }
}

const NO_CELL: CellValue<'static> = CellValue::Count(None);

/// The cells of a row of counts, padded to three.
fn counts<const N: usize>(row: &Row<N>) -> [CellValue<'static>; 3] {
    let mut cells = [NO_CELL; 3];
    for (cell, value) in cells.iter_mut().zip(row.0) {
        *cell = CellValue::Count(value);
    }
    cells
}

impl Table2 {
    /// A table of `edition` with every cell blank, for writers that fill it cell by cell.
    pub fn blank(edition: Edition) -> Table2 {
        match edition {
            Edition::E2019 => Table2::E2019(Table2019 {
                regulations: Row([None; 3]),
                normative_documents: Row([None; 3]),
                licensing: Row([None; 3]),
                other_services: Row([None; 3]),
                punishment: Row([None; 3]),
                enforcement: Row([None; 3]),
                fees: Row([None; 2]),
                procurement: Procurement(None, None),
            }),
            Edition::E2021 => Table2::E2021(Table2021 {
                regulations: Row([None; 3]),
                normative_documents: Row([None; 3]),
                licensing: Row([None]),
                punishment: Row([None]),
                enforcement: Row([None]),
                fees: MoneyCell(None),
            }),
        }
    }

    /// Sets the count in `column` of the row `key`; false if there is no such count cell.
    pub fn set_count(&mut self, key: &str, column: usize, value: Option<Count>) -> bool {
        let slot = match self {
            Table2::E2019(t) => match key {
                "regulations" => t.regulations.0.get_mut(column),
                "normative_documents" => t.normative_documents.0.get_mut(column),
                "licensing" => t.licensing.0.get_mut(column),
                "other_services" => t.other_services.0.get_mut(column),
                "punishment" => t.punishment.0.get_mut(column),
                "enforcement" => t.enforcement.0.get_mut(column),
                "fees" => t.fees.0.get_mut(column),
                "procurement" if column == 0 => Some(&mut t.procurement.0),
                _ => None,
            },
            Table2::E2021(t) => match key {
                "regulations" => t.regulations.0.get_mut(column),
                "normative_documents" => t.normative_documents.0.get_mut(column),
                "licensing" => t.licensing.0.get_mut(column),
                "punishment" => t.punishment.0.get_mut(column),
                "enforcement" => t.enforcement.0.get_mut(column),
                _ => None,
            },
        };
        slot.map(|s| *s = value).is_some()
    }

    /// Sets the money cell in `column` of the row `key`; false if there is no such cell.
    pub fn set_money(&mut self, key: &str, column: usize, value: Option<Money>) -> bool {
        match (self, key, column) {
            (Table2::E2019(t), "procurement", 1) => t.procurement.1 = value,
            (Table2::E2021(t), "fees", 0) => t.fees.0 = value,
            _ => return false,
        }
        true
    }

    /// Whether the cell in `column` of the row `key` holds money rather than a count.
    pub fn is_money(edition: Edition, key: &str, column: usize) -> bool {
        rows_of(edition)
            .iter()
            .any(|s| s.key == key && s.money_column() == Some(column))
    }

    /// The edition whose layout the table has.
    pub fn edition(&self) -> Edition {
        match self {
            Table2::E2019(_) => Edition::E2019,
            Table2::E2021(_) => Edition::E2021,
        }
    }

    /// Every row in template order ([`rows_of`] the table's edition) with its figures.
    /// Allocates nothing.
    pub fn rows(&self) -> impl Iterator<Item = Table2Row<'_>> {
        rows_of(self.edition()).iter().map(|spec| Table2Row {
            spec,
            cells: self.row_cells(spec.key),
        })
    }

    /// The figures of the row `key`, padded to three cells; blank for a key the edition
    /// does not have (a test checks that every spec's key has its row).
    fn row_cells(&self, key: &str) -> [CellValue<'_>; 3] {
        match self {
            Table2::E2019(t) => match key {
                "regulations" => counts(&t.regulations),
                "normative_documents" => counts(&t.normative_documents),
                "licensing" => counts(&t.licensing),
                "other_services" => counts(&t.other_services),
                "punishment" => counts(&t.punishment),
                "enforcement" => counts(&t.enforcement),
                "fees" => counts(&t.fees),
                "procurement" => [
                    CellValue::Count(t.procurement.0),
                    CellValue::Money(t.procurement.1.as_ref()),
                    NO_CELL,
                ],
                _ => [NO_CELL; 3],
            },
            Table2::E2021(t) => match key {
                "regulations" => counts(&t.regulations),
                "normative_documents" => counts(&t.normative_documents),
                "licensing" => counts(&t.licensing),
                "punishment" => counts(&t.punishment),
                "enforcement" => counts(&t.enforcement),
                "fees" => [CellValue::Money(t.fees.0.as_ref()), NO_CELL, NO_CELL],
                _ => [NO_CELL; 3],
            },
        }
    }

    /// The names of every cell of a table of this edition, in template order: made once
    /// per edition.
    ///
    /// One-cell rows of the 2021 edition are addressed without an index
    /// (`table2.licensing`), as they are written as a bare number.
    pub fn cell_names(&self) -> &'static [CellName] {
        static NAMES: [OnceLock<Vec<CellName>>; 2] = [OnceLock::new(), OnceLock::new()];
        let edition = self.edition();
        NAMES[edition as usize].get_or_init(|| {
            let mut names = Vec::with_capacity(22);
            for spec in rows_of(edition) {
                let path = spec.path();
                for column in 0..spec.columns.len() {
                    names.push(CellName {
                        path: if spec.columns.len() == 1 {
                            path.clone()
                        } else {
                            column_path(&path, column)
                        },
                        label: spec.cell_label(column),
                        signed: spec.signed_column == Some(column),
                    });
                }
            }
            names
        })
    }

    /// Every figure in template order, as [`Table2::cell_names`] names them.
    pub fn values(&self) -> impl Iterator<Item = CellValue<'_>> {
        self.rows().flat_map(|row| {
            let n = row.spec.columns.len();
            row.cells.into_iter().take(n)
        })
    }

    /// Every cell in template order.
    pub fn cells(&self) -> Vec<Cell<'_>> {
        self.cell_names()
            .iter()
            .zip(self.values())
            .map(|(name, value)| name.cell(value))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_cells_must_be_present_but_may_be_blank() {
        let blank: MoneyCell = serde_yaml::from_str("~").unwrap();
        assert_eq!(blank, MoneyCell(None));
        let exact: MoneyCell = serde_yaml::from_str("1.234567").unwrap();
        assert_eq!(exact.0.map(|m| m.to_string()).as_deref(), Some("1.234567"));
        let missing = serde_yaml::from_str::<Table2021>(
            "regulations: [0, 0, 0]\nnormative_documents: [0, 0, 0]\nlicensing: 0\npunishment: 0\nenforcement: 0\n",
        );
        assert!(
            missing
                .unwrap_err()
                .to_string()
                .contains("missing field `fees`")
        );
    }

    #[test]
    fn every_cell_can_be_set_by_key() {
        for (edition, rows) in [
            (Edition::E2019, &ROWS_2019[..]),
            (Edition::E2021, &ROWS_2021[..]),
        ] {
            let mut t = Table2::blank(edition);
            for spec in rows {
                for column in 0..spec.columns.len() {
                    let set = if Table2::is_money(edition, spec.key, column) {
                        t.set_money(spec.key, column, "1".parse().ok())
                    } else {
                        t.set_count(spec.key, column, Count::new(1))
                    };
                    assert!(set, "{} {column}", spec.key);
                }
            }
            assert!(t.cells().iter().all(|c| c.value.display() == "1"));
        }
    }

    #[test]
    fn every_spec_names_a_row_of_its_edition() {
        for edition in [Edition::E2019, Edition::E2021] {
            let mut t = Table2::blank(edition);
            for spec in rows_of(edition) {
                for column in 0..spec.columns.len() {
                    if Table2::is_money(edition, spec.key, column) {
                        t.set_money(spec.key, column, "2".parse().ok());
                    } else {
                        t.set_count(spec.key, column, Count::new(2));
                    }
                }
            }
            for row in t.rows() {
                assert!(
                    row.cells().iter().all(|c| c.display() == "2"),
                    "{}",
                    row.spec.key
                );
            }
            // The serialised keys are the specs' keys, in the same order.
            let yaml = serde_yaml::to_string(&t).expect("serialises");
            let keys: Vec<&str> = yaml
                .lines()
                .filter(|l| !l.starts_with([' ', '-']))
                .filter_map(|l| l.split(':').next())
                .collect();
            let specs: Vec<&str> = rows_of(edition).iter().map(|s| s.key).collect();
            assert_eq!(keys, specs);
        }
    }

    #[test]
    fn cell_counts_follow_the_editions() {
        assert_eq!(
            Table2::E2019(Table2019::default()).cells().len(),
            6 * 3 + 2 + 2
        );
        assert_eq!(
            Table2::E2021(Table2021::default()).cells().len(),
            2 * 3 + 3 + 1
        );
    }

    #[test]
    fn only_the_change_column_is_signed() {
        let t = Table2::E2019(Table2019::default());
        let signed: Vec<&str> = t
            .cells()
            .into_iter()
            .filter(|c| c.signed)
            .map(|c| c.label)
            .collect();
        assert_eq!(signed.len(), 5);
        assert!(signed.iter().all(|l| l.ends_with("本年增/减")));
    }
}
