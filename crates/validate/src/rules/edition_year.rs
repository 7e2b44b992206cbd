//! `EDITION-YEAR`: the edition, period and dates agree with the year reported on.

use ogi_model::{Document, Edition, Message};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Rule, RuleMeta};

/// 2019 and 2020 reports use the 2019 edition, later ones the 2021 edition; the
/// statistics period lies in the year; the report is signed after the period ends.
pub(crate) struct EditionYear;

static META: RuleMeta = RuleMeta {
    id: "EDITION-YEAR",
    severity: Severity::Warning,
    summary_zh: "年度、格式版本、统计时限与落款日期应相互一致",
    summary_en: "Year, edition, statistics period and signing date agree",
    rationale: "国办公开办函〔2019〕60号 governs the 2019 and 2020 reports and 〔2021〕30号 those \
                from 2021; a mismatch usually means the year or the edition was mistyped. Some \
                bodies did keep the old tables in 2021, so this is a warning.",
    bad_example: "year: 2020\nedition: 2021",
    fix: "Correct the year or the edition; if the printed report really used the other edition, keep it.",
};

impl Rule for EditionYear {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_report(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let r = &doc.report;
        let warn = |message: Message| Diagnostic::new(META.id, META.severity, &doc.path, message);
        if r.year < 2019 {
            out.push(
                warn(Message::new(
                    format!(
                        "{} predates the national format (first used for 2019 reports)",
                        r.year
                    ),
                    format!("{}年早于全国统一格式（自2019年度报告起使用）", r.year),
                ))
                .at(doc.span("year")),
            );
        } else if Edition::for_year(r.year) != r.edition {
            out.push(
                warn(Message::new(
                    format!("a {} report in the {} edition", r.year, r.edition.year()),
                    format!("{}年度报告使用了{}版格式", r.year, r.edition.year()),
                ))
                .at(doc.span("edition"))
                .expected(Edition::for_year(r.year).year(), r.edition.year())
                .note(Message::new(
                    format!(
                        "{} reports use {}",
                        r.year,
                        Edition::for_year(r.year).notice()
                    ),
                    format!(
                        "{}年度报告应使用{}规定的格式",
                        r.year,
                        Edition::for_year(r.year).notice()
                    ),
                )),
            );
        }
        if let Some(period) = r.period {
            if period.start.year != r.year || period.end.year != r.year || period.start > period.end
            {
                out.push(
                    warn(Message::new(
                        format!(
                            "the statistics period {} – {} is not within {}",
                            period.start, period.end, r.year
                        ),
                        format!(
                            "统计时限 {} 至 {} 不在{}年内",
                            period.start, period.end, r.year
                        ),
                    ))
                    .at(doc.span("period")),
                );
            }
        }
        if let (Some(signed), Some(period)) = (&r.signed, r.statistics_period()) {
            if signed.date <= period.end {
                out.push(
                    warn(Message::new(
                        format!(
                            "signed on {}, before the statistics period ends on {}",
                            signed.date, period.end
                        ),
                        format!(
                            "落款日期 {} 不晚于统计时限的截止日 {}",
                            signed.date, period.end
                        ),
                    ))
                    .at(doc.span("signed.date")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{doc, run};

    #[test]
    fn editions_match_years() {
        assert!(run(&EditionYear, &doc(2020, Edition::E2019, |t| t)).is_empty());
        assert!(run(&EditionYear, &doc(2023, Edition::E2021, |t| t)).is_empty());
        let found = run(&EditionYear, &doc(2020, Edition::E2021, |t| t));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].expected.as_deref(), Some("2019"));
        assert_eq!(
            run(&EditionYear, &doc(2022, Edition::E2019, |t| t)).len(),
            1
        );
    }

    #[test]
    fn period_and_signature_fit_the_year() {
        let add = |extra: &'static str| move |t: String| format!("{t}{extra}");
        let good = doc(
            2020,
            Edition::E2019,
            add(
                "period: {start: 2020-01-01, end: 2020-12-31}\nsigned: {by: x, date: 2021-01-15}\n",
            ),
        );
        assert!(run(&EditionYear, &good).is_empty());
        let bad = doc(
            2020,
            Edition::E2019,
            add(
                "period: {start: 2019-01-01, end: 2019-12-31}\nsigned: {by: x, date: 2019-06-01}\n",
            ),
        );
        assert_eq!(run(&EditionYear, &bad).len(), 2);
    }
}
