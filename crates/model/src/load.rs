//! Reading YAML files into typed values, with errors that name the file, line and fix.

use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::message::Message;
use crate::report::{
    Body, Contact, Edition, ExtraSection, Headings, Period, Report, Signing, Text,
};
use crate::source_map::{LineIndex, SourceMap, Span};
use crate::table2::{Table2, Table2019, Table2021};
use crate::table3::Table3;
use crate::table4::Table4;

mod document;
mod error;
mod read;
mod schema_error;
#[cfg(test)]
mod tests;

pub use document::Document;
pub use error::{LoadError, LoadErrorKind};
pub use read::read_text;
use schema_error::schema_error;
pub use schema_error::suggest;

/// Files larger than this are refused before they are parsed: a report is a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Parses `text` into `T`, mapping every failure to a located [`LoadError`].
pub fn parse_yaml<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, LoadError> {
    within_budget(path, text)?;
    deserialize(path, text)
}

/// Refuses a text that nests deeper than any parser should be asked to read (see
/// `budget`): the one check every YAML text passes before it is parsed.
fn within_budget(path: &Path, text: &str) -> Result<(), LoadError> {
    let Err(deep) = crate::budget::check_depth(text) else {
        return Ok(());
    };
    let lines = LineIndex::new(text);
    let start = lines.offset(text, deep.line, deep.column - 1);
    Err(LoadError::new(
        path,
        LoadErrorKind::Nesting,
        crate::budget::too_deep_message(),
    )
    .at(lines.span(text, start, (start + 1).min(text.len())))
    .help(too_deep_help())
    .with_text(text))
}

/// What to do about a file that nests too deep.
fn too_deep_help() -> Message {
    Message::new(
        "a report nests a few levels at most: look for brackets `[`/`{` opened and never closed, or for a file that is not a report",
        "一份报告最多嵌套几层：请检查是否有打开而未闭合的括号 `[`/`{`，或此文件并非报告",
    )
}

fn map_source(path: &Path, text: &str) -> Result<SourceMap, LoadError> {
    SourceMap::build(text).map_err(|e| {
        if e.message == crate::budget::too_deep_message() {
            return LoadError::new(path, LoadErrorKind::Nesting, e.message)
                .at(e.span)
                .help(too_deep_help())
                .with_text(text);
        }
        LoadError::new(
            path,
            LoadErrorKind::Syntax,
            Message::new(
                format!("malformed YAML: {}", e.message.en),
                format!("格式有误：{}", e.message.zh),
            ),
        )
        .at(e.span)
        .help(Message::new(
            "check the indentation, colons and brackets on this line and the one before it",
            "请检查这一行及上一行的缩进、冒号和括号",
        ))
        .with_text(text)
    })
}

/// Deserializes `text`; only when that fails is the source map built, to say where
/// (the event parser's syntax errors are more precise than serde_yaml's).
fn deserialize<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, LoadError> {
    serde_yaml::from_str(text).map_err(|e| match map_source(path, text) {
        Ok(map) => schema_error(path, text, &map, &e),
        Err(syntax) => syntax,
    })
}

/// The value of a top-level `edition:` line, found without parsing the document.
fn scan_edition(text: &str) -> Option<(usize, &str)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("edition:") {
            let value = rest.split('#').next().unwrap_or("").trim();
            return Some((
                offset + line.len() - rest.len() + (rest.len() - rest.trim_start().len()),
                value,
            ));
        }
        offset += line.len();
    }
    None
}

/// The report file format, generic over the edition-specific table 2.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportFile<T2> {
    body: Body,
    #[serde(deserialize_with = "year")]
    year: i32,
    #[allow(dead_code)]
    edition: serde::de::IgnoredAny,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    document_number: Option<String>,
    #[serde(default)]
    signed: Option<Signing>,
    #[serde(default)]
    period: Option<Period>,
    #[serde(default)]
    contact: Option<Contact>,
    #[serde(default)]
    preamble: String,
    #[serde(default)]
    overview: String,
    #[serde(default)]
    problems: String,
    #[serde(default)]
    other_matters: String,
    #[serde(default)]
    headings: Headings,
    #[serde(default)]
    extra_sections: Vec<ExtraSection>,
    table2: T2,
    table3: Table3,
    table4: Table4,
}

/// Reads the year from its text, so a word gets a message in the editor's terms.
fn year<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    let text = String::deserialize(d)?;
    text.trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (1900..=2999).contains(y))
        .ok_or_else(|| {
            serde::de::Error::custom(
                Message::new(
                    format!(
                        "year: `{text}` is not a year: write the year reported on as a number, e.g. `year: 2020`"
                    ),
                    format!("`{text}` 不是年份：请用数字写报告所属的年度，例如 `year: 2020`"),
                )
                .for_serde(),
            )
        })
}

impl<T2> ReportFile<T2> {
    fn into_report(self, edition: Edition, table2: impl FnOnce(T2) -> Table2) -> Report {
        Report {
            body: self.body,
            year: self.year,
            edition,
            title: self.title,
            document_number: self.document_number,
            signed: self.signed,
            period: self.period,
            contact: self.contact,
            text: Text {
                preamble: self.preamble,
                overview: self.overview,
                problems: self.problems,
                other_matters: self.other_matters,
                headings: self.headings,
                extra_sections: self.extra_sections,
            },
            table2: table2(self.table2),
            table3: self.table3,
            table4: self.table4,
        }
    }
}

