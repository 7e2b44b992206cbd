//! Table 3: requests received and handled (收到和处理政府信息公开申请情况).

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::cell::{Cell, CellValue, column_path};
use crate::value::Row;

/// A row of table 3: seven numbers in template order (see [`COLUMNS`]).
pub type Row7 = Row<7>;

/// The seven columns of table 3, in template order.
pub const COLUMNS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// Index of the 总计 column.
pub const TOTAL_COLUMN: usize = 6;

/// Table 3 as its rows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Table3 {
    /// 一、本年新收政府信息公开申请数量.
    pub new_requests: Row7,
    /// 二、上年结转政府信息公开申请数量.
    pub carried_over: Row7,
    /// 三（一）予以公开.
    pub granted: Row7,
    /// 三（二）部分公开.
    pub partly_granted: Row7,
    /// 三（三）不予公开.
    pub withheld: Withheld,
    /// 三（四）无法提供.
    pub unavailable: Unavailable,
    /// 三（五）不予处理.
    pub not_processed: NotProcessed,
    /// 三（六）其他处理, as one row or three sub-rows.
    pub other: OtherOutcome,
    /// 三（七）总计.
    pub total: Row7,
    /// 四、结转下年度继续办理.
    pub carried_forward: Row7,
}

/// 三（三）不予公开, by reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Withheld {
    /// 1.属于国家秘密.
    pub state_secret: Row7,
    /// 2.其他法律行政法规禁止公开.
    pub prohibited_by_law: Row7,
    /// 3.危及“三安全一稳定”.
    pub three_safeties: Row7,
    /// 4.保护第三方合法权益.
    pub third_party: Row7,
    /// 5.属于三类内部事务信息.
    pub internal_affairs: Row7,
    /// 6.属于四类过程性信息.
    pub process_info: Row7,
    /// 7.属于行政执法案卷.
    pub enforcement_files: Row7,
    /// 8.属于行政查询事项.
    pub administrative_query: Row7,
}

/// 三（四）无法提供, by reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Unavailable {
    /// 1.本机关不掌握相关政府信息.
    pub not_held: Row7,
    /// 2.没有现成信息需要另行制作.
    pub needs_creation: Row7,
    /// 3.补正后申请内容仍不明确.
    pub still_unclear: Row7,
}

/// 三（五）不予处理, by reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NotProcessed {
    /// 1.信访举报投诉类申请.
    pub complaints: Row7,
    /// 2.重复申请.
    pub repeated: Row7,
    /// 3.要求提供公开出版物.
    pub publications: Row7,
    /// 4.无正当理由大量反复申请.
    pub excessive: Row7,
    /// 5.要求行政机关确认或重新出具已获取信息.
    pub confirmation: Row7,
}

/// 三（六）其他处理: one row (2019 edition) or three sub-rows (2021 edition); either shape is
/// accepted in either edition, as real reports use both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[expect(
    clippy::large_enum_variant,
    reason = "a table lives inline in its report; a box would add an allocation per report"
)]
pub enum OtherOutcome {
    /// A single row.
    Single(Row7),
    /// The 2021 edition's three sub-rows.
    Split(OtherSplit),
}

impl Default for OtherOutcome {
    fn default() -> Self {
        OtherOutcome::Single(Row7::default())
    }
}

/// The 2021 edition's three sub-rows of 三（六）其他处理.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OtherSplit {
    /// 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请.
    pub overdue_correction: Row7,
    /// 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请.
    pub overdue_fee: Row7,
    /// 3.其他.
    pub other: Row7,
}

impl<'de> Deserialize<'de> for OtherOutcome {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<OtherOutcome, D::Error> {
        struct Shape;
        impl<'de> Visitor<'de> for Shape {
            type Value = OtherOutcome;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a row of 7 numbers, or the three sub-rows overdue_correction, overdue_fee and other",
                )
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<OtherOutcome, A::Error> {
                Row7::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(OtherOutcome::Single)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<OtherOutcome, A::Error> {
                OtherSplit::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(OtherOutcome::Split)
            }
        }
        d.deserialize_any(Shape)
    }
}

