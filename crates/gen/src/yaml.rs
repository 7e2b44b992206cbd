//! Writing a report as YAML in the content format (docs/content-format.md).

use std::fmt::Write;

use ogi_model::table2::{MoneyCell, Procurement, Table2019, Table2021};
use ogi_model::table3::{OtherOutcome, OtherSplit, Outcome, RowSpec};
use ogi_model::{
    CellNotes, Comments, Count, Edition, Row, SECTION_HEADINGS, write_tables, yaml_scalar,
};

use crate::figures::{Figures, Table2};
use crate::names::Body;
use crate::prose::{Contact, Prose};

/// Everything one report file holds.
pub(crate) struct Report<'a> {
    pub(crate) seed: u64,
    pub(crate) body: &'a Body,
    pub(crate) year: i32,
    pub(crate) title: String,
    pub(crate) document_number: String,
    /// Signing date as `YYYY-MM-DD`.
    pub(crate) signed: String,
    pub(crate) contact: &'a Contact,
    pub(crate) prose: Prose,
    pub(crate) figures: Figures,
}

/// A `|` block: every line indented two spaces, blank lines left empty.
fn block(out: &mut String, key: &str, text: &str) {
    out.push_str(key);
    out.push_str(": |\n");
    for line in text.trim_end().lines() {
        if !line.is_empty() {
            out.push_str("  ");
            out.push_str(line);
        }
        out.push('\n');
    }
}

/// The section heading of `key` ([`SECTION_HEADINGS`]) as a comment after a blank line.
fn heading(out: &mut String, key: &str) {
    if let Some((_, text)) = SECTION_HEADINGS.iter().find(|(k, _)| *k == key) {
        let _ = write!(out, "\n# {text}\n");
    }
}

/// The model's tables, beside the generator's own of the same names.
mod model {
    pub(super) use ogi_model::table2::Table2;
    pub(super) use ogi_model::table3::Table3;
    pub(super) use ogi_model::table4::Table4;
}

/// The report as YAML.
pub(crate) fn render(r: &Report<'_>) -> String {
    let b = r.body;
    let edition = Edition::for_year(r.year);
    let mut out = String::with_capacity(16 * 1024);
    let _ = writeln!(
        out,
        "# 合成数据：由 `ogi gen`（种子 {}）生成，不是真实的政府信息公开工作年度报告。",
        r.seed
    );
    let _ = writeln!(
        out,
        "# Synthetic report written by `ogi gen` (seed {}); not a real report.",
        r.seed
    );
    let _ = writeln!(out, "body:");
    let _ = writeln!(out, "  name: {}", yaml_scalar(&b.name));
    let _ = writeln!(out, "  short_name: {}", yaml_scalar(&b.short));
    let _ = writeln!(out, "  level: {}", b.level.key());
    let region: Vec<String> = b.district.region().iter().map(|s| yaml_scalar(s)).collect();
    let _ = writeln!(out, "  region: [{}]", region.join(", "));
    let _ = writeln!(out, "year: {}", r.year);
    let _ = writeln!(out, "edition: {}   # {}", edition.year(), edition.notice());
    let _ = writeln!(out, "title: {}", yaml_scalar(&r.title));
    let _ = writeln!(out, "document_number: {}", yaml_scalar(&r.document_number));
    let _ = writeln!(out, "signed:");
    let _ = writeln!(out, "  by: {}", yaml_scalar(&b.signer));
    let _ = writeln!(out, "  date: {}", r.signed);
    let _ = writeln!(out, "period:");
    let _ = writeln!(out, "  start: {}-01-01", r.year);
    let _ = writeln!(out, "  end: {}-12-31", r.year);
    let c = r.contact;
    let _ = writeln!(out, "contact:");
    let _ = writeln!(out, "  address: {}", yaml_scalar(&c.address));
    let _ = writeln!(out, "  postcode: {}", yaml_scalar(&c.postcode));
    let _ = writeln!(out, "  phone: {}", yaml_scalar(&c.phone));
    if let Some(fax) = &c.fax {
        let _ = writeln!(out, "  fax: {}", yaml_scalar(fax));
    }
    if let Some(email) = &c.email {
        let _ = writeln!(out, "  email: {}", yaml_scalar(email));
    }
    let _ = writeln!(out, "  published_at: {}", yaml_scalar(&c.published_at));
    let _ = writeln!(out, "  url: {}", yaml_scalar(&c.url));
    if let Some(filed) = &c.filed_with {
        let _ = writeln!(out, "  filed_with: {}", yaml_scalar(filed));
    }
    out.push('\n');
    block(&mut out, "preamble", &r.prose.preamble);
    heading(&mut out, "overview");
    block(&mut out, "overview", &r.prose.overview);
    heading(&mut out, "problems");
    block(&mut out, "problems", &r.prose.problems);
    heading(&mut out, "other_matters");
    block(&mut out, "other_matters", &r.prose.other_matters);

    out.push('\n');
    let (table2, table3, table4) = model_tables(&r.figures);
    write_tables(
        &mut out,
        &table2,
        &table3,
        &table4,
        &CellNotes::new(),
        Comments::Columns,
    );
    out
}

