//! Reading YAML files into typed values, with errors that name the file, line and fix.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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

/// Files larger than this are refused before they are parsed: a report is a few kilobytes.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// What went wrong while loading a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LoadErrorKind {
    /// The file could not be read.
    Io,
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge,
    /// The file is not UTF-8.
    Encoding,
    /// The file holds nothing.
    Empty,
    /// The YAML is malformed.
    Syntax,
    /// The YAML is well formed but does not fit the report format.
    Schema,
    /// Aliases expand too far (a "billion laughs" file) or nest too deep.
    Aliases,
    /// Collections nest deeper than [`crate::MAX_DEPTH`] levels.
    Nesting,
    /// The content folder could not be walked (a symlink loop, an unreadable folder).
    Walk,
}

impl LoadErrorKind {
    /// A stable code for diagnostics, such as `YAML-SYNTAX`.
    pub fn code(self) -> &'static str {
        match self {
            LoadErrorKind::Io => "FILE-IO",
            LoadErrorKind::TooLarge => "FILE-SIZE",
            LoadErrorKind::Encoding => "FILE-ENCODING",
            LoadErrorKind::Empty => "FILE-EMPTY",
            LoadErrorKind::Syntax => "YAML-SYNTAX",
            LoadErrorKind::Schema => "YAML-SCHEMA",
            LoadErrorKind::Aliases => "YAML-ALIAS",
            LoadErrorKind::Nesting => "YAML-NESTING",
            LoadErrorKind::Walk => "FILE-WALK",
        }
    }
}

/// A file that could not be loaded, with where and how to fix it.
#[derive(Clone, Debug, thiserror::Error)]
pub struct LoadError {
    /// The file.
    pub path: PathBuf,
    /// The kind of failure.
    pub kind: LoadErrorKind,
    /// What is wrong, in one sentence, in both languages.
    pub message: Message,
    /// Where in the file, when known.
    pub span: Option<Span>,
    /// What to do about it, in both languages.
    pub help: Option<Message>,
    /// The file's text, when it could be read as UTF-8 (for showing the offending line).
    pub text: Option<String>,
}

/// English: the error as a log line or an `anyhow` cause shows it.
impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(span) = self.span {
            write!(f, ":{}:{}", span.line, span.column)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

impl LoadError {
    pub(crate) fn new(path: &Path, kind: LoadErrorKind, message: Message) -> LoadError {
        LoadError {
            path: path.to_owned(),
            kind,
            message,
            span: None,
            help: None,
            text: None,
        }
    }

    fn at(mut self, span: Span) -> LoadError {
        self.span = Some(span);
        self
    }

    fn help(mut self, help: Message) -> LoadError {
        self.help = Some(help);
        self
    }

    fn with_text(mut self, text: &str) -> LoadError {
        self.text = Some(text.to_owned());
        self
    }
}

/// A report file loaded: its path, text, typed report and source map.
#[derive(Clone, Debug)]
pub struct Document {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its text (without a byte-order mark).
    pub text: String,
    /// The typed report.
    pub report: Report,
    /// Where each value stands in `text`: built on first use, since only diagnostics
    /// need it and it costs more memory than the report itself.
    map: OnceLock<SourceMap>,
}

impl Document {
    /// A document from its parts.
    pub fn new(path: PathBuf, text: String, report: Report) -> Document {
        Document {
            path,
            text,
            report,
            map: OnceLock::new(),
        }
    }

    /// Where each value stands in the text.
    pub fn map(&self) -> &SourceMap {
        // The text parsed once already, so the map builds; an empty map is the safe fallback.
        self.map
            .get_or_init(|| SourceMap::build(&self.text).unwrap_or_default())
    }

    /// The span of the value at `path`, or of the nearest enclosing value.
    pub fn span(&self, path: &str) -> Option<Span> {
        self.map().nearest(path)
    }
}

/// Why a file could not be read, in Chinese (the system's own text is English).
fn io_zh(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在",
        std::io::ErrorKind::PermissionDenied => "没有读取权限",
        _ => "系统读取出错",
    }
}