/// What a row of table 3 stands for in the consistency relations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowRole {
    /// 一、本年新收.
    NewRequests,
    /// 二、上年结转.
    CarriedOver,
    /// A leaf of 三、本年度办理结果, counted into （七）总计.
    Outcome,
    /// 三（七）总计.
    Total,
    /// 四、结转下年度继续办理.
    CarriedForward,
}

/// A row of table 3 as the template prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowSpec {
    /// YAML path below `table3`, such as `withheld.third_party`.
    pub key: &'static str,
    /// The outcome group, such as `（三）不予公开`, if the row belongs to one.
    pub group: Option<&'static str>,
    /// The row's own label, such as `4.保护第三方合法权益`.
    pub label: &'static str,
    /// Its part in the consistency relations.
    pub role: RowRole,
}

impl RowSpec {
    /// The row label in full: group and item, such as `（三）不予公开 · 4.保护第三方合法权益`.
    pub fn full_label(&self) -> String {
        match self.group {
            Some(group) => format!("{group} · {}", self.label),
            None => self.label.to_owned(),
        }
    }

    /// The YAML path of the row, such as `table3.withheld.third_party`.
    pub fn path(&self) -> String {
        format!("table3.{}", self.key)
    }

    /// The label of the cell in `column`, such as `表三 （七）总计 · 自然人`.
    pub fn cell_label(&self, column: usize) -> String {
        format!(
            "表三 {} · {}",
            self.full_label(),
            COLUMNS.get(column).copied().unwrap_or("?")
        )
    }
}

const fn spec(
    key: &'static str,
    group: Option<&'static str>,
    label: &'static str,
    role: RowRole,
) -> RowSpec {
    RowSpec {
        key,
        group,
        label,
        role,
    }
}

const G3: Option<&str> = Some("（三）不予公开");
const G4: Option<&str> = Some("（四）无法提供");
const G5: Option<&str> = Some("（五）不予处理");
const G6: Option<&str> = Some("（六）其他处理");
use RowRole::{CarriedForward, CarriedOver, NewRequests, Outcome, Total};

const HEAD: [RowSpec; 4] = [
    spec(
        "new_requests",
        None,
        "一、本年新收政府信息公开申请数量",
        NewRequests,
    ),
    spec(
        "carried_over",
        None,
        "二、上年结转政府信息公开申请数量",
        CarriedOver,
    ),
    spec("granted", None, "（一）予以公开", Outcome),
    spec(
        "partly_granted",
        None,
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        Outcome,
    ),
];
const WITHHELD: [RowSpec; 8] = [
    spec("withheld.state_secret", G3, "1.属于国家秘密", Outcome),
    spec(
        "withheld.prohibited_by_law",
        G3,
        "2.其他法律行政法规禁止公开",
        Outcome,
    ),
    spec(
        "withheld.three_safeties",
        G3,
        "3.危及“三安全一稳定”",
        Outcome,
    ),
    spec("withheld.third_party", G3, "4.保护第三方合法权益", Outcome),
    spec(
        "withheld.internal_affairs",
        G3,
        "5.属于三类内部事务信息",
        Outcome,
    ),
    spec("withheld.process_info", G3, "6.属于四类过程性信息", Outcome),
    spec(
        "withheld.enforcement_files",
        G3,
        "7.属于行政执法案卷",
        Outcome,
    ),
    spec(
        "withheld.administrative_query",
        G3,
        "8.属于行政查询事项",
        Outcome,
    ),
];
const UNAVAILABLE: [RowSpec; 3] = [
    spec(
        "unavailable.not_held",
        G4,
        "1.本机关不掌握相关政府信息",
        Outcome,
    ),
    spec(
        "unavailable.needs_creation",
        G4,
        "2.没有现成信息需要另行制作",
        Outcome,
    ),
    spec(
        "unavailable.still_unclear",
        G4,
        "3.补正后申请内容仍不明确",
        Outcome,
    ),
];
const NOT_PROCESSED: [RowSpec; 5] = [
    spec(
        "not_processed.complaints",
        G5,
        "1.信访举报投诉类申请",
        Outcome,
    ),
    spec("not_processed.repeated", G5, "2.重复申请", Outcome),
    spec(
        "not_processed.publications",
        G5,
        "3.要求提供公开出版物",
        Outcome,
    ),
    spec(
        "not_processed.excessive",
        G5,
        "4.无正当理由大量反复申请",
        Outcome,
    ),
    spec(
        "not_processed.confirmation",
        G5,
        "5.要求行政机关确认或重新出具已获取信息",
        Outcome,
    ),
];
const OTHER_SINGLE: RowSpec = spec("other", None, "（六）其他处理", Outcome);
const OTHER_SPLIT: [RowSpec; 3] = [
    spec(
        "other.overdue_correction",
        G6,
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        Outcome,
    ),
    spec(
        "other.overdue_fee",
        G6,
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        Outcome,
    ),
    spec("other.other", G6, "3.其他", Outcome),
];
const TAIL: [RowSpec; 2] = [
    spec("total", None, "（七）总计", Total),
    spec(
        "carried_forward",
        None,
        "四、结转下年度继续办理",
        CarriedForward,
    ),
];

