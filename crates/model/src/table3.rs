//! Table 3: requests received and handled (收到和处理政府信息公开申请情况).

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

use std::sync::OnceLock;

use crate::cell::{Cell, CellName, CellValue, column_path};
use crate::report::Edition;
use crate::value::{Count, Row};

mod outcome;
mod spec;

pub use outcome::Outcome;
use spec::{HEAD, NOT_PROCESSED, OTHER_SINGLE, OTHER_SPLIT, TAIL, UNAVAILABLE, WITHHELD};
pub use spec::{OUTCOMES_HEADING, RowRole, RowSpec};

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
    /// 三 [`Outcome::Granted`].
    pub granted: Row7,
    /// 三 [`Outcome::PartlyGranted`].
    pub partly_granted: Row7,
    /// 三 [`Outcome::Withheld`].
    pub withheld: Withheld,
    /// 三 [`Outcome::Unavailable`].
    pub unavailable: Unavailable,
    /// 三 [`Outcome::NotProcessed`].
    pub not_processed: NotProcessed,
    /// 三 [`Outcome::Other`], as one row or three sub-rows.
    pub other: OtherOutcome,
    /// 三（七）总计.
    pub total: Row7,
    /// 四、结转下年度继续办理.
    pub carried_forward: Row7,
}

/// 三 [`Outcome::Withheld`], by reason.
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

/// 三 [`Outcome::Unavailable`], by reason.
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

/// 三 [`Outcome::NotProcessed`], by reason.
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

/// 三 [`Outcome::Other`]: one row (2019 edition) or three sub-rows (2021 edition); either shape is
/// accepted in either edition, as real reports use both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
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

/// The 2021 edition's three sub-rows of 三 [`Outcome::Other`].
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

impl Table3 {
    /// Every row in template order with its spec: 23 rows, or 25 when （六） is split.
    pub fn rows(&self) -> Vec<(RowSpec, &Row7)> {
        self.row_slots().into_iter().flatten().collect()
    }