/// A generated count as the model holds it (the generator's figures are far within range).
fn count<T: TryInto<i64>>(v: T) -> Option<Count> {
    v.try_into().ok().and_then(Count::new)
}

fn counts<T: TryInto<i64> + Copy, const N: usize>(values: &[T; N]) -> Row<N> {
    Row(values.map(count))
}

/// The figures as the model's tables, which the model writes in the template's order.
fn model_tables(f: &Figures) -> (model::Table2, model::Table3, model::Table4) {
    let table2 = match &f.table2 {
        Table2::E2019 {
            regulations,
            normative,
            items,
            fees,
            procurement,
        } => model::Table2::E2019(Table2019 {
            regulations: counts(regulations),
            normative_documents: counts(normative),
            licensing: counts(&items[0]),
            other_services: counts(&items[1]),
            punishment: counts(&items[2]),
            enforcement: counts(&items[3]),
            fees: counts(fees),
            procurement: Procurement(count(procurement.0), procurement.1.parse().ok()),
        }),
        Table2::E2021 {
            regulations,
            normative,
            licensing,
            punishment,
            enforcement,
            fees,
        } => model::Table2::E2021(Table2021 {
            regulations: counts(regulations),
            normative_documents: counts(normative),
            licensing: counts(&[*licensing]),
            punishment: counts(&[*punishment]),
            enforcement: counts(&[*enforcement]),
            fees: MoneyCell(fees.parse().ok()),
        }),
    };
    let t = &f.table3;
    let mut table3 = model::Table3 {
        new_requests: counts(&t.new_requests),
        carried_over: counts(&t.carried_over),
        total: counts(&t.total),
        carried_forward: counts(&t.carried_forward),
        ..model::Table3::default()
    };
    // （六） in the shape of the template the rows were drawn from.
    let split = |spec: &RowSpec| spec.outcome == Some(Outcome::Other) && spec.group.is_some();
    if t.outcomes.iter().any(|(spec, _)| split(spec)) {
        table3.other = OtherOutcome::Split(OtherSplit::default());
    }
    for (spec, values) in &t.outcomes {
        if let Some(row) = table3.row_mut(spec.key) {
            *row = counts(values);
        }
    }
    let table4 = model::Table4 {
        review: counts(&f.table4[0]),
        litigation_direct: counts(&f.table4[1]),
        litigation_after_review: counts(&f.table4[2]),
    };
    (table2, table3, table4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(yaml_scalar("温泉街道"), "温泉街道");
        assert_eq!(yaml_scalar("350003"), "\"350003\"");
        assert_eq!(
            yaml_scalar("http://www.gulou.gov.cn"),
            "\"http://www.gulou.gov.cn\""
        );
    }
}