/// Reads a file as UTF-8 text: size-limited, byte-order mark removed, not empty.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let io = |e: std::io::Error| {
        LoadError::new(
            path,
            LoadErrorKind::Io,
            Message::new(
                format!("cannot read the file: {e}"),
                format!("无法读取此文件（{}）", io_zh(&e)),
            ),
        )
        .help(Message::new(
            "check that the file exists and is readable",
            "请确认文件存在且有读取权限",
        ))
    };
    let file = std::fs::File::open(path).map_err(io)?;
    // Read into a buffer of the file's size (plus one byte, to see the end without
    // growing): no reallocation, and nothing to shrink afterwards.
    let size = file.metadata().map_or(0, |m| m.len()).min(MAX_FILE_BYTES);
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0) + 1);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let size = std::fs::metadata(path)
            .map(|m| m.len())
            .unwrap_or(bytes.len() as u64);
        let (mb, max) = (size as f64 / 1e6, MAX_FILE_BYTES / (1024 * 1024));
        return Err(LoadError::new(
            path,
            LoadErrorKind::TooLarge,
            Message::new(
                format!("the file is {mb:.1} MB; a report file is at most {max} MB"),
                format!("文件大小为 {mb:.1} MB，报告文件最大 {max} MB"),
            ),
        )
        .help(Message::new(
            "a report is a few kilobytes of YAML: check that this is the right file, or move it out of the content folder",
            "一份报告只有几 KB 的 YAML：请确认文件是否放错，或将其移出内容文件夹",
        )));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let valid = std::str::from_utf8(valid).unwrap_or("");
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            let start = valid.len();
            return Err(LoadError::new(
                path,
                LoadErrorKind::Encoding,
                Message::new(
                    format!("the file is not UTF-8 (invalid byte at line {line}, column {column})"),
                    format!("文件不是 UTF-8 编码（第 {line} 行第 {column} 列有无效字节）"),
                ),
            )
            .at(Span { start, end: start + 1, line, column })
            .help(Message::new(
                "save the file as UTF-8; files saved as GBK/GB2312 by older editors must be converted, e.g. `iconv -f GB18030 -t UTF-8`",
                "请以 UTF-8 编码保存；旧编辑器保存的 GBK/GB2312 文件需要转换，例如 `iconv -f GB18030 -t UTF-8`",
            )));
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    if text.trim().is_empty() {
        return Err(LoadError::new(
            path,
            LoadErrorKind::Empty,
            Message::new("the file is empty", "文件是空的"),
        )
        .help(Message::new(
            "start a report with `ogi new`, or delete the file",
            "用 `ogi new` 新建一份报告，或删除此文件",
        )));
    }
    Ok(text)
}

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

fn schema_error(path: &Path, text: &str, map: &SourceMap, e: &serde_yaml::Error) -> LoadError {
    let full = e.to_string();
    let raw = match (e.location(), full.rfind(" at line ")) {
        (Some(_), Some(cut)) => &full[..cut],
        _ => full.as_str(),
    };
    // Our own deserializers send both languages; serde's and serde_yaml's speak English.
    let (english, chinese) = Message::split(raw);
    let message = english.to_owned();
    let kind = if message.contains("repetition limit") || message.contains("recursion limit") {
        LoadErrorKind::Aliases
    } else {
        LoadErrorKind::Schema
    };
    let (key, body) = match message.split_once(": ") {
        Some((key, body)) if !key.contains(' ') && !key.contains('`') => (Some(key), body),
        _ => (None, message.as_str()),
    };
    let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
    let zh = chinese.map_or_else(|| serde_zh(body, line, column), str::to_owned);
    let zh = match key {
        Some(key) => format!("`{key}`：{zh}"),
        None => zh,
    };
    let mut err = LoadError::new(path, kind, Message::new(message.clone(), zh)).with_text(text);
    // serde_yaml prefixes the message with the value's path (`table2.fees: …`); the
    // source map locates that value exactly, which serde_yaml's own mark does not always.
    let by_path = message
        .split_once(": ")
        .filter(|_| !message.contains("unknown field") && !message.contains("missing field"))
        .and_then(|(path, _)| map.value(path));
    if let Some(span) = by_path {
        err = err.at(narrow(text, map, span, &message));
    } else if let Some(loc) = e.location() {
        let start = map
            .lines()
            .offset(text, loc.line(), loc.column().saturating_sub(1));
        let end = text[start..]
            .find(['\n', ',', ']', ':'])
            .map_or(text.len(), |n| start + n)
            .max(start + 1)
            .min(text.len());
        err = err.at(map.lines().span(text, start, end));
    }
    if let Some(field) = message
        .split("duplicate field `")
        .nth(1)
        .and_then(|s| s.split('`').next())
    {
        let parent = message
            .split_once(": duplicate field")
            .map(|(p, _)| p)
            .filter(|p| !p.contains(' '));
        let path = parent.map_or_else(|| field.to_owned(), |p| format!("{p}.{field}"));
        if let Some(span) = map.duplicate_key(&path) {
            err = err.at(span);
        }
        return err.help(Message::new(
            format!("`{field}` is written twice here: keep one"),
            format!("`{field}` 在这里写了两次：只保留一个"),
        ));
    }
    let help = if kind == LoadErrorKind::Aliases {
        Message::new(
            "this file expands YAML aliases (*name) or nesting far beyond any report: write the values out",
            "此文件的别名（*name）展开或嵌套层次远超任何报告：请把各个值直接写出来",
        )
    } else if message.contains("unknown field") {
        unknown_field_help(&message)
    } else if let Some(field) = message
        .split("missing field `")
        .nth(1)
        .and_then(|s| s.split('`').next())
    {
        Message::new(
            format!(
                "add `{field}:`; `ogi new` writes a complete report and docs/content-format.md lists every key"
            ),
            format!(
                "请添加 `{field}:`；`ogi new` 会生成一份完整的报告，docs/content-format.md 列出了所有键"
            ),
        )
    } else {
        Message::new(
            "see docs/content-format.md for what this key holds",
            "此键应写什么，见 docs/content-format.md",
        )
    };
    err.help(help)
}

