//! `T2-RUNNING`: 2019 edition, running totals of table 2 carry over from year to year.

use ogi_model::table2::RowKind;
use ogi_model::{Document, Edition, Message, column_path};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Rule, RuleMeta, consecutive_years};

/// 上一年项目数量(Y) = 上一年项目数量(Y − 1) + 本年增/减(Y − 1);
/// 对外公开总数量(Y) = 对外公开总数量(Y − 1) + 本年新公开数量(Y).
pub(crate) struct T2Running;

static META: RuleMeta = RuleMeta {
    id: "T2-RUNNING",
    severity: Severity::Warning,
    summary_zh: "2019版表二：上一年项目数量、对外公开总数量应与上一年度报告衔接",
    summary_en: "2019 edition, table 2: last year's item count and the published total follow from last year's report",
    rationale: "Items at the start of a year are those of the year before plus its change, and the \
                published total only grows by what is newly published. A warning: re-counts happen.",
    bad_example: "# 2019.yaml\nlicensing: [10, 2, 4]\n# 2020.yaml\nlicensing: [10, 0, 3]   # should start from 12",
    fix: "Check the running figures of both years; explain a re-count in section 六.",
};

impl Rule for T2Running {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_archive(&self, docs: &[&Document], out: &mut Vec<Diagnostic>) {
        for (prev, doc) in consecutive_years(docs) {
            if prev.report.table2.edition() != Edition::E2019
                || doc.report.table2.edition() != Edition::E2019
            {
                continue;
            }
            for (b, n) in prev.report.table2.rows().zip(doc.report.table2.rows()) {
                let spec = n.spec;
                let year = prev.report.year;
                let (column, expected, how) = match spec.kind {
                    // Documents: column 2 (total published) grows by column 1 (newly published).
                    RowKind::Published => {
                        let (Some(total), Some(new)) = (b.count(2), n.count(1)) else {
                            continue;
                        };
                        (
                            2,
                            total.get() + new.get(),
                            Message::new(
                                format!("{year} total {total} + newly published {new}"),
                                format!("{year}年对外公开总数量 {total} + 本年新公开数量 {new}"),
                            ),
                        )
                    }
                    // Items: column 0 (last year's count) is last year's count plus its change.
                    RowKind::Items => {
                        let (Some(count), Some(change)) = (b.count(0), b.count(1)) else {
                            continue;
                        };
                        (
                            0,
                            count.get() + change.get(),
                            Message::new(
                                format!("{year} count {count} + change {change}"),
                                format!("{year}年上一年项目数量 {count} + 本年增/减 {change}"),
                            ),
                        )
                    }
                    _ => continue,
                };
                let Some(actual) = n.count(column) else {
                    continue;
                };
                if actual.get() == expected {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        META.id,
                        META.severity,
                        &doc.path,
                        Message::new(
                            format!("does not follow from {}'s report", prev.report.year),
                            format!("与{}年度报告不衔接", prev.report.year),
                        ),
                    )
                    .at_cell(
                        doc,
                        &column_path(&spec.path(), column),
                        spec.cell_label(column),
                    )
                    .expected(expected, actual)
                    .note(Message::new(
                        format!("{} = {expected}", how.en),
                        format!("{} = {expected}", how.zh),
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
    fn running_totals_follow_the_previous_year() {
        let y = |year, licensing: &'static str, regulations: &'static str| {
            doc(year, Edition::E2019, move |t| {
                set_row(
                    &set_row(&t, "licensing", licensing),
                    "regulations",
                    regulations,
                )
            })
        };
        let good = [
            y(2019, "[10, 2, 4]", "[1, 1, 3]"),
            y(2020, "[12, -1, 4]", "[2, 2, 5]"),
        ];
        assert!(run_all(&T2Running, &good).is_empty());
        let bad = [
            y(2019, "[10, 2, 4]", "[1, 1, 3]"),
            y(2020, "[10, 0, 3]", "[2, 2, 9]"),
        ];
        let found = run_all(&T2Running, &bad);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(
            found[0].cell.as_deref(),
            Some("表二 第二十条第（一）项 · 规章 · 对外公开总数量")
        );
        assert_eq!(
            found[1].cell.as_deref(),
            Some("表二 第二十条第（五）项 · 行政许可 · 上一年项目数量")
        );
    }

    #[test]
    fn the_2021_edition_is_not_compared() {
        let series = [
            doc(2021, Edition::E2021, |t| t),
            doc(2022, Edition::E2021, |t| {
                set_row(&t, "regulations", "[1, 0, 9]")
            }),
        ];
        assert!(run_all(&T2Running, &series).is_empty());
    }
}
