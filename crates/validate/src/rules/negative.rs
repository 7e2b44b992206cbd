//! `NEGATIVE`: counts and money are never below zero, except 本年增/减.

use ogi_model::{CellValue, Document, Message};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Rule, RuleMeta};

/// Counts are whole numbers ≥ 0 (only 本年增/减 may be negative); money is ≥ 0.
pub(crate) struct Negative;

static META: RuleMeta = RuleMeta {
    id: "NEGATIVE",
    severity: Severity::Error,
    summary_zh: "除“本年增/减”外，数量和金额不得为负数",
    summary_en: "Counts and amounts are not negative, except the 2019 edition's 本年增/减",
    rationale: "A number of requests, documents, decisions or yuan cannot be below zero; a minus \
                sign is a typo or a change figure put in the wrong column. Whole numbers and \
                exact decimals are enforced when the file is read.",
    bad_example: "granted: [-1, 0, 0, 0, 0, 0, -1]",
    fix: "Remove the minus sign, or move the change into the 本年增/减 column where the template has one.",
};

impl Rule for Negative {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_report(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let negative = |value: CellValue<'_>, signed: bool| match value {
            CellValue::Count(Some(c)) => !signed && c.get() < 0,
            CellValue::Money(Some(m)) => m.is_negative(),
            _ => false,
        };
        if !doc.report.any_cell(negative) {
            return;
        }
        for cell in doc.report.cells() {
            let negative = match cell.value {
                CellValue::Count(Some(c)) => !cell.signed && c.get() < 0,
                CellValue::Money(Some(m)) => m.is_negative(),
                _ => false,
            };
            if negative {
                out.push(
                    Diagnostic::new(
                        META.id,
                        META.severity,
                        &doc.path,
                        Message::new(
                            "a count or amount cannot be negative",
                            "数量或金额不能为负数",
                        ),
                    )
                    .at_cell(doc, cell.path, cell.label)
                    .expected("≥ 0", cell.value.display())
                    .help(Message::new(
                        "only 本年增/减 (2019 edition, table 2) may be negative",
                        "只有本年增/减（2019版表二）可以为负数",
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{doc, run, set_row};
    use ogi_model::Edition;

    #[test]
    fn negative_counts_are_errors_but_a_change_may_be_negative() {
        let change = doc(2020, Edition::E2019, |t| {
            set_row(&t, "licensing", "[5, -2, 3]")
        });
        assert!(run(&Negative, &change).is_empty());
        let bad = doc(2020, Edition::E2019, |t| {
            set_row(&t, "licensing", "[-5, 2, 3]")
        });
        let found = run(&Negative, &bad);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].cell.as_deref(),
            Some("表二 第二十条第（五）项 · 行政许可 · 上一年项目数量")
        );
        let bad = doc(2021, Edition::E2021, |t| {
            let t = set_row(&t, "fees", "-0.5");
            set_row(&t, "state_secret", "[-1, 0, 0, 0, 0, 0, -1]")
        });
        assert_eq!(run(&Negative, &bad).len(), 3);
        let clean = doc(2021, Edition::E2021, |t| set_row(&t, "fees", "12.345678"));
        assert!(run(&Negative, &clean).is_empty());
    }
}
