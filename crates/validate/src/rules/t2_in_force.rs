//! `T2-IN-FORCE`: 2021 edition, documents in force carry over from year to year.

use ogi_model::table2::RowKind;
use ogi_model::{Document, Edition, Message, column_path};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Rule, RuleMeta, consecutive_years};

/// 现行有效件数(Y) = 现行有效件数(Y − 1) + 本年制发件数(Y) − 本年废止件数(Y).
pub(crate) struct T2InForce;

static META: RuleMeta = RuleMeta {
    id: "T2-IN-FORCE",
    severity: Severity::Warning,
    summary_zh: "2021版表二：现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数",
    summary_en: "2021 edition, table 2: in force = last year's in force + issued − repealed",
    rationale: "Regulations and normative documents in force change only by issue and repeal. \
                A warning: clean-ups of old documents break it legitimately.",
    bad_example: "# 2021.yaml\nregulations: [0, 0, 5]\n# 2022.yaml\nregulations: [2, 1, 5]   # 5 + 2 − 1 = 6",
    fix: "Check the count of documents in force in both years; explain a clean-up in section 六.",
};

impl Rule for T2InForce {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_archive(&self, docs: &[&Document], out: &mut Vec<Diagnostic>) {
        for (prev, doc) in consecutive_years(docs) {
            if prev.report.table2.edition() != Edition::E2021
                || doc.report.table2.edition() != Edition::E2021
            {
                continue;
            }
            let rows = prev.report.table2.rows().zip(doc.report.table2.rows());
            for (b, n) in rows.filter(|(_, n)| n.spec.kind == RowKind::InForce) {
                let spec = n.spec;
                let (Some(last), Some(issued), Some(repealed), Some(in_force)) =
                    (b.count(2), n.count(0), n.count(1), n.count(2))
                else {
                    continue;
                };
                let expected = last.get() + issued.get() - repealed.get();
                if expected == in_force.get() {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        META.id,
                        META.severity,
                        &doc.path,
                        Message::new(
                            format!("现行有效件数 does not follow from {}'s", prev.report.year),
                            format!("现行有效件数与{}年度报告不衔接", prev.report.year),
                        ),
                    )
                    .at_cell(doc, &column_path(&spec.path(), 2), spec.cell_label(2))
                    .expected(expected, in_force)
                    .note(Message::new(
                        format!(
                            "{} in force {last} + issued {issued} − repealed {repealed} = {expected}",
                            prev.report.year
                        ),
                        format!(
                            "{}年现行有效件数 {last} + 本年制发件数 {issued} − 本年废止件数 {repealed} = {expected}",
                            prev.report.year
                        ),
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{doc, run_all, set_row};

    #[test]
    fn in_force_counts_follow_issue_and_repeal() {
        let y = |year, row: &'static str| {
            doc(year, Edition::E2021, move |t| {
                set_row(&t, "regulations", row)
            })
        };
        let series = [
            y(2021, "[1, 0, 5]"),
            y(2022, "[2, 1, 6]"),
            y(2023, "[0, 0, 7]"),
        ];
        let found = run_all(&T2InForce, &series);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].file.ends_with("2023.yaml"));
        assert_eq!(
            (found[0].expected.as_deref(), found[0].actual.as_deref()),
            (Some("6"), Some("7"))
        );
        assert!(run_all(&T2InForce, &series[..2]).is_empty());
    }

    #[test]
    fn the_2019_edition_is_not_compared() {
        let series = [
            doc(2019, Edition::E2019, |t| t),
            doc(2020, Edition::E2019, |t| {
                set_row(&t, "regulations", "[1, 1, 9]")
            }),
        ];
        assert!(run_all(&T2InForce, &series).is_empty());
    }
}
