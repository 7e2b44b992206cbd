//! `T3-BALANCE`: table 3's corner rule, 一 + 二 = （七）总计 + 四, per column.

use ogi_model::table3::COLUMNS;
use ogi_model::{Document, Message, column_path};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Rule, RuleMeta, sum};

/// Requests received this year plus those carried over equal those handled plus those
/// carried forward, in every applicant column.
pub(crate) struct T3Balance;

static META: RuleMeta = RuleMeta {
    id: "T3-BALANCE",
    severity: Severity::Error,
    summary_zh: "表三每列：第一项加第二项之和，等于第三项加第四项之和",
    summary_en: "Table 3, per column: new + carried over = handled (（七）总计) + carried forward",
    rationale: "The template prints this relation in the table's corner. Every request received or \
                carried over must end the year either handled or carried forward; a gap means a \
                request was lost or counted twice.",
    bad_example: "new_requests:    [4, 0, 0, 0, 0, 0, 4]\ncarried_over:    [0, 0, 0, 0, 0, 0, 0]\ntotal:           [3, 0, 0, 0, 0, 0, 3]\ncarried_forward: [0, 0, 0, 0, 0, 0, 0]",
    fix: "Recount the column: either an outcome is missing from （七）总计 or the carried-forward \
          figure (四) is wrong.",
};

impl Rule for T3Balance {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_report(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let t = &doc.report.table3;
        for (c, column) in COLUMNS.iter().enumerate() {
            let (new, over, total, forward) = (
                t.new_requests.cell(c),
                t.carried_over.cell(c),
                t.total.cell(c),
                t.carried_forward.cell(c),
            );
            let (Some(input), Some(handled), Some(fwd)) = (sum([new, over]), total, forward) else {
                continue;
            };
            if input == handled.get() + fwd.get() {
                continue;
            }
            let path = |row: &str| column_path(&format!("table3.{row}"), c);
            out.push(
                Diagnostic::new(
                    META.id,
                    META.severity,
                    &doc.path,
                    Message::new(
                        "一 + 二 does not equal （七）总计 + 四",
                        "一、二两项之和不等于（七）总计与四之和",
                    ),
                )
                .at_cell(doc, &path("total"), format!("表三 （七）总计 · {column}"))
                .expected(input - fwd.get(), handled)
                .label(
                    doc,
                    &path("new_requests"),
                    Message::same(format!("一、本年新收 = {}", new.map_or(0, |v| v.get()))),
                )
                .label(
                    doc,
                    &path("carried_over"),
                    Message::same(format!("二、上年结转 = {}", over.map_or(0, |v| v.get()))),
                )
                .label(
                    doc,
                    &path("carried_forward"),
                    Message::same(format!("四、结转下年度 = {fwd}")),
                )
                .note(Message::new(
                    format!(
                        "{column}: 一 + 二 = {input}, （七） + 四 = {}",
                        handled.get() + fwd.get()
                    ),
                    format!(
                        "{column}：一 + 二 = {input}，（七） + 四 = {}",
                        handled.get() + fwd.get()
                    ),
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{doc, run, set_row};
    use ogi_model::Edition;

    #[test]
    fn balanced_columns_pass_and_a_gap_is_reported_at_the_total() {
        for edition in [Edition::E2019, Edition::E2021] {
            let clean = doc(2020, edition, |t| {
                let t = set_row(&t, "new_requests", "[3, 1, 0, 0, 0, 0, 4]");
                let t = set_row(&t, "granted", "[2, 1, 0, 0, 0, 0, 3]");
                let t = set_row(&t, "total", "[2, 1, 0, 0, 0, 0, 3]");
                set_row(&t, "carried_forward", "[1, 0, 0, 0, 0, 0, 1]")
            });
            assert!(run(&T3Balance, &clean).is_empty());
            let broken = doc(2020, edition, |t| {
                set_row(&t, "new_requests", "[1, 0, 0, 0, 0, 0, 1]")
            });
            let found = run(&T3Balance, &broken);
            assert_eq!(found.len(), 2, "{found:#?}");
            assert_eq!(found[0].cell.as_deref(), Some("表三 （七）总计 · 自然人"));
            assert_eq!(
                (found[0].expected.as_deref(), found[0].actual.as_deref()),
                (Some("1"), Some("0"))
            );
        }
    }
}
