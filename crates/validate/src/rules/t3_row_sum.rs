//! `T3-ROW-SUM`: in every row of table 3, 总计 is the sum of the six applicant columns.

use ogi_model::table3::{COLUMNS, TOTAL_COLUMN};
use ogi_model::{Document, Message};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Rule, RuleMeta, TotalledRow, mismatch, row_total};

/// 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他, per row.
pub(crate) struct T3RowSum;

static META: RuleMeta = RuleMeta {
    id: "T3-ROW-SUM",
    severity: Severity::Error,
    summary_zh: "表三每行：总计等于自然人与五类法人或其他组织之和",
    summary_en: "Table 3, per row: 总计 = natural persons + the five kinds of legal persons",
    rationale: "The 总计 column has no other source than the six columns beside it; a row whose \
                total differs has a typo in one of its seven numbers.",
    bad_example: "granted: [1, 1, 0, 0, 0, 0, 1]   # 1 + 1 is 2, not 1",
    fix: "Correct the total, or the applicant column that was mistyped.",
};

impl Rule for T3RowSum {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_report(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for (spec, row) in doc.report.table3.rows() {
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
                    "总计 is not the sum of the six applicant columns",
                    "总计不等于自然人与五类法人或其他组织之和",
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
    fn row_totals_are_checked_in_both_editions() {
        for edition in [Edition::E2019, Edition::E2021] {
            let clean = doc(2021, edition, |t| {
                set_row(&t, "complaints", "[2, 0, 1, 0, 0, 0, 3]")
            });
            assert!(run(&T3RowSum, &clean).is_empty());
            let broken = doc(2021, edition, |t| {
                set_row(&t, "complaints", "[2, 0, 1, 0, 0, 0, 2]")
            });
            let found = run(&T3RowSum, &broken);
            assert_eq!(found.len(), 1);
            assert_eq!(
                found[0].cell.as_deref(),
                Some("表三 （五）不予处理 · 1.信访举报投诉类申请 · 总计")
            );
            assert_eq!(found[0].labels.len(), 2);
        }
    }

    #[test]
    fn a_blank_cell_is_not_evaluated() {
        let blank = doc(2020, Edition::E2019, |t| {
            set_row(&t, "granted", "[1, ~, 0, 0, 0, 0, 2]")
        });
        assert!(run(&T3RowSum, &blank).is_empty());
    }
}
