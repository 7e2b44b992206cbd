//! The search index: every report's text as `ogi-search` documents.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use ogi_model::{CellValue, Report, Text};
use ogi_search::{IndexBuilder, Layout, SearchDoc, doc_file, doc_path};
use ogi_validate::Severity;
use rayon::prelude::*;

use super::{Output, RenderContext};
use crate::error::BuildError;
use crate::markdown;
use crate::model::{Entry, Frame, SiteModel};
use crate::prose::text_of;
use crate::write::{OutputFile, Sink};

/// The client-side search index under `search/`.
pub(crate) struct Search;

/// Table rows with a non-zero figure, one per line: `表三 （一）予以公开 1 0 0 0 0 0 1`.
///
/// Row by row from the tables, not through [`Report::cells`], which makes a path and a
/// label for each of some 200 cells: a row's label is only made when the row is written.
fn table_rows(report: &Report) -> String {
    let mut out = String::new();
    for row in report.table2.rows() {
        table_row(&mut out, row.cells(), || row.spec.cell_label(0));
    }
    for (spec, row) in report.table3.rows() {
        let values = row.0.map(CellValue::Count);
        table_row(&mut out, &values, || spec.cell_label(0));
    }
    for (spec, row) in report.table4.groups() {
        let values = row.0.map(CellValue::Count);
        table_row(&mut out, &values, || spec.cell_label(0));
    }
    out
}

