//! `CARRY-OVER`: this year's 上年结转 equals last year's 结转下年度继续办理.

use ogi_model::table3::COLUMNS;
use ogi_model::{Document, Message, column_path};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Rule, RuleMeta, beside, consecutive_years};

/// 二、上年结转 (year Y) = 四、结转下年度继续办理 (year Y − 1), per column, for the same body.
pub(crate) struct CarryOver;

static META: RuleMeta = RuleMeta {
    id: "CARRY-OVER",
    severity: Severity::Warning,
    summary_zh: "本年“上年结转”应等于上一年度报告的“结转下年度继续办理”",
    summary_en: "Table 3: carried over this year = carried forward in last year's report, per column",
    rationale: "Requests still open at the end of one year are the ones carried into the next. \
                A warning, not an error: real archives break it after clean-ups and corrections.",
    bad_example: "# 2020.yaml\ncarried_forward: [2, 0, 0, 0, 0, 0, 2]\n# 2021.yaml\ncarried_over:    [0, 0, 0, 0, 0, 0, 0]",
    fix: "Check both years' reports; if last year's figure was corrected, say so in section 六.",
};

impl Rule for CarryOver {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_archive(&self, docs: &[&Document], out: &mut Vec<Diagnostic>) {
        for (prev, doc) in consecutive_years(docs) {
            for (c, column) in COLUMNS.iter().enumerate() {
                let (Some(before), Some(now)) = (
                    prev.report.table3.carried_forward.cell(c),
                    doc.report.table3.carried_over.cell(c),
                ) else {
                    continue;
                };
                if before == now {
                    continue;
                }
                let path = column_path("table3.carried_forward", c);
                let line = prev.span(&path).map_or(0, |s| s.line);
                out.push(
                    Diagnostic::new(
                        META.id,
                        META.severity,
                        &doc.path,
                        Message::new(
                            format!(
                                "上年结转 differs from {}'s 结转下年度继续办理",
                                prev.report.year
                            ),
                            format!(
                                "上年结转与{}年度报告的“结转下年度继续办理”不一致",
                                prev.report.year
                            ),
                        ),
                    )
                    .at_cell(
                        doc,
                        &column_path("table3.carried_over", c),
                        format!("表三 二、上年结转政府信息公开申请数量 · {column}"),
                    )
                    .expected(before, now)
                    .note(Message::same(format!(
                        "{}:{line}: 四、结转下年度继续办理 · {column} = {before}",
                        beside(&doc.path, &prev.path)
                    ))),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{doc, run_all, set_row};
    use ogi_model::Edition;

    #[test]
    fn carry_over_is_compared_across_consecutive_years() {
        let y2019 = doc(2019, Edition::E2019, |t| {
            let t = set_row(&t, "new_requests", "[2, 0, 0, 0, 0, 0, 2]");
            set_row(&t, "carried_forward", "[2, 0, 0, 0, 0, 0, 2]")
        });
        let y2020 = doc(2020, Edition::E2019, |t| {
            let t = set_row(&t, "carried_over", "[2, 0, 0, 0, 0, 0, 2]");
            set_row(&t, "granted", "[2, 0, 0, 0, 0, 0, 2]")
        });
        assert!(run_all(&CarryOver, &[y2019.clone(), y2020.clone()]).is_empty());
        let y2021 = doc(2021, Edition::E2021, |t| {
            set_row(&t, "carried_over", "[1, 0, 0, 0, 0, 0, 1]")
        });
        let found = run_all(&CarryOver, &[y2019, y2020, y2021]);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(found.iter().all(|d| d.file.ends_with("2021.yaml")));
    }
}
