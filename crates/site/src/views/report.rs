//! A report's page: its tables laid out, its prose rendered, its findings linked to the
//! cells they are about.

use ogi_model::{Contact, SECTION_HEADINGS, Text};
use ogi_validate::{Diagnostic, Lang, Severity};
use serde::Serialize;

use super::listing::{ReportSummary, summary};
use crate::markdown;
use crate::model::{Entry, Frame};
use crate::tables::{self, Table};

/// A finding shown on a report page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Finding {
    /// `error`, `warning` or `info`.
    pub(crate) severity: &'static str,
    /// Rule id.
    pub(crate) code: &'static str,
    /// Cell, message, expected and actual, in one line, in Chinese (pages are for the public).
    pub(crate) message: String,
    /// The cell's template label, if the finding is about a cell.
    pub(crate) cell: Option<String>,
    /// Anchor of the cell on the page, if any.
    pub(crate) anchor: Option<String>,
    /// Line in the YAML file.
    pub(crate) line: Option<usize>,
    /// Notes, in Chinese.
    pub(crate) notes: Vec<String>,
}

impl Finding {
    /// The finding of diagnostic `d`, linked to the cell `anchor` on its page, if any.
    pub(crate) fn of(d: &Diagnostic, anchor: Option<String>) -> Finding {
        Finding {
            severity: d.severity.as_str(),
            code: d.code,
            message: d.headline(Lang::Zh),
            cell: d.cell.clone(),
            anchor,
            line: d.span.map(|s| s.line),
            notes: d.notes.iter().map(|n| n.zh.clone()).collect(),
        }
    }
}

/// A section of the report in template order.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Section {
    /// `overview`, `proactive`, `requests`, `review`, `problems`, `other_matters`, or `extra`.
    pub(crate) key: String,
    /// Heading as printed.
    pub(crate) heading: String,
    /// Rendered Markdown; empty for the table sections.
    pub(crate) html: String,
    /// Which table the section holds: `table2`, `table3`, `table4`, or none.
    pub(crate) table: Option<&'static str>,
    /// The table's HTML as `partials/report_table.html` makes it, when the page need not
    /// include the partial itself (see `output::skeleton`).
    pub(crate) table_html: Option<String>,
    /// Anchor id.
    pub(crate) id: String,
}

/// Signature block.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Signed {
    /// Signing body.
    pub(crate) by: String,
    /// `YYYY-MM-DD`.
    pub(crate) date: String,
    /// `2021年1月15日`.
    pub(crate) date_cn: String,
}

/// Statistics period.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct PeriodView {
    /// `YYYY-MM-DD`.
    pub(crate) start: String,
    /// `YYYY-MM-DD`.
    pub(crate) end: String,
    /// `2020年1月1日`.
    pub(crate) start_cn: String,
    /// `2020年12月31日`.
    pub(crate) end_cn: String,
}

/// Download links of a report.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Downloads {
    /// The YAML source.
    pub(crate) yaml: String,
    /// JSON document.
    pub(crate) json: String,
    /// CSV of the tables.
    pub(crate) csv: String,
}

/// Everything a report page shows.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ReportView {
    /// The report in lists.
    #[serde(flatten)]
    pub(crate) summary: ReportSummary,
    /// Body's region path, `福建省 › 福州市 › 鼓楼区`.
    pub(crate) region_path: String,
    /// Region names from the province down.
    pub(crate) region: Vec<String>,
    /// The edition's notice, `国办公开办函〔2019〕60号`.
    pub(crate) edition_notice: &'static str,
    /// Signature.
    pub(crate) signed: Option<Signed>,
    /// Statistics period.
    pub(crate) period: Option<PeriodView>,
    /// Contact details.
    pub(crate) contact: Option<Contact>,
    /// Preamble, rendered.
    pub(crate) preamble_html: String,
    /// The six sections (and any extra ones), in order.
    pub(crate) sections: Vec<Section>,
    /// Table 2 laid out; left out when no template reads it (see `output::skeleton`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) table2: Option<Table>,
    /// Table 3 laid out; left out like table 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) table3: Option<Table>,
    /// Table 4 laid out; left out like table 2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) table4: Option<Table>,
    /// Validation findings.
    pub(crate) findings: Vec<Finding>,
    /// Downloads.
    pub(crate) downloads: Downloads,
    /// The YAML file, relative to the project.
    pub(crate) source: String,
}

