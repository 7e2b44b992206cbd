//! The search index: every report's text as `ogi-search` documents.

use std::fmt::Write;

use ogi_model::{CellValue, Report};
use ogi_search::{IndexBuilder, SearchDoc, text_path};
use rayon::prelude::*;

use super::{Output, OutputFile, RenderContext, Sink};
use crate::BuildError;
use crate::context::{Entry, SiteModel};
use crate::markdown;

/// The client-side search index under `search/`.
pub(crate) struct Search;

/// Table rows with a non-zero figure, one per line: `表三 （一）予以公开 1 0 0 0 0 0 1`.
fn table_rows(report: &Report) -> String {
    let mut out = String::new();
    let mut row = String::new();
    let mut row_key = String::new();
    let mut nonzero = false;
    let flush = |row: &mut String, nonzero: &mut bool, out: &mut String| {
        if *nonzero {
            out.push_str(row);
            out.push('\n');
        }
        row.clear();
        *nonzero = false;
    };
    for cell in report.cells() {
        let key = cell.path.split('[').next().unwrap_or(&cell.path).to_owned();
        if key != row_key {
            flush(&mut row, &mut nonzero, &mut out);
            // The label up to its last ` · ` is the row's; the rest names the column.
            row.push_str(
                cell.label
                    .rsplit_once(" · ")
                    .map_or(cell.label.as_str(), |(r, _)| r),
            );
            row_key = key;
        }
        let _ = write!(row, " {}", cell.value.display());
        nonzero |= match cell.value {
            CellValue::Count(Some(c)) => c.get() != 0,
            CellValue::Money(Some(m)) => !m.amount.is_zero(),
            _ => false,
        };
    }
    flush(&mut row, &mut nonzero, &mut out);
    out
}

fn search_doc(m: &SiteModel<'_>, e: &Entry<'_>) -> SearchDoc {
    let r = &e.doc.report;
    let district = e.district.and_then(|i| m.districts.get(i));
    let mut text = format!(
        "{}\n{}\n{}\n{}\n",
        r.display_title(),
        r.body.name,
        r.body.region.join(" "),
        r.year
    );
    if let Some(n) = &r.document_number {
        text.push_str(n);
        text.push('\n');
    }
    if let Some(c) = &r.contact {
        for value in [
            &c.address,
            &c.postcode,
            &c.phone,
            &c.fax,
            &c.email,
            &c.published_at,
            &c.url,
            &c.filed_with,
        ]
        .into_iter()
        .flatten()
        {
            text.push_str(value);
            text.push('\n');
        }
    }
    for (_, prose) in r.text.fields() {
        text.push_str(&markdown::to_text(prose));
        text.push('\n');
    }
    for extra in &r.text.extra_sections {
        text.push_str(&extra.heading);
        text.push('\n');
        text.push_str(&markdown::to_text(&extra.body));
        text.push('\n');
    }
    if let Some(s) = &r.signed {
        let _ = writeln!(text, "{} {}", s.by, s.date.chinese());
    }
    text.push_str(&table_rows(r));
    SearchDoc {
        title: r.display_title(),
        url: m.url(&e.dir),
        year: r.year,
        body: r.body.display_name().to_owned(),
        body_name: r.body.name.clone(),
        district_slug: district.map(|d| d.slug.clone()).unwrap_or_default(),
        district_name: district.map(|d| d.name.clone()).unwrap_or_default(),
        level_key: r.body.level.key().to_owned(),
        level_label: r.body.level.label().to_owned(),
        edition: r.edition.year(),
        document_number: r.document_number.clone().unwrap_or_default(),
        text,
    }
}

impl Output for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    fn render(&self, cx: &RenderContext<'_>, sink: &dyn Sink) -> Result<(), BuildError> {
        let m = cx.model;
        let mut index = IndexBuilder::new();
        // In batches: each batch's texts are written and dropped before the next is made.
        for batch in m.entries.chunks(512) {
            let docs: Vec<SearchDoc> = batch.par_iter().map(|e| search_doc(m, e)).collect();
            let first = index.add(&docs);
            for (i, doc) in docs.into_iter().enumerate() {
                sink.emit(OutputFile::new(text_path(first + i), doc.text))?;
            }
        }
        let (files, _) = index.finish();
        for (path, bytes) in files {
            sink.emit(OutputFile::new(path, bytes))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::table_rows;

    #[test]
    fn only_rows_with_a_figure_are_indexed() {
        let text = ogi_model::scaffold(&ogi_model::ScaffoldOptions {
            body: "某街道".into(),
            short_name: None,
            level: ogi_model::Level::Township,
            region: vec![],
            year: 2020,
            edition: None,
        })
        .replace("procurement: [0, 0]", "procurement: [11, 108426.00]")
        .replace(
            "  granted: [0, 0, 0, 0, 0, 0, 0]",
            "  granted: [1, 0, 0, 0, 0, 0, 1]",
        );
        let doc = ogi_model::parse_report("x.yaml".as_ref(), text).expect("loads");
        let rows = table_rows(&doc.report);
        assert_eq!(
            rows,
            "表二 第二十条第（九）项 · 政府集中采购 11 108426.00\n表三 （一）予以公开 1 0 0 0 0 0 1\n"
        );
    }
}
