//! `BLANK`: a blank cell is not a zero; relations that use it are not checked.

use ogi_model::{Document, Message};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rule::{Rule, RuleMeta};

/// Reports every blank cell, separately from any mismatch.
pub(crate) struct Blank;

static META: RuleMeta = RuleMeta {
    id: "BLANK",
    severity: Severity::Warning,
    summary_zh: "空白单元格不等于0，涉及该单元格的勾稽关系未予核对",
    summary_en: "A blank cell is not 0; the relations that use it were not checked",
    rationale: "Some bodies leave zeros blank, others leave a figure out. The archive keeps the \
                difference, so a blank is reported on its own and never counted as a mismatch.",
    bad_example: "granted: [1, ~, 0, 0, 0, 0, 1]",
    fix: "If the printed report leaves the cell blank, keep `~` (this warning documents it); if it \
          prints 0 or a figure, write that.",
};

impl Rule for Blank {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_report(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        if !doc.report.any_cell(|value, _| value.is_blank()) {
            return;
        }
        for cell in doc
            .report
            .cells()
            .into_iter()
            .filter(|c| c.value.is_blank())
        {
            out.push(
                Diagnostic::new(
                    META.id,
                    META.severity,
                    &doc.path,
                    Message::new(
                        "blank cell: relations that use it were not checked",
                        "空白单元格：涉及该单元格的勾稽关系未予核对",
                    ),
                )
                .at_cell(doc, &cell.path, cell.label.clone()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{doc, run, set_row};
    use ogi_model::Edition;

    #[test]
    fn blanks_are_reported_and_zeros_are_not() {
        for edition in [Edition::E2019, Edition::E2021] {
            assert!(run(&Blank, &doc(2020, edition, |t| t)).is_empty());
            let blank = doc(2020, edition, |t| set_row(&t, "review", "[~, 0, 0, 0, ~]"));
            let found = run(&Blank, &blank);
            assert_eq!(found.len(), 2);
            assert_eq!(found[0].cell.as_deref(), Some("表四 行政复议 · 结果维持"));
        }
    }
}