/// Deserializes a report file that the fast path left to the parser (see `fast_report`).
/// Its prose blocks are lifted out first when that is sure to give the same result (see
/// `lift`), which spares the YAML parser most of the bytes; if the rest does not
/// deserialize, the whole text is parsed again for the parser's own error.
fn report_file<T2: DeserializeOwned>(path: &Path, text: &str) -> Result<ReportFile<T2>, LoadError> {
    if let Some(lifted) = crate::lift::lift(text) {
        if let Ok(mut file) = serde_yaml::from_str::<ReportFile<T2>>(&lifted.rest) {
            let [preamble, overview, problems, other_matters] = lifted.values;
            for (field, value) in [
                (&mut file.preamble, preamble),
                (&mut file.overview, overview),
                (&mut file.problems, problems),
                (&mut file.other_matters, other_matters),
            ] {
                if let Some(value) = value {
                    *field = value;
                }
            }
            return Ok(file);
        }
    }
    deserialize(path, text)
}

/// Loads one report file.
pub fn load_report(path: &Path) -> Result<Document, LoadError> {
    let text = read_text(path)?;
    parse_report(path, text)
}

/// Parses report `text` that was read from `path`.
pub fn parse_report(path: &Path, text: String) -> Result<Document, LoadError> {
    parse_report_with(path, text, true)
}

/// Parses report `text` as [`parse_report`] does, but always with the full YAML parse,
/// never the fast path or the prose shortcut: for tests that hold the paths to the same
/// result.
pub fn parse_report_unlifted(path: &Path, text: String) -> Result<Document, LoadError> {
    parse_report_with(path, text, false)
}

/// The report that the fast path alone reads from `text`, or `None` where it leaves the
/// text to the full parse (not the regular shape, or any error): for tests that hold the
/// fast path to the full parse's result wherever it is taken.
#[doc(hidden)]
pub fn parse_report_fast(text: &str) -> Option<Report> {
    fast_report(text)
}

/// The report read on the fast path (see `fast`), when the file has the regular shape and
/// reads without error; libyaml never sees it. The depth budget is not checked first: the
/// fast path reads nothing that nests more than a few levels.
fn fast_report(text: &str) -> Option<Report> {
    let (_, edition) = scan_edition(text)?;
    Some(match Edition::from_text(edition)? {
        Edition::E2019 => crate::fast::parse::<ReportFile<Table2019>>(text)?
            .into_report(Edition::E2019, Table2::E2019),
        Edition::E2021 => crate::fast::parse::<ReportFile<Table2021>>(text)?
            .into_report(Edition::E2021, Table2::E2021),
    })
}

fn parse_report_with(path: &Path, text: String, shortcut: bool) -> Result<Document, LoadError> {
    let bad_edition = |value: &str, span: Option<Span>| {
        let err = LoadError::new(
            path,
            LoadErrorKind::Schema,
            Message::new(
                format!("edition: `{value}` is not an edition of the report format"),
                format!("`edition`：`{value}` 不是报告格式的版本"),
            ),
        )
        .help(Message::new(
            "write `edition: 2019` (国办公开办函〔2019〕60号, reports for 2019–2020) or `edition: 2021` (国办公开办函〔2021〕30号, from 2021)",
            "请写 `edition: 2019`（国办公开办函〔2019〕60号，用于2019—2020年度报告）或 `edition: 2021`（国办公开办函〔2021〕30号，自2021年度起）",
        ))
        .with_text(&text);
        match span {
            Some(span) => err.at(span),
            None => err,
        }
    };
    if shortcut {
        if let Some(report) = fast_report(&text) {
            return Ok(Document::new(path.to_owned(), text, report));
        }
    }
    within_budget(path, &text)?;
    let edition = match scan_edition(&text) {
        Some((at, value)) => Edition::from_text(value).ok_or_else(|| {
            bad_edition(
                value,
                Some(LineIndex::new(&text).span(&text, at, at + value.len())),
            )
        })?,
        // Not a plain top-level line (flow style, odd layout): ask the parser.
        None => {
            let map = map_source(path, &text)?;
            match map.top_scalar("edition") {
                Some(value) => Edition::from_text(value)
                    .ok_or_else(|| bad_edition(value, map.value("edition")))?,
                None => {
                    return Err(LoadError::new(
                        path,
                        LoadErrorKind::Schema,
                        Message::new("missing field `edition`", "缺少键 `edition`"),
                    )
                    .at(map.lines().span(&text, 0, text.find('\n').unwrap_or(text.len())))
                    .help(Message::new(
                        "add `edition: 2019` or `edition: 2021` at the top level: it decides the shape of table 2",
                        "请在最外层添加 `edition: 2019` 或 `edition: 2021`：它决定表二的样式",
                    ))
                    .with_text(&text));
                }
            }
        }
    };
    let report =
        match (edition, shortcut) {
            (Edition::E2019, true) => {
                report_file::<Table2019>(path, &text)?.into_report(edition, Table2::E2019)
            }
            (Edition::E2021, true) => {
                report_file::<Table2021>(path, &text)?.into_report(edition, Table2::E2021)
            }
            (Edition::E2019, false) => deserialize::<ReportFile<Table2019>>(path, &text)?
                .into_report(edition, Table2::E2019),
            (Edition::E2021, false) => deserialize::<ReportFile<Table2021>>(path, &text)?
                .into_report(edition, Table2::E2021),
        };
    Ok(Document::new(path.to_owned(), text, report))
}
