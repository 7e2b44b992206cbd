//! The rows of table 3 as the template prints them: key, group, label, role and outcome,
//! in template order.

use super::{COLUMNS, Outcome};
use Outcome::{Granted, NotProcessed, Other, PartlyGranted, Unavailable, Withheld};

/// The label of the rows （一） to （七）: 三、本年度办理结果.
pub const OUTCOMES_HEADING: &str = "三、本年度办理结果";

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
    /// The outcome group, such as `（三）不予公开` ([`Outcome::heading`]), if the row
    /// belongs to one.
    pub group: Option<&'static str>,
    /// The row's own label, such as `4.保护第三方合法权益`.
    pub label: &'static str,
    /// Its part in the consistency relations.
    pub role: RowRole,
    /// The outcome the row counts, for the rows of role [`RowRole::Outcome`].
    pub outcome: Option<Outcome>,
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

/// A row outside 三、本年度办理结果's outcomes.
const fn row(key: &'static str, label: &'static str, role: RowRole) -> RowSpec {
    RowSpec {
        key,
        group: None,
        label,
        role,
        outcome: None,
    }
}

/// The row of an outcome printed as one row: its key and label are the outcome's.
const fn single(outcome: Outcome) -> RowSpec {
    RowSpec {
        key: outcome.key(),
        group: None,
        label: outcome.label(),
        role: RowRole::Outcome,
        outcome: Some(outcome),
    }
}

/// A sub-row of `outcome`'s group: the reason `label`, at `key` (which starts with the
/// outcome's key).
const fn reason(outcome: Outcome, key: &'static str, label: &'static str) -> RowSpec {
    RowSpec {
        key,
        group: Some(outcome.heading()),
        label,
        role: RowRole::Outcome,
        outcome: Some(outcome),
    }
}

pub(super) const HEAD: [RowSpec; 4] = [
    row(
        "new_requests",
        "一、本年新收政府信息公开申请数量",
        RowRole::NewRequests,
    ),
    row(
        "carried_over",
        "二、上年结转政府信息公开申请数量",
        RowRole::CarriedOver,
    ),
    single(Granted),
    single(PartlyGranted),
];
pub(super) const WITHHELD: [RowSpec; 8] = [
    reason(Withheld, "withheld.state_secret", "1.属于国家秘密"),
    reason(
        Withheld,
        "withheld.prohibited_by_law",
        "2.其他法律行政法规禁止公开",
    ),
    reason(Withheld, "withheld.three_safeties", "3.危及“三安全一稳定”"),
    reason(Withheld, "withheld.third_party", "4.保护第三方合法权益"),
    reason(
        Withheld,
        "withheld.internal_affairs",
        "5.属于三类内部事务信息",
    ),
    reason(Withheld, "withheld.process_info", "6.属于四类过程性信息"),
    reason(Withheld, "withheld.enforcement_files", "7.属于行政执法案卷"),
    reason(
        Withheld,
        "withheld.administrative_query",
        "8.属于行政查询事项",
    ),
];
pub(super) const UNAVAILABLE: [RowSpec; 3] = [
    reason(
        Unavailable,
        "unavailable.not_held",
        "1.本机关不掌握相关政府信息",
    ),
    reason(
        Unavailable,
        "unavailable.needs_creation",
        "2.没有现成信息需要另行制作",
    ),
    reason(
        Unavailable,
        "unavailable.still_unclear",
        "3.补正后申请内容仍不明确",
    ),
];
pub(super) const NOT_PROCESSED: [RowSpec; 5] = [
    reason(
        NotProcessed,
        "not_processed.complaints",
        "1.信访举报投诉类申请",
    ),
    reason(NotProcessed, "not_processed.repeated", "2.重复申请"),
    reason(
        NotProcessed,
        "not_processed.publications",
        "3.要求提供公开出版物",
    ),
    reason(
        NotProcessed,
        "not_processed.excessive",
        "4.无正当理由大量反复申请",
    ),
    reason(
        NotProcessed,
        "not_processed.confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
    ),
];
pub(super) const OTHER_SINGLE: RowSpec = single(Other);
pub(super) const OTHER_SPLIT: [RowSpec; 3] = [
    reason(
        Other,
        "other.overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    reason(
        Other,
        "other.overdue_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    reason(Other, "other.other", "3.其他"),
];
pub(super) const TAIL: [RowSpec; 2] = [
    row("total", "（七）总计", RowRole::Total),
    row(
        "carried_forward",
        "四、结转下年度继续办理",
        RowRole::CarriedForward,
    ),
];