/// The Chinese of a serde or serde_yaml error message (which only speak English), without
/// its key prefix: the common cases in an editor's terms, others as a general sentence
/// with the line and column.
fn serde_zh(body: &str, line: usize, column: usize) -> String {
    let quoted = |s: &str| s.split('`').nth(1).unwrap_or("").to_owned();
    if body.starts_with("unknown field `") {
        format!("未知的键 `{}`", quoted(body))
    } else if body.starts_with("missing field `") {
        format!("缺少键 `{}`", quoted(body))
    } else if body.starts_with("duplicate field `") {
        format!("键 `{}` 重复出现", quoted(body))
    } else if body.starts_with("unknown variant `") {
        let names: Vec<&str> = body.split('`').skip(1).step_by(2).collect();
        match names.split_first() {
            Some((found, allowed)) if !allowed.is_empty() => format!(
                "`{found}` 不是可用的取值，可选：{}",
                allowed
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
            _ => format!("`{}` 不是可用的取值", quoted(body)),
        }
    } else if let Some(rest) = body.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!(
            "值的类型不对：应为{}，这里写的是{}",
            expected_zh(expected),
            found_zh(found)
        )
    } else if let Some(rest) = body.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!(
            "值不符合要求：应为{}，这里写的是{}",
            expected_zh(expected),
            found_zh(found)
        )
    } else if let Some(rest) = body.strip_prefix("invalid length ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        format!("项数不对：这里有 {found} 项，应为{}", expected_zh(expected))
    } else if body.contains("repetition limit") || body.contains("recursion limit") {
        "别名（*name）展开过多或嵌套过深".to_owned()
    } else if line > 0 {
        format!("内容不符合报告格式（第 {line} 行第 {column} 列）")
    } else {
        "内容不符合报告格式".to_owned()
    }
}

/// What serde says a value should be (`a row of 7 numbers…`), in Chinese.
fn expected_zh(expected: &str) -> String {
    if let Some(rest) = expected.strip_prefix("a row of ") {
        let n = rest.split(' ').next().unwrap_or("");
        if rest.contains("sub-rows") {
            return format!(
                "{n} 个数字组成的一行，或 overdue_correction、overdue_fee、other 三个子行"
            );
        }
        return match rest.split_once("such as ") {
            Some((_, example)) => format!("按模板顺序排列的 {n} 个数字，如 {example}"),
            None => format!("按模板顺序排列的 {n} 个数字"),
        };
    }
    let zh = if expected.starts_with("a count")
        || expected.starts_with("i")
        || expected.starts_with("u")
    {
        "整数"
    } else if expected.starts_with("a date") {
        "日期，如 2021-01-15"
    } else if expected.starts_with("an amount of money") {
        "金额，如 108426.00"
    } else if expected.starts_with("a string") {
        "文字"
    } else if expected.starts_with("a sequence") {
        "列表"
    } else if expected.starts_with("struct") || expected.starts_with("a map") {
        "若干“键: 值”"
    } else if expected.starts_with("a boolean") {
        "`true` 或 `false`"
    } else {
        "符合格式的值"
    };
    zh.to_owned()
}