impl Table3 {
    /// Every row in template order with its spec: 23 rows, or 25 when （六） is split.
    pub fn rows(&self) -> Vec<(RowSpec, &Row7)> {
        let w = &self.withheld;
        let u = &self.unavailable;
        let n = &self.not_processed;
        let mut rows: Vec<(RowSpec, &Row7)> = Vec::with_capacity(25);
        rows.extend(HEAD.into_iter().zip([
            &self.new_requests,
            &self.carried_over,
            &self.granted,
            &self.partly_granted,
        ]));
        rows.extend(WITHHELD.into_iter().zip([
            &w.state_secret,
            &w.prohibited_by_law,
            &w.three_safeties,
            &w.third_party,
            &w.internal_affairs,
            &w.process_info,
            &w.enforcement_files,
            &w.administrative_query,
        ]));
        rows.extend(UNAVAILABLE.into_iter().zip([
            &u.not_held,
            &u.needs_creation,
            &u.still_unclear,
        ]));
        rows.extend(NOT_PROCESSED.into_iter().zip([
            &n.complaints,
            &n.repeated,
            &n.publications,
            &n.excessive,
            &n.confirmation,
        ]));
        match &self.other {
            OtherOutcome::Single(row) => rows.push((OTHER_SINGLE, row)),
            OtherOutcome::Split(s) => rows.extend(OTHER_SPLIT.into_iter().zip([
                &s.overdue_correction,
                &s.overdue_fee,
                &s.other,
            ])),
        }
        rows.extend(TAIL.into_iter().zip([&self.total, &self.carried_forward]));
        rows
    }

