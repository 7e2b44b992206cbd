//! The rule plugin interface and the registry of built-in rules.

use std::collections::BTreeMap;

use ogi_model::{Count, Document, Message};

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules;

/// What a rule is, for people: id, severity, descriptions and rationale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable id, such as `T3-BALANCE`.
    pub id: &'static str,
    /// Severity of every finding of the rule.
    pub severity: Severity,
    /// One line in Chinese.
    pub summary_zh: &'static str,
    /// One line in English.
    pub summary_en: &'static str,
    /// Why it matters.
    pub rationale: &'static str,
    /// A YAML fragment the rule reports.
    pub bad_example: &'static str,
    /// How to fix a finding.
    pub fix: &'static str,
}

impl RuleMeta {
    /// The rationale as one line (source continuation lines leave runs of spaces).
    pub fn rationale_text(&self) -> String {
        squeeze(self.rationale)
    }

    /// The fix as one line.
    pub fn fix_text(&self) -> String {
        squeeze(self.fix)
    }
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A validation rule. Rules are pure: they read documents and emit diagnostics, never fail,
/// and skip (saying so through the `BLANK` rule) what they cannot evaluate.
pub trait Rule: Send + Sync {
    /// The rule's description.
    fn meta(&self) -> &'static RuleMeta;

    /// Checks one report on its own.
    fn check_report(&self, _doc: &Document, _out: &mut Vec<Diagnostic>) {}

    /// Checks reports against each other: those of one body (across years) for a rule of
    /// [`Scope::Body`], the whole archive for one of [`Scope::Archive`].
    fn check_archive(&self, _docs: &[&Document], _out: &mut Vec<Diagnostic>) {}

    /// Which reports [`Rule::check_archive`] relates: one body's (the default), or all.
    fn scope(&self) -> Scope {
        Scope::Body
    }
}

/// Which reports an archive rule compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The reports of one body (see `archive_group`): a live preview re-runs only the
    /// bodies a change touched.
    Body,
    /// Every report of the archive, such as two bodies whose folders give one address: a
    /// live preview re-runs it on every change, so it must stay cheap (linear).
    Archive,
}

/// A path as a note about `from` shows it: relative to `from`'s folder (`2020-copy.yaml`,
/// `../鼓东/2020.yaml`), never the absolute path of the machine that checked it, which
/// report pages would publish.
pub(crate) fn beside(from: &std::path::Path, path: &std::path::Path) -> String {
    let folder = from.parent().unwrap_or(from);
    ogi_model::show_from(folder, path)
}

/// Every built-in rule, in the order they are documented.
pub fn registry() -> &'static [&'static dyn Rule] {
    rules::ALL
}

/// The rule with `id`, ignoring case.
pub fn find_rule(id: &str) -> Option<&'static dyn Rule> {
    registry()
        .iter()
        .copied()
        .find(|r| r.meta().id.eq_ignore_ascii_case(id))
}

/// The sum of `cells`, or `None` if any is blank (the relation cannot be evaluated).
pub(crate) fn sum(cells: impl IntoIterator<Item = Option<Count>>) -> Option<i64> {
    cells
        .into_iter()
        .try_fold(0i64, |acc, c| c.map(|c| acc + c.get()))
}

/// A row whose last counted column is the total of the columns before it.
pub(crate) struct TotalledRow<'a> {
    /// YAML path of the row.
    pub(crate) path: String,
    /// Its cells.
    pub(crate) cells: &'a [Option<Count>],
    /// Index of the total column.
    pub(crate) total: usize,
    /// Template label of the total cell.
    pub(crate) total_label: String,
    /// Column names, for the labels of the parts.
    pub(crate) columns: &'a [&'a str],
}

/// The sum of `cells` before column `total`, and the total, when they differ; `None` when
/// the row adds up or a cell is blank. Rules test this before they build a
/// [`TotalledRow`], whose path and label cost more than the sum.
pub(crate) fn mismatch(cells: &[Option<Count>], total: usize) -> Option<(i64, Count)> {
    let parts = sum(cells.get(..total)?.iter().copied())?;
    let actual = cells.get(total).copied().flatten()?;
    (parts != actual.get()).then_some((parts, actual))
}

/// The finding when a row's total is not the sum of the cells before it: at the total
/// cell, with a label at each non-zero part. `None` when it adds up or a cell is blank.
pub(crate) fn row_total(
    meta: &RuleMeta,
    doc: &Document,
    row: TotalledRow<'_>,
    message: Message,
) -> Option<Diagnostic> {
    let (parts, actual) = mismatch(row.cells, row.total)?;
    let mut d = Diagnostic::new(meta.id, meta.severity, &doc.path, message)
        .at_cell(
            doc,
            &ogi_model::column_path(&row.path, row.total),
            row.total_label,
        )
        .expected(parts, actual);
    for (c, value) in row.cells[..row.total].iter().enumerate() {
        if let Some(v) = value.filter(|v| v.get() != 0) {
            d = d.label(
                doc,
                &ogi_model::column_path(&row.path, c),
                Message::same(format!(
                    "{} = {v}",
                    row.columns.get(c).copied().unwrap_or("?")
                )),
            );
        }
    }
    Some(d)
}

/// Reports of the same body in consecutive years, as (year − 1, year) pairs.
pub(crate) fn consecutive_years<'a>(docs: &[&'a Document]) -> Vec<(&'a Document, &'a Document)> {
    let mut bodies: BTreeMap<String, BTreeMap<i32, &Document>> = BTreeMap::new();
    for doc in docs {
        bodies
            .entry(doc.report.body.key())
            .or_default()
            .entry(doc.report.year)
            .or_insert(doc);
    }
    let mut pairs = Vec::new();
    for years in bodies.values() {
        for (year, doc) in years {
            if let Some(prev) = years.get(&(year - 1)) {
                pairs.push((*prev, *doc));
            }
        }
    }
    pairs
}
