//! Open data: each report's YAML, JSON and CSV, and one archive-wide CSV of table 3.

use std::fmt::Write;

use ogi_model::Report;
use rayon::prelude::*;
use serde::Serialize;

use super::{Output, OutputFile, RenderContext};
use crate::BuildError;

/// Downloads beside every report page, and `data/table3.csv`.
pub(crate) struct Data;

/// A CSV field, quoted when it needs to be.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// Byte-order mark, so spreadsheet programs read the Chinese as UTF-8.
const BOM: &str = "\u{feff}";

#[derive(Serialize)]
struct JsonFinding<'a> {
    severity: &'static str,
    code: &'static str,
    message: String,
    cell: Option<&'a str>,
    line: Option<usize>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    report: &'a Report,
    findings: Vec<JsonFinding<'a>>,
}

fn report_csv(report: &Report) -> String {
    let mut csv = format!("{BOM}path,label,value\n");
    for cell in report.cells() {
        let _ = writeln!(
            csv,
            "{},{},{}",
            field(&cell.path),
            field(&cell.label),
            field(&if cell.value.is_blank() {
                String::new()
            } else {
                cell.value.display()
            })
        );
    }
    csv
}

impl Output for Data {
    fn name(&self) -> &'static str {
        "data"
    }

    fn render(&self, cx: &RenderContext<'_>) -> Result<Vec<OutputFile>, BuildError> {
        let m = cx.model;
        let mut files: Vec<OutputFile> = m
            .entries
            .par_iter()
            .flat_map_iter(|e| {
                let findings = e
                    .findings
                    .iter()
                    .map(|d| JsonFinding {
                        severity: d.severity.as_str(),
                        code: d.code,
                        message: d.headline(),
                        cell: d.cell.as_deref(),
                        line: d.span.map(|s| s.line),
                    })
                    .collect();
                let json = serde_json::to_vec_pretty(&JsonReport {
                    report: &e.doc.report,
                    findings,
                })
                .unwrap_or_default();
                [
                    OutputFile::new(format!("{}/report.yaml", e.dir), e.doc.text.clone()),
                    OutputFile::new(format!("{}/report.json", e.dir), json),
                    OutputFile::new(format!("{}/report.csv", e.dir), report_csv(&e.doc.report)),
                ]
            })
            .collect();
        let mut all = format!("{BOM}body,region,district,year,edition,row,column,value,report\n");
        for e in &m.entries {
            let r = &e.doc.report;
            let district = e
                .district
                .and_then(|i| m.districts.get(i))
                .map_or("", |d| d.name.as_str());
            let region = r.body.region.join("/");
            let url = m.url(&e.dir);
            for (spec, row) in r.table3.rows() {
                for (c, value) in row.0.iter().enumerate() {
                    let _ = writeln!(
                        all,
                        "{},{},{},{},{},{},{},{},{}",
                        field(&r.body.name),
                        field(&region),
                        field(district),
                        r.year,
                        r.edition.year(),
                        field(&spec.full_label()),
                        ogi_model::table3::COLUMNS[c],
                        value.map(|v| v.to_string()).unwrap_or_default(),
                        field(&url)
                    );
                }
            }
        }
        files.push(OutputFile::new("data/table3.csv", all));
        Ok(files)
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(field("温泉街道"), "温泉街道");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
