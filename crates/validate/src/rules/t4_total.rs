//! `T4-TOTAL`: in each group of table 4, 总计 = 维持 + 纠正 + 其他 + 尚未审结.

use ogi_model::table4::{COLUMNS, TOTAL_COLUMN};
use ogi_model::{Document, Message};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Rule, RuleMeta, TotalledRow, mismatch, row_total};

/// Each of 行政复议, 未经复议直接起诉 and 复议后起诉 totals its four results.
pub(crate) struct T4Total;

static META: RuleMeta = RuleMeta {
    id: "T4-TOTAL",
    severity: Severity::Error,
    summary_zh: "表四各组：总计等于结果维持、结果纠正、其他结果、尚未审结之和",
    summary_en: "Table 4, per group: 总计 = upheld + corrected + other + pending",
    rationale: "Every case ends in one of the four results or is still pending. Published \
                reports print totals of 0 beside non-zero cells.",
    bad_example: "review: [1, 1, 0, 0, 0]   # two cases, total printed as 0",
    fix: "Correct the group's 总计, or the result column that was mistyped.",
};

impl Rule for T4Total {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_report(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for (spec, row) in doc.report.table4.groups() {
            if mismatch(&row.0, TOTAL_COLUMN).is_none() {
                continue;
            }
            let row = TotalledRow {
                path: spec.path(),
                cells: &row.0,
                total: TOTAL_COLUMN,
                total_label: spec.cell_label(TOTAL_COLUMN),
                columns: &COLUMNS,
            };
            out.extend(row_total(
                &META,
                doc,
                row,
                Message::new(
                    "总计 is not the sum of the four results",
                    "总计不等于结果维持、结果纠正、其他结果、尚未审结之和",
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{doc, run, set_row};
    use ogi_model::Edition;

    #[test]
    fn group_totals_are_checked_in_both_editions() {
        for edition in [Edition::E2019, Edition::E2021] {
            let clean = doc(2020, edition, |t| {
                set_row(&t, "litigation_direct", "[1, 0, 2, 1, 4]")
            });
            assert!(run(&T4Total, &clean).is_empty());
            let broken = doc(2020, edition, |t| {
                set_row(&t, "litigation_direct", "[1, 0, 2, 1, 0]")
            });
            let found = run(&T4Total, &broken);
            assert_eq!(found.len(), 1);
            assert_eq!(
                found[0].cell.as_deref(),
                Some("表四 行政诉讼 · 未经复议直接起诉 · 总计")
            );
            assert_eq!(
                (found[0].expected.as_deref(), found[0].actual.as_deref()),
                (Some("4"), Some("0"))
            );
        }
    }
}