/// The six sections of `e`'s report in template order, then its extra ones.
fn sections(prose: &Text) -> Vec<Section> {
    let h = &prose.headings;
    let printed = [
        &h.overview,
        &h.proactive,
        &h.requests,
        &h.review,
        &h.problems,
        &h.other_matters,
    ];
    let bodies = [
        Some(&prose.overview),
        None,
        None,
        None,
        Some(&prose.problems),
        Some(&prose.other_matters),
    ];
    let table_of = [
        None,
        Some("table2"),
        Some("table3"),
        Some("table4"),
        None,
        None,
    ];
    let mut sections: Vec<Section> = SECTION_HEADINGS
        .iter()
        .zip(printed)
        .zip(bodies.iter().zip(table_of))
        .map(|(((key, heading), printed), (body, table))| Section {
            key: (*key).to_owned(),
            heading: printed.clone().unwrap_or_else(|| (*heading).to_owned()),
            html: body.map(|b| markdown::to_html(b)).unwrap_or_default(),
            table,
            table_html: None,
            id: (*key).replace('_', "-"),
        })
        .collect();
    for (i, extra) in prose.extra_sections.iter().enumerate() {
        sections.push(Section {
            key: "extra".into(),
            heading: extra.heading.clone(),
            html: markdown::to_html(&extra.body),
            table: None,
            table_html: None,
            id: format!("extra-{}", i + 1),
        });
    }
    sections
}

/// Everything the report page of `e` shows, with its prose `prose` (the report's own, or
/// what a build's store keeps of it).
pub(crate) fn report_view(frame: &Frame, e: &Entry<'_>, prose: &Text) -> ReportView {
    let r = &e.doc.report;
    let severity_of = |label: &str| -> Option<&'static str> {
        e.findings
            .iter()
            .filter(|d| d.cell.as_deref() == Some(label))
            .map(|d| d.severity)
            .max()
            .map(Severity::as_str)
    };
    let table2 = tables::table2(r, &severity_of);
    let table3 = tables::table3(r, &severity_of);
    let table4 = tables::table4(r, &severity_of);
    // Findings are few and most reports have none: each looks its cell up in the tables
    // (about 200 cells) rather than every report hashing every label into a map.
    let anchor = |label: &str| {
        [&table2, &table3, &table4]
            .into_iter()
            .flat_map(|t| &t.rows)
            .flat_map(|row| &row.cells)
            .find(|c| c.label == label)
            .map(|c| c.id.to_owned())
    };
    let findings = e
        .findings
        .iter()
        .map(|d| Finding::of(d, d.cell.as_deref().and_then(anchor)))
        .collect();
    let period = r.statistics_period().map(|p| PeriodView {
        start: p.start.to_string(),
        end: p.end.to_string(),
        start_cn: p.start.chinese(),
        end_cn: p.end.chinese(),
    });
    let base = frame.url(&e.dir);
    ReportView {
        summary: summary(frame, e),
        region_path: r.body.region.join(" › "),
        region: r.body.region.clone(),
        edition_notice: r.edition.notice(),
        signed: r.signed.as_ref().map(|s| Signed {
            by: s.by.clone(),
            date: s.date.to_string(),
            date_cn: s.date.chinese(),
        }),
        period,
        contact: r.contact.clone(),
        preamble_html: markdown::to_html(&prose.preamble),
        sections: sections(prose),
        table2: Some(table2),
        table3: Some(table3),
        table4: Some(table4),
        findings,
        downloads: Downloads {
            yaml: format!("{base}report.yaml"),
            json: format!("{base}report.json"),
            csv: format!("{base}report.csv"),
        },
        source: format!("content/{}", frame.content_path(&e.doc.path)),
    }
}