/// Appends one row to [`table_rows`]' text when a figure of it is not zero: its label (the
/// first cell's up to its last ` · `; the rest names the column), then each figure.
fn table_row(out: &mut String, values: &[CellValue<'_>], label: impl FnOnce() -> String) {
    let nonzero = values.iter().any(|value| match value {
        CellValue::Count(Some(c)) => c.get() != 0,
        CellValue::Money(Some(m)) => !m.amount.is_zero(),
        _ => false,
    });
    if !nonzero {
        return;
    }
    let label = label();
    out.push_str(label.rsplit_once(" · ").map_or(label.as_str(), |(r, _)| r));
    for value in values {
        out.push(' ');
        value.write_to(out, "~");
    }
    out.push('\n');
}

fn search_doc(frame: &Frame, e: &Entry<'_>, prose: &Text) -> SearchDoc {
    let r = &e.doc.report;
    let district = e.district.and_then(|i| frame.districts.get(i));
    let title = r.display_title();
    let prose_len: usize = prose.fields().iter().map(|(_, p)| p.len()).sum::<usize>()
        + prose
            .extra_sections
            .iter()
            .map(|x| x.heading.len() + x.body.len() + 2)
            .sum::<usize>();
    // The heading lines, the prose and the table rows in one allocation, mostly.
    let mut text = String::with_capacity(prose_len + 4096);
    let _ = write!(text, "{title}\n{}\n", r.body.name);
    for (i, region) in r.body.region.iter().enumerate() {
        if i > 0 {
            text.push(' ');
        }
        text.push_str(region);
    }
    let _ = writeln!(text, "\n{}", r.year);
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
    let prose_start = utf16_len(&text);
    for (_, prose) in prose.fields() {
        text.push_str(&markdown::to_text(prose));
        text.push('\n');
    }
    for extra in &prose.extra_sections {
        text.push_str(&extra.heading);
        text.push('\n');
        text.push_str(&markdown::to_text(&extra.body));
        text.push('\n');
    }
    let prose = prose_start..utf16_len(&text);
    if let Some(s) = &r.signed {
        let _ = writeln!(text, "{} {}", s.by, s.date.chinese());
    }
    text.push_str(&table_rows(r));
    SearchDoc {
        title,
        url: frame.url(&e.dir),
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
        prose,
        errors: e
            .findings
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count(),
    }
}

/// Length in UTF-16 code units, the client's string positions.
fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

/// The entries in search id order: newest year first, in site order within a year, so the
/// client ranks by year without knowing every document's year.
fn id_order(m: &SiteModel<'_>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..m.entries.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(m.entries[i].doc.report.year));
    order
}

/// Where the index cuts its posting lists: [`Layout::default`], unless `OGI_SEARCH_LAYOUT`
/// gives `spill_bytes,block_docs,block_min_bytes` (for tests: tiny blocks on a small archive).
fn layout() -> Layout {
    std::env::var("OGI_SEARCH_LAYOUT")
        .ok()
        .and_then(|spec| Layout::from_spec(&spec))
        .unwrap_or_default()
}

/// What the search output keeps between the renders of a live preview: the index and the
/// documents it holds, so one changed report updates a few shards instead of all.
struct Live {
    index: IndexBuilder,
    /// By search id.
    docs: Vec<SearchDoc>,
    /// The entry of each search id ([`id_order`] when the index was built).
    order: Vec<usize>,
    /// Every file of the index on disk, by path.
    files: BTreeSet<String>,
}

impl Search {
    /// Updates the index kept in `live` for the changed reports; `false` if it cannot (the
    /// reports are not the ones it holds), and a full render must follow.
    fn update(
        cx: &RenderContext<'_>,
        live: &mut Live,
        sink: &dyn Sink,
    ) -> Result<bool, BuildError> {
        let m = cx.model;
        // A changed year moves a report in the id order: a full render lays it out again.
        if live.docs.len() != m.entries.len() || live.order != id_order(m) {
            return Ok(false);
        }
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut removed: BTreeSet<String> = BTreeSet::new();
        for (id, &entry) in live.order.iter().enumerate() {
            if !cx.stale.entry(entry) {
                continue;
            }
            let Some(e) = m.entries.get(entry) else {
                return Ok(false);
            };
            let doc = search_doc(&m.frame, e, &e.doc.report.text);
            if doc.url != live.docs[id].url {
                return Ok(false);
            }
            let changes = live.index.replace(id, &live.docs[id], &doc);
            for path in changes.removed {
                files.remove(&path);
                removed.insert(path);
            }
            for (path, bytes) in changes.files {
                removed.remove(&path);
                files.insert(path, bytes);
            }
            files.insert(doc_path(id), doc_file(&doc));
            live.docs[id] = doc;
        }
        for (path, bytes) in files {
            live.files.insert(path.clone());
            sink.emit(OutputFile::new(path, bytes))?;
        }
        for path in removed {
            live.files.remove(&path);
            sink.remove(&path)?;
        }
        Ok(true)
    }
}

impl Output for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    fn render(&self, cx: &RenderContext<'_>, sink: &dyn Sink) -> Result<(), BuildError> {
        let m = cx.model;
        if !cx.stale.any_entry() {
            return Ok(());
        }
        // What a live preview wrote before, when it lays the index out again.
        let mut before: Option<BTreeSet<String>> = None;
        if let Some(memory) = cx.memory {
            if let Some(mut live) = memory.take::<Live>(self.name()) {
                if !cx.stale.is_everything() {
                    if Search::update(cx, &mut live, sink)? {
                        memory.put(self.name(), live);
                        return Ok(());
                    }
                    before = Some(live.files);
                }
            }
        }
        let mut index = IndexBuilder::with_layout(layout());
        let mut kept = Vec::new();
        let mut written = BTreeSet::new();
        let order = id_order(m);
        // In batches: each batch's texts are written and dropped before the next is made
        // (kept only by a live preview, which updates the index later).
        for batch in order.chunks(512) {
            let docs: Vec<SearchDoc> = batch
                .par_iter()
                .filter_map(|&i| m.entries.get(i))
                .map(|e| Ok(search_doc(&m.frame, e, &*text_of(cx.prose, e.doc)?)))
                .collect::<Result<_, BuildError>>()?;
            let first = index.add(&docs);
            let files: Vec<Vec<u8>> = docs.par_iter().map(doc_file).collect();
            for (i, file) in files.into_iter().enumerate() {
                let path = doc_path(first + i);
                if cx.memory.is_some() {
                    written.insert(path.clone());
                }
                sink.emit(OutputFile::new(path, file))?;
            }
            if cx.memory.is_some() {
                kept.extend(docs);
            }
        }
        let (files, _) = index.files();
        for (path, bytes) in files {
            if cx.memory.is_some() {
                written.insert(path.clone());
            }
            sink.emit(OutputFile::new(path, bytes))?;
        }
        // Files of the index laid out before that this one does not have.
        for path in before.iter().flat_map(|b| b.difference(&written)) {
            sink.remove(path)?;
        }
        if let Some(memory) = cx.memory {
            memory.put(
                self.name(),
                Live {
                    index,
                    docs: kept,
                    order,
                    files: written,
                },
            );
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
