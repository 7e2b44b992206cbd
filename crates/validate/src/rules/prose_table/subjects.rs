//! What the prose speaks of: the words that make a number a claim about table 3 or 4, and
//! the cells each claim is compared with.

use ogi_model::table3::{Outcome, TOTAL_COLUMN};
use ogi_model::{Count, Report};

/// Which figure of table 3 or 4 a subject restates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// A row of table 3 outside the outcomes, by key.
    Row(&'static str),
    /// The rows of an outcome of table 3, all of them.
    Outcome(Outcome),
    /// The 总计 of table 4's 行政复议.
    Review,
    /// The 总计 of both 行政诉讼 groups of table 4.
    Litigation,
    /// Columns `first..=last` of table 3's 一、本年新收 (自然人, or the five 法人或其他组织).
    Applicants(usize, usize),
}

impl Target {
    /// The cells of the target: YAML paths of the cells summed, its row's name and its
    /// column's.
    pub(super) fn cells(
        self,
        report: &Report,
    ) -> (Vec<(String, Option<Count>)>, String, &'static str) {
        let (cells, name) = match self {
            Target::Row(_) | Target::Outcome(_) => {
                let mut cells = Vec::new();
                let mut name = String::new();
                for (spec, row) in report.table3.rows() {
                    let hit = match self {
                        Target::Row(key) => spec.key == key,
                        Target::Outcome(o) => spec.outcome == Some(o),
                        _ => false,
                    };
                    if hit {
                        cells.push((
                            ogi_model::column_path(&spec.path(), TOTAL_COLUMN),
                            row.cell(TOTAL_COLUMN),
                        ));
                        name = match spec.outcome {
                            Some(o) => o.heading(),
                            None => spec.label,
                        }
                        .to_owned();
                    }
                }
                (cells, name)
            }
            Target::Applicants(first, last) => {
                let row = &report.table3.new_requests;
                let path = "table3.new_requests";
                let cells = (first..=last)
                    .map(|c| (ogi_model::column_path(path, c), row.cell(c)))
                    .collect();
                let column = if first == last {
                    ogi_model::table3::COLUMNS
                        .get(first)
                        .copied()
                        .unwrap_or("?")
                } else {
                    "法人或其他组织"
                };
                return (cells, "一、本年新收政府信息公开申请数量".to_owned(), column);
            }
            Target::Review | Target::Litigation => {
                let groups = report.table4.groups();
                let keep: &[&str] = if self == Target::Review {
                    &["review"]
                } else {
                    &["litigation_direct", "litigation_after_review"]
                };
                let cells = groups
                    .iter()
                    .filter(|(spec, _)| keep.contains(&spec.key))
                    .map(|(spec, row)| {
                        (
                            ogi_model::column_path(&spec.path(), ogi_model::table4::TOTAL_COLUMN),
                            row.0
                                .get(ogi_model::table4::TOTAL_COLUMN)
                                .copied()
                                .flatten(),
                        )
                    })
                    .collect();
                let name = if self == Target::Review {
                    "行政复议"
                } else {
                    "行政诉讼"
                };
                (cells, name.to_owned())
            }
        };
        (cells, name, "总计")
    }

    /// The sum of the target's cells, as [`Target::cells`] lists them; `None` if one is
    /// blank. Puts nothing into words.
    pub(super) fn figure(self, report: &Report) -> Option<i64> {
        let value = |c: Option<Count>| c.map(Count::get);
        match self {
            Target::Row(_) | Target::Outcome(_) => report
                .table3
                .rows()
                .iter()
                .filter(|(spec, _)| match self {
                    Target::Row(key) => spec.key == key,
                    Target::Outcome(o) => spec.outcome == Some(o),
                    _ => false,
                })
                .map(|(_, row)| value(row.cell(TOTAL_COLUMN)))
                .sum(),
            Target::Applicants(first, last) => (first..=last)
                .map(|c| value(report.table3.new_requests.cell(c)))
                .sum(),
            Target::Review | Target::Litigation => {
                let keep: &[&str] = if self == Target::Review {
                    &["review"]
                } else {
                    &["litigation_direct", "litigation_after_review"]
                };
                report
                    .table4
                    .groups()
                    .iter()
                    .filter(|(spec, _)| keep.contains(&spec.key))
                    .map(|(_, row)| {
                        value(
                            row.0
                                .get(ogi_model::table4::TOTAL_COLUMN)
                                .copied()
                                .flatten(),
                        )
                    })
                    .sum()
            }
        }
    }

    /// Table 3 or 4.
    pub(super) fn table(self) -> u8 {
        match self {
            Target::Review | Target::Litigation => 4,
            _ => 3,
        }
    }
}

/// Words that are a subject on their own, with the figure they restate: each outcome's short
/// label, which may be joined to others (予以公开及部分公开), then [`OTHER_SUBJECTS`].
pub(super) fn subjects() -> impl Iterator<Item = (&'static str, Target, bool)> {
    Outcome::ALL
        .into_iter()
        .map(|o| (o.short_label(), Target::Outcome(o), true))
        .chain(OTHER_SUBJECTS.iter().copied())
}

/// Subjects other than the outcomes; none of them is joined to another.
const OTHER_SUBJECTS: &[(&str, Target, bool)] = &[
    ("行政复议", Target::Review, false),
    ("行政诉讼", Target::Litigation, false),
    ("上年结转", Target::Row("carried_over"), false),
    ("结转上年", Target::Row("carried_over"), false),
    ("结转下年", Target::Row("carried_forward"), false),
    ("结转到下年", Target::Row("carried_forward"), false),
];

/// The word for requests: a subject only with a verb of receiving or a carry-over word in
/// its clause.
pub(super) const REQUEST: &str = "申请";

/// Applicants that make 申请 a column of the year's new requests (其中自然人申请45件).
pub(super) const APPLICANTS: &[(&str, Target)] = &[
    ("法人或其他组织", Target::Applicants(1, 5)),
    ("法人", Target::Applicants(1, 5)),
    ("自然人", Target::Applicants(0, 0)),
];

/// Verbs that make 申请 the year's new requests.
pub(super) const RECEIVED: &[&str] = &["受理", "收到", "新收", "接收", "接到", "收悉"];

/// What is not a disclosure request: a clause that names it between subject and number is
/// not a claim.
pub(super) const NOT_REQUESTS: &[&str] = &[
    "诉求", "咨询", "留言", "来信", "来电", "来访", "信访", "投诉", "举报", "建议", "提案", "热线",
];

/// Words that join outcome subjects into one figure.
pub(super) const JOINERS: &[&str] = &["以及", "及", "和", "与", "、", "或"];
