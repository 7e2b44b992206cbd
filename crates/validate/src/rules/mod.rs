//! The built-in rules, one per file.

mod blank;
mod carry_over;
mod duplicate;
mod edition_year;
mod negative;
mod prose_table;
mod slug_collision;
mod t2_in_force;
mod t2_running;
mod t3_balance;
mod t3_outcomes;
mod t3_row_sum;
mod t4_total;

pub use prose_table::{Claim, prose_claims};

use crate::rule::Rule;

/// Every built-in rule: within-report relations first, then cross-year, then the rest.
pub(crate) static ALL: &[&dyn Rule] = &[
    &t3_balance::T3Balance,
    &t3_row_sum::T3RowSum,
    &t3_outcomes::T3Outcomes,
    &t4_total::T4Total,
    &negative::Negative,
    &blank::Blank,
    &carry_over::CarryOver,
    &t2_in_force::T2InForce,
    &t2_running::T2Running,
    &prose_table::ProseTable,
    &duplicate::Duplicate,
    &slug_collision::SlugCollision,
    &edition_year::EditionYear,
];

#[cfg(test)]
pub(crate) mod testing {
    //! Builds documents for rule unit tests from a clean scaffold plus YAML edits.

    use ogi_model::{Document, Edition, Level, ScaffoldOptions, parse_report, scaffold};

    use crate::diagnostic::Diagnostic;
    use crate::rule::Rule;

    /// A clean report of `year` in `edition`, with `edit` applied to its text.
    pub(crate) fn doc(year: i32, edition: Edition, edit: impl Fn(String) -> String) -> Document {
        let text = scaffold(&ScaffoldOptions {
            body: "测试街道办事处".into(),
            short_name: None,
            level: Level::Township,
            region: vec!["某省".into(), "某市".into(), "某区".into()],
            year,
            edition: Some(edition),
        });
        let text = edit(text);
        parse_report(format!("{year}.yaml").as_ref(), text).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Replaces the row with `key` (as written in the scaffold) by `values`.
    pub(crate) fn set_row(text: &str, key: &str, values: &str) -> String {
        let needle = format!(" {key}: ");
        let mut out = String::new();
        let mut done = false;
        for line in text.lines() {
            if !done && line.contains(&needle) {
                let (head, _) = line.split_once(&needle).expect("row present");
                out.push_str(&format!("{head}{needle}{values}\n"));
                done = true;
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        assert!(done, "no row {key}");
        out
    }

    /// Runs `rule` over one document.
    pub(crate) fn run(rule: &dyn Rule, doc: &Document) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        rule.check_report(doc, &mut out);
        rule.check_archive(&[doc], &mut out);
        out
    }

    /// Runs `rule` over several documents as an archive.
    pub(crate) fn run_all(rule: &dyn Rule, docs: &[Document]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for doc in docs {
            rule.check_report(doc, &mut out);
        }
        rule.check_archive(&docs.iter().collect::<Vec<_>>(), &mut out);
        out
    }
}