/// What serde says a value is (`string "abc"`, `sequence`), in Chinese.
fn found_zh(found: &str) -> String {
    // The value as written, as code: it is the editor's own text.
    let value = |prefix: &str| {
        let v = found[prefix.len()..].trim_matches(['`', '"']);
        format!("`{v}`")
    };
    if found.starts_with("string ") {
        format!("文字 {}", value("string "))
    } else if found.starts_with("integer ") {
        format!("整数 {}", value("integer "))
    } else if found.starts_with("floating point ") {
        format!("小数 {}", value("floating point "))
    } else if found.starts_with("boolean ") {
        format!("布尔值 {}", value("boolean "))
    } else if found == "sequence" {
        "列表".to_owned()
    } else if found == "map" {
        "若干“键: 值”".to_owned()
    } else if found == "unit value" || found == "null" {
        "空值".to_owned()
    } else {
        "其他类型的值".to_owned()
    }
}

/// Narrows `span` to the value the message quotes (`4.5` in a row), if it stands on the span's line.
fn narrow(text: &str, map: &SourceMap, span: Span, message: &str) -> Span {
    let Some(quoted) = message.split('`').nth(1).filter(|q| !q.is_empty()) else {
        return span;
    };
    let line_end = text[span.start..]
        .find('\n')
        .map_or(text.len(), |i| span.start + i);
    let row = &text[span.start..line_end];
    let found = row.match_indices(quoted).find(|(i, _)| {
        let before = row[..*i].chars().next_back();
        let after = row[i + quoted.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '.')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '.')
    });
    match found {
        Some((i, _)) => map
            .lines()
            .span(text, span.start + i, span.start + i + quoted.len()),
        None => span,
    }
}