    /// The row at `key` (a [`RowSpec::key`] such as `withheld.third_party`), for writers
    /// that fill a table row by row; `None` for a key of the other shape of （六）.
    pub fn row_mut(&mut self, key: &str) -> Option<&mut Row7> {
        let (w, u, n) = (
            &mut self.withheld,
            &mut self.unavailable,
            &mut self.not_processed,
        );
        Some(match key {
            "new_requests" => &mut self.new_requests,
            "carried_over" => &mut self.carried_over,
            "granted" => &mut self.granted,
            "partly_granted" => &mut self.partly_granted,
            "withheld.state_secret" => &mut w.state_secret,
            "withheld.prohibited_by_law" => &mut w.prohibited_by_law,
            "withheld.three_safeties" => &mut w.three_safeties,
            "withheld.third_party" => &mut w.third_party,
            "withheld.internal_affairs" => &mut w.internal_affairs,
            "withheld.process_info" => &mut w.process_info,
            "withheld.enforcement_files" => &mut w.enforcement_files,
            "withheld.administrative_query" => &mut w.administrative_query,
            "unavailable.not_held" => &mut u.not_held,
            "unavailable.needs_creation" => &mut u.needs_creation,
            "unavailable.still_unclear" => &mut u.still_unclear,
            "not_processed.complaints" => &mut n.complaints,
            "not_processed.repeated" => &mut n.repeated,
            "not_processed.publications" => &mut n.publications,
            "not_processed.excessive" => &mut n.excessive,
            "not_processed.confirmation" => &mut n.confirmation,
            "total" => &mut self.total,
            "carried_forward" => &mut self.carried_forward,
            other => match (&mut self.other, other) {
                (OtherOutcome::Single(row), "other") => row,
                (OtherOutcome::Split(s), "other.overdue_correction") => &mut s.overdue_correction,
                (OtherOutcome::Split(s), "other.overdue_fee") => &mut s.overdue_fee,
                (OtherOutcome::Split(s), "other.other") => &mut s.other,
                _ => return None,
            },
        })
    }

    /// The specs of every row of both shapes of （六）, in template order: what a reader of a
    /// published table may meet.
    pub fn all_specs() -> Vec<RowSpec> {
        let mut specs: Vec<RowSpec> = HEAD.to_vec();
        specs.extend(WITHHELD);
        specs.extend(UNAVAILABLE);
        specs.extend(NOT_PROCESSED);
        specs.push(OTHER_SINGLE);
        specs.extend(OTHER_SPLIT);
        specs.extend(TAIL);
        specs
    }

    /// Every cell in template order, row by row.
    pub fn cells(&self) -> Vec<Cell<'static>> {
        let mut cells = Vec::with_capacity(25 * 7);
        for (spec, row) in self.rows() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_counts_match_both_shapes_of_the_template() {
        let mut t = Table3::default();
        assert_eq!(t.rows().len(), 23);
        t.other = OtherOutcome::Split(OtherSplit::default());
        assert_eq!(t.rows().len(), 25);
        assert_eq!(t.cells().len(), 25 * 7);
    }

    #[test]
    fn every_row_is_reachable_by_its_key() {
        for split in [false, true] {
            let mut t = Table3::default();
            if split {
                t.other = OtherOutcome::Split(OtherSplit::default());
            }
            let keys: Vec<&str> = t.rows().iter().map(|(s, _)| s.key).collect();
            for key in keys {
                t.row_mut(key).expect(key).0[0] = None;
            }
            assert!(t.rows().iter().all(|(_, r)| r.0[0].is_none()));
        }
        assert_eq!(Table3::all_specs().len(), 26);
    }

    #[test]
    fn labels_use_the_template_words() {
        let t = Table3::default();
        let labels: Vec<String> = t.cells().into_iter().map(|c| c.label).collect();
        assert!(labels.contains(&"表三 （七）总计 · 自然人".to_owned()));
        assert!(labels.contains(&"表三 （三）不予公开 · 4.保护第三方合法权益 · 自然人".to_owned()));
    }

    #[test]
    fn other_outcome_accepts_a_row_or_sub_rows() {
        let single: OtherOutcome = serde_yaml::from_str("[0, 0, 0, 0, 0, 0, 0]").unwrap();
        assert!(matches!(single, OtherOutcome::Single(_)));
        let split: OtherOutcome = serde_yaml::from_str(
            "overdue_correction: [0, 0, 0, 0, 0, 0, 0]\noverdue_fee: [0, 0, 0, 0, 0, 0, 0]\nother: [1, 0, 0, 0, 0, 0, 1]",
        )
        .unwrap();
        assert!(matches!(split, OtherOutcome::Split(_)));
        let wrong = serde_yaml::from_str::<OtherOutcome>("overdue: [0]")
            .unwrap_err()
            .to_string();
        assert!(wrong.contains("unknown field `overdue`"), "{wrong}");
    }
}