    /// Every figure in template order, row by row (7 per row), without allocating: what
    /// the page, the CSV and the cell names all walk.
    pub fn values(&self) -> impl Iterator<Item = Option<Count>> + '_ {
        self.row_slots()
            .into_iter()
            .flatten()
            .flat_map(|(_, row)| row.0)
    }

    /// The rows in template order, in a fixed array: the last two slots are empty unless
    /// （六） is split.
    fn row_slots(&self) -> [Option<(RowSpec, &Row7)>; 25] {
        let w = &self.withheld;
        let u = &self.unavailable;
        let n = &self.not_processed;
        let mut slots: [Option<(RowSpec, &Row7)>; 25] = [None; 25];
        let rows = HEAD
            .into_iter()
            .zip([
                &self.new_requests,
                &self.carried_over,
                &self.granted,
                &self.partly_granted,
            ])
            .chain(WITHHELD.into_iter().zip([
                &w.state_secret,
                &w.prohibited_by_law,
                &w.three_safeties,
                &w.third_party,
                &w.internal_affairs,
                &w.process_info,
                &w.enforcement_files,
                &w.administrative_query,
            ]))
            .chain(
                UNAVAILABLE
                    .into_iter()
                    .zip([&u.not_held, &u.needs_creation, &u.still_unclear]),
            )
            .chain(NOT_PROCESSED.into_iter().zip([
                &n.complaints,
                &n.repeated,
                &n.publications,
                &n.excessive,
                &n.confirmation,
            ]));
        let mut at = 0;
        for row in rows {
            slots[at] = Some(row);
            at += 1;
        }
        let (other, len): ([Option<(RowSpec, &Row7)>; 3], usize) = match &self.other {
            OtherOutcome::Single(row) => ([Some((OTHER_SINGLE, row)), None, None], 1),
            OtherOutcome::Split(s) => (
                [
                    Some((OTHER_SPLIT[0], &s.overdue_correction)),
                    Some((OTHER_SPLIT[1], &s.overdue_fee)),
                    Some((OTHER_SPLIT[2], &s.other)),
                ],
                3,
            ),
        };
        for row in other.into_iter().take(len) {
            slots[at] = row;
            at += 1;
        }
        for row in TAIL.into_iter().zip([&self.total, &self.carried_forward]) {
            slots[at] = Some(row);
            at += 1;
        }
        slots
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

    /// The rows `edition`'s template prints, in order: （六） as one row in the 2019
    /// edition and as three sub-rows in the 2021 edition (23 and 25 rows).
    pub fn template_specs(edition: Edition) -> Vec<RowSpec> {
        Table3::all_specs()
            .into_iter()
            .filter(|s| match (s.outcome, edition) {
                (Some(Outcome::Other), Edition::E2019) => s.group.is_none(),
                (Some(Outcome::Other), Edition::E2021) => s.group.is_some(),
                _ => true,
            })
            .collect()
    }

    /// Whether 其他处理 is split into its three rows (the 2021 edition's shape).
    pub fn split(&self) -> bool {
        matches!(self.other, OtherOutcome::Split(_))
    }

    /// The names of every cell of a table of this shape, in template order, row by row:
    /// made once per shape.
    pub fn cell_names(&self) -> &'static [CellName] {
        static NAMES: [OnceLock<Vec<CellName>>; 2] = [OnceLock::new(), OnceLock::new()];
        NAMES[usize::from(self.split())].get_or_init(|| {
            let mut names = Vec::with_capacity(25 * 7);
            for (spec, row) in self.rows() {
                let path = spec.path();
                for column in 0..row.0.len() {
                    names.push(CellName {
                        path: column_path(&path, column),
                        label: spec.cell_label(column),
                        signed: false,
                    });
                }
            }
            names
        })
    }

    /// Every cell in template order, row by row.
    pub fn cells(&self) -> Vec<Cell<'static>> {
        self.cell_names()
            .iter()
            .zip(self.values())
            .map(|(name, value)| name.cell(CellValue::Count(value)))
            .collect()
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
    fn values_walk_the_rows_in_template_order() {
        let mut t = Table3::default();
        t.total.0[6] = Count::new(9);
        t.other = OtherOutcome::Split(OtherSplit::default());
        if let OtherOutcome::Split(s) = &mut t.other {
            s.overdue_fee.0[0] = Count::new(2);
        }
        let from_rows: Vec<_> = t.rows().into_iter().flat_map(|(_, r)| r.0).collect();
        let values: Vec<_> = t.values().collect();
        assert_eq!(values, from_rows);
        assert_eq!(values.len(), 25 * 7);
        assert_eq!(
            values[23 * 7 + 6],
            Count::new(9),
            "（七）总计 is the second-last row"
        );
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
    fn the_editions_print_their_own_shape_of_other() {
        let mut t = Table3::default();
        let keys = |t: &Table3| t.rows().iter().map(|(s, _)| s.key).collect::<Vec<_>>();
        let specs = |e| {
            Table3::template_specs(e)
                .iter()
                .map(|s| s.key)
                .collect::<Vec<_>>()
        };
        assert_eq!(specs(Edition::E2019), keys(&t));
        t.other = OtherOutcome::Split(OtherSplit::default());
        assert_eq!(specs(Edition::E2021), keys(&t));
    }

    #[test]
    fn every_outcome_row_is_named_by_its_outcome() {
        for spec in Table3::all_specs() {
            assert_eq!(
                spec.outcome.is_some(),
                spec.role == RowRole::Outcome,
                "{}",
                spec.key
            );
            if let Some(o) = spec.outcome {
                let top = spec.key.split('.').next().unwrap_or_default();
                assert_eq!(top, o.key(), "{}", spec.key);
                assert_eq!(spec.group.is_some(), spec.key.contains('.'));
                assert!(spec.group.is_none_or(|g| g == o.heading()));
            }
        }
        let outcomes: Vec<Outcome> =
            Table3::all_specs()
                .iter()
                .filter_map(|s| s.outcome)
                .fold(Vec::new(), |mut v, o| {
                    if v.last() != Some(&o) {
                        v.push(o);
                    }
                    v
                });
        assert_eq!(outcomes, Outcome::ALL, "outcome rows in template order");
    }

    #[test]
    fn labels_use_the_template_words() {
        let t = Table3::default();
        let labels: Vec<&str> = t.cells().into_iter().map(|c| c.label).collect();
        assert!(labels.contains(&"表三 （七）总计 · 自然人"));
        assert!(labels.contains(&"表三 （三）不予公开 · 4.保护第三方合法权益 · 自然人"));
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
