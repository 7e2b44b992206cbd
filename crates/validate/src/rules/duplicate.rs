//! `DUPLICATE`: one report per body and year.

use std::collections::BTreeMap;

use ogi_model::{Document, Message};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Rule, RuleMeta, beside};

/// Two files that claim the same body and year.
pub(crate) struct Duplicate;

static META: RuleMeta = RuleMeta {
    id: "DUPLICATE",
    severity: Severity::Error,
    summary_zh: "同一机关同一年度只能有一份报告",
    summary_en: "At most one report per body (region and full name) and year",
    rationale: "Two files for the same body and year would publish two conflicting public records \
                at one address, and cross-year checks could not tell which one counts.",
    bad_example: "# wenquan/2020.yaml and wenquan/2020-copy.yaml, both:\nbody: {name: 福州市鼓楼区人民政府温泉街道办事处, ...}\nyear: 2020",
    fix: "Delete the stale copy, or correct the body or year of the one that is mislabelled.",
};

impl Rule for Duplicate {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_archive(&self, docs: &[&Document], out: &mut Vec<Diagnostic>) {
        let mut seen: BTreeMap<(String, i32), &Document> = BTreeMap::new();
        for doc in docs {
            let key = (doc.report.body.key(), doc.report.year);
            match seen.get(&key) {
                Some(first) => out.push(
                    Diagnostic::new(
                        META.id,
                        META.severity,
                        &doc.path,
                        Message::new(
                            format!(
                                "a second report of {} for {}",
                                doc.report.body.name, doc.report.year
                            ),
                            format!(
                                "{}{}年度的第二份报告",
                                doc.report.body.name, doc.report.year
                            ),
                        ),
                    )
                    .at(doc.span("body.name"))
                    .note(Message::new(
                        format!("the first is {}", beside(&doc.path, &first.path)),
                        format!("第一份是 {}", beside(&doc.path, &first.path)),
                    )),
                ),
                None => {
                    seen.insert(key, doc);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{doc, run_all};
    use ogi_model::Edition;

    #[test]
    fn a_second_report_for_the_same_year_is_an_error() {
        for (year, edition) in [(2020, Edition::E2019), (2022, Edition::E2021)] {
            let one = doc(year, edition, |t| t);
            assert!(run_all(&Duplicate, &[one.clone(), doc(year + 1, edition, |t| t)]).is_empty());
            let found = run_all(&Duplicate, &[one.clone(), one]);
            assert_eq!(found.len(), 1);
        }
    }
}
