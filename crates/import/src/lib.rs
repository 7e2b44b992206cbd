//! `ogi-import`: published annual reports (the HTML article of a portal page, or a PDF with
//! a text layer) read into the content format, never silently wrong.
//!
//! Tables are read by their labels: rows by the template's row labels (through typos and
//! variants), columns by their header labels, rowspan and colspan expanded first. A cell
//! that cannot be read with certainty is left blank (`~`) with a `# 未能识别: …` comment
//! saying why; the caller exits 1 when any cell is uncertain.

mod grid;
mod html;
mod labels;
mod page;
mod pdf;
mod prose;
mod tables;
mod text;

use std::path::{Path, PathBuf};

use ogi_model::{Body, CellNotes, District, Level, Period, Report, Signing};

use crate::page::{Block, Page};

/// What the importer is told besides the file.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Region path of the body (`--region`); otherwise from the matching district.
    pub region: Option<Vec<String>>,
    /// Kind of body (`--level`); otherwise guessed from its name, and said so.
    pub level: Option<Level>,
    /// The districts of the project's site.yaml, to find the region from the body's name.
    pub districts: Vec<District>,
}

/// A report read from a published file.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The report; uncertain cells are blank.
    pub report: Report,
    /// Notes on cells by YAML path (`# 未能识别: …` for uncertain ones).
    pub notes: CellNotes,
    /// Cells read with certainty (a printed blank counts).
    pub cells_read: usize,
    /// Cells left blank because they could not be read with certainty.
    pub cells_uncertain: usize,
    /// Things the reader should check that are not cells (a guessed level, no region).
    pub remarks: Vec<String>,
    /// The slug of the district the body belongs to, if a district matched.
    pub district_slug: Option<String>,
}

impl Imported {
    /// The report as YAML in the content format, notes and remarks in comments.
    pub fn yaml(&self, source: &str) -> String {
        let mut header = vec![
            format!(
                "{} — imported by `ogi import` from {source}",
                self.report.display_title()
            ),
            format!(
                "cells read: {}, uncertain: {} (search for 未能识别); a blank cell is ~, never 0",
                self.cells_read, self.cells_uncertain
            ),
        ];
        header.extend(self.remarks.iter().cloned());
        ogi_model::report_yaml(&self.report, &self.notes, &header)
    }
}

/// Why a file could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("{path}: cannot read it: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Neither HTML nor PDF.
    #[error("{0}: not an HTML page or a PDF; save the report's page as HTML, or download its PDF")]
    UnknownFormat(PathBuf),
    /// The PDF could not be read.
    #[error(
        "{path}: {why}; import the report's web page (saved as HTML) if the portal publishes one, or type the tables with `ogi new`"
    )]
    Pdf {
        /// The file.
        path: PathBuf,
        /// What the PDF reader said.
        why: String,
    },
    /// A PDF with no text layer (a scan).
    #[error(
        "{0}: the PDF has no text layer (a scanned document); run it through OCR first, or type the tables with `ogi new`"
    )]
    Scanned(PathBuf),
    /// No table of the report was found.
    #[error(
        "{0}: no table of an annual report found (looked for 第二十条, 申请人情况, 行政诉讼); is this the report's page?"
    )]
    NoTables(PathBuf),
    /// No year found in the title.
    #[error(
        "{0}: no year found in the report's title; the title should read like 某某2021年政府信息公开工作年度报告"
    )]
    NoYear(PathBuf),
}

/// Reads the report in the file at `path` (HTML or PDF, by its content).
pub fn import_file(path: &Path, opts: &ImportOptions) -> Result<Imported, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Io {
        path: path.to_owned(),
        source,
    })?;
    import_bytes(path, &bytes, opts)
}

/// Reads the report in `bytes`, named `path` in errors.
pub fn import_bytes(
    path: &Path,
    bytes: &[u8],
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let page = if bytes.starts_with(b"%PDF") {
        pdf::read(path, bytes)?
    } else {
        let text = html::decode(bytes);
        let head: String = text.chars().take(4096).collect();
        if !head.contains('<') {
            return Err(ImportError::UnknownFormat(path.to_owned()));
        }
        html::read(&text)
    };
    build(path, page, opts)
}

fn build(path: &Path, page: Page, opts: &ImportOptions) -> Result<Imported, ImportError> {
    let paragraphs: Vec<String> = page
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.clone()),
            Block::Table(_) => None,
        })
        .collect();
    let grids: Vec<&grid::Grid> = page
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(g) => Some(g),
            Block::Paragraph(_) => None,
        })
        .collect();
    let prose = prose::read(&paragraphs, page.title.as_deref());
    let year = prose
        .year
        .ok_or_else(|| ImportError::NoYear(path.to_owned()))?;
    let tables = tables::read(&grids, Some(year));
    if tables.read == 0 {
        return Err(ImportError::NoTables(path.to_owned()));
    }
    let mut remarks = Vec::new();
    let name = prose.body.clone().unwrap_or_default();
    let level = opts.level.unwrap_or_else(|| {
        let guess = guess_level(&name);
        remarks.push(format!(
            "level: {} guessed from the name {name}; pass --level to set it",
            guess.key()
        ));
        guess
    });
    let district = opts
        .districts
        .iter()
        .filter(|d| {
            d.region
                .last()
                .is_some_and(|last| name.contains(last.as_str()))
        })
        .max_by_key(|d| d.region.len());
    let region = match (&opts.region, district) {
        (Some(r), _) => r.clone(),
        (None, Some(d)) => d.region.clone(),
        (None, None) => {
            remarks.push(
                "region: not known (no --region, and no district of site.yaml in the name); fill it in".into(),
            );
            Vec::new()
        }
    };
    let report = Report {
        body: Body {
            name,
            short_name: None,
            level,
            region,
        },
        year,
        edition: tables.edition,
        title: prose.title,
        document_number: prose.document_number,
        signed: prose.signed.map(|(by, date)| Signing { by, date }),
        period: None::<Period>,
        contact: prose.contact,
        text: prose.text,
        table2: tables.table2,
        table3: tables.table3,
        table4: tables.table4,
    };
    Ok(Imported {
        report,
        notes: tables.notes,
        cells_read: tables.read,
        cells_uncertain: tables.uncertain,
        remarks,
        district_slug: district.map(|d| d.slug.clone()),
    })
}

/// The kind of body its name suggests.
fn guess_level(name: &str) -> Level {
    if ["街道", "乡", "镇", "片区"]
        .iter()
        .any(|w| name.contains(w))
    {
        Level::Township
    } else if ["管委会", "管理委员会"].iter().any(|w| name.ends_with(w)) {
        Level::Committee
    } else if name.ends_with("人民政府") || name.ends_with("实验区") || name.ends_with("新区")
    {
        Level::Government
    } else {
        Level::Department
    }
}
