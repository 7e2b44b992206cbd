//! `T3-OUTCOMES`: （七）总计 is the sum of every outcome （一）–（六）, per column.

use ogi_model::table3::{COLUMNS, RowRole};
use ogi_model::{Document, Message, column_path};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Rule, RuleMeta, sum};

/// （七）总计 = （一） + （二） + all of （三） + all of （四） + all of （五） + （六）.
pub(crate) struct T3Outcomes;

static META: RuleMeta = RuleMeta {
    id: "T3-OUTCOMES",
    severity: Severity::Error,
    summary_zh: "表三每列：（七）总计等于（一）至（六）各项办理结果之和",
    summary_en: "Table 3, per column: （七）总计 = the sum of outcomes （一） to （六）, sub-rows included",
    rationale: "（七）总计 counts the requests handled this year; each was handled in exactly one \
                way. Published reports often print a total that is not the sum of its items.",
    bad_example: "granted:  [1, 0, 0, 0, 0, 0, 1]\nwithheld: {third_party: [1, 0, 0, 0, 0, 0, 1], ...}\ntotal:    [1, 0, 0, 0, 0, 0, 1]   # should be 2",
    fix: "Add up the outcome rows of the column again and correct （七）总计 or the outcome that is wrong.",
};

impl Rule for T3Outcomes {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_report(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let rows = doc.report.table3.rows();
        let outcomes: Vec<_> = rows
            .iter()
            .filter(|(spec, _)| spec.role == RowRole::Outcome)
            .collect();
        for (c, column) in COLUMNS.iter().enumerate() {
            let (Some(parts), Some(total)) = (
                sum(outcomes.iter().map(|(_, row)| row.cell(c))),
                doc.report.table3.total.cell(c),
            ) else {
                continue;
            };
            if parts == total.get() {
                continue;
            }
            let mut d = Diagnostic::new(
                META.id,
                META.severity,
                &doc.path,
                Message::new(
                    "（七）总计 is not the sum of the outcomes （一）–（六）",
                    "（七）总计不等于（一）至（六）各项办理结果之和",
                ),
            )
            .at_cell(
                doc,
                &column_path("table3.total", c),
                format!("表三 （七）总计 · {column}"),
            )
            .expected(parts, total);
            for (spec, row) in &outcomes {
                if let Some(v) = row.cell(c).filter(|v| v.get() != 0) {
                    d = d.label(
                        doc,
                        &column_path(&spec.path(), c),
                        Message::same(format!("{} = {v}", spec.full_label())),
                    );
                }
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{doc, run, set_row};
    use ogi_model::Edition;

    #[test]
    fn outcomes_add_up_in_both_shapes_of_other() {
        // 2019 edition: （六） is one row; 2021 edition: three sub-rows.
        for (edition, other_key) in [(Edition::E2019, "other"), (Edition::E2021, "overdue_fee")] {
            let fill = |t: String, total: &str| {
                let t = set_row(&t, "new_requests", "[3, 0, 0, 0, 0, 0, 3]");
                let t = set_row(&t, "third_party", "[1, 0, 0, 0, 0, 0, 1]");
                let t = set_row(&t, other_key, "[2, 0, 0, 0, 0, 0, 2]");
                set_row(&t, "total", total)
            };
            let clean = doc(2020, edition, |t| fill(t, "[3, 0, 0, 0, 0, 0, 3]"));
            assert!(run(&T3Outcomes, &clean).is_empty(), "{edition:?}");
            let broken = doc(2020, edition, |t| fill(t, "[1, 0, 0, 0, 0, 0, 1]"));
            let found = run(&T3Outcomes, &broken);
            assert_eq!(found.len(), 2, "{found:#?}");
            assert_eq!(
                (found[0].expected.as_deref(), found[0].actual.as_deref()),
                (Some("3"), Some("1"))
            );
            assert_eq!(found[0].labels.len(), 2);
        }
    }
}