/// "did you mean" for serde's `unknown field `x`, expected one of `a`, `b`` message.
fn unknown_field_help(message: &str) -> Message {
    let names: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let Some((unknown, expected)) = names.split_first() else {
        return Message::new("remove the key or fix its spelling", "请删除该键或改正拼写");
    };
    match suggest(unknown, expected) {
        Some(best) => Message::new(
            format!("did you mean `{best}`?"),
            format!("是否应为 `{best}`？"),
        ),
        None => Message::new(
            format!("remove the key or use one of: {}", expected.join(", ")),
            format!("请删除该键，或改用以下之一：{}", expected.join("、")),
        ),
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
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

/// Deserializes a report file. Its prose blocks are lifted out first when that is sure to
/// give the same result (see `lift`), which spares the YAML parser most of the bytes; if
/// the rest does not deserialize, the whole text is parsed again for the parser's own error.
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
/// never the prose shortcut: for tests that hold the two paths to the same result.
pub fn parse_report_unlifted(path: &Path, text: String) -> Result<Document, LoadError> {
    parse_report_with(path, text, false)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_edition_line_is_found_without_parsing() {
        assert_eq!(
            scan_edition("year: 2020\nedition: 2019  # 国办\n"),
            Some((20, "2019"))
        );
        assert_eq!(scan_edition("overview: |\n  edition: 2021\n"), None);
    }

    /// The full parse of `text`, without the prose shortcut.
    fn full(text: &str) -> Result<Report, LoadError> {
        let path = Path::new("x.yaml");
        Ok(
            match scan_edition(text).and_then(|(_, e)| Edition::from_text(e)) {
                Some(Edition::E2019) => deserialize::<ReportFile<Table2019>>(path, text)?
                    .into_report(Edition::E2019, Table2::E2019),
                Some(Edition::E2021) => deserialize::<ReportFile<Table2021>>(path, text)?
                    .into_report(Edition::E2021, Table2::E2021),
                None => return parse_report(path, text.to_owned()).map(|d| d.report),
            },
        )
    }

    #[test]
    fn the_prose_shortcut_changes_nothing_on_any_fixture() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        for dir in ["content", "tests/e2e/fixtures"] {
            let (found, _) = crate::discover(&root.join(dir));
            files.extend(found);
        }
        assert!(
            files.len() > 50,
            "fixtures not found under {}",
            root.display()
        );
        let mut lifted = 0;
        for file in files {
            let Ok(text) = read_text(&file) else { continue };
            lifted += usize::from(crate::lift::lift(&text).is_some());
            let quick = parse_report(&file, text.clone()).map(|d| d.report);
            match (quick, full(&text)) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", file.display()),
                (Err(a), Err(b)) => assert_eq!(
                    (a.kind, a.message, a.span, a.help),
                    (b.kind, b.message, b.span, b.help),
                    "{}",
                    file.display()
                ),
                (a, b) => panic!(
                    "{}: {:?} but the parser gives {:?}",
                    file.display(),
                    a.is_ok(),
                    b.is_ok()
                ),
            }
        }
        // The fixtures write their prose on one line; the seed report has blocks.
        assert!(lifted >= 1, "the shortcut was never taken");
    }

    /// A report scaffold with one line edited, parsed: its load error.
    fn broken(edit: impl Fn(String) -> String) -> LoadError {
        let text = crate::scaffold(&crate::ScaffoldOptions {
            body: "测试街道办事处".into(),
            short_name: None,
            level: crate::Level::Township,
            region: vec!["某省".into()],
            year: 2020,
            edition: None,
        });
        match parse_report(Path::new("2020.yaml"), edit(text)) {
            Ok(_) => panic!("the edit should not load"),
            Err(e) => e,
        }
    }

    #[test]
    fn load_errors_speak_chinese_too() {
        let row = |key: &str, values: &str| {
            let (key, values) = (format!("  {key}: "), values.to_owned());
            move |t: String| {
                t.lines()
                    .map(|l| match l.split_once(&key) {
                        Some((head, _)) if head.trim().is_empty() => format!("{head}{key}{values}"),
                        _ => l.to_owned(),
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            }
        };
        let cases: Vec<(LoadError, &str)> = vec![
            (broken(row("granted", "[1, 0, 0, 0, 0, 0, 1")), "没有闭合"),
            (
                broken(row("granted", "[1.5, 0, 0, 0, 0, 0, 1]")),
                "不是整数",
            ),
            (
                broken(row("granted", "[99999999999, 0, 0, 0, 0, 0, 1]")),
                "超出数量的上限",
            ),
            (broken(row("granted", "[1, 0, 0]")), "这一行有 3 个数字"),
            (broken(row("granted", "abc")), "值的类型不对"),
            (
                broken(|t| t.replace("  total: ", "  totl: ")),
                "未知的键 `totl`",
            ),
            (
                broken(|t| t.replace("year: 2020", "year: 二〇二〇")),
                "不是年份",
            ),
            (
                broken(|t| t.replace("edition: 2019", "edition: 2018")),
                "不是报告格式的版本",
            ),
            (broken(|t| format!("{t}\ntable4: {{}}\n")), "重复"),
            (
                broken(|t| t.replace("\n  granted:", "\n\tgranted:")),
                "制表符",
            ),
        ];
        for (e, phrase) in &cases {
            assert!(e.message.zh.contains(phrase), "{phrase}: {:?}", e.message);
            assert!(
                crate::english_words(&e.message.zh).is_empty(),
                "English in {:?}",
                e.message.zh
            );
            if let Some(help) = &e.help {
                let words = crate::english_words(&help.zh);
                assert!(
                    words
                        .iter()
                        .all(|w| ["docs", "content", "format", "md"].contains(&w.as_str())),
                    "English in {:?}",
                    help.zh
                );
            }
        }
        assert_eq!(
            cases[5].0.help.as_ref().map(|h| h.zh.as_str()),
            Some("是否应为 `total`？")
        );
    }

    #[test]
    fn suggestions_catch_typos_only() {
        assert_eq!(
            suggest("tabel3", &["table2", "table3", "body"]),
            Some("table3")
        );
        assert_eq!(suggest("zzz", &["table2", "table3", "body"]), None);
    }

    #[test]
    fn unknown_keys_get_a_did_you_mean() {
        let help =
            unknown_field_help("unknown field `totl`, expected one of `new_requests`, `total`");
        assert_eq!(help.en, "did you mean `total`?");
        assert_eq!(help.zh, "是否应为 `total`？");
    }
}
