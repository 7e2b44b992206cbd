//! A diagnostic is plain data: what rule, how severe, which file, which cell, what was
//! expected and what was found.

use std::path::{Path, PathBuf};

use ogi_model::{Document, Lang, LoadError, Message, Span};
use serde::{Serialize, Serializer};

/// How serious a finding is; ordered, so "fail on warnings" is a comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong with the figures themselves.
    Info,
    /// Probably wrong, but real data has legitimate exceptions.
    Warning,
    /// The report contradicts itself or the format.
    Error,
}

impl Severity {
    /// The word used in output: `error`, `warning`, `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The word in `lang`: `error`/`错误`, `warning`/`警告`, `info`/`提示`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, _) => self.as_str(),
            (Lang::Zh, Severity::Info) => "提示",
            (Lang::Zh, Severity::Warning) => "警告",
            (Lang::Zh, Severity::Error) => "错误",
        }
    }
}

/// A secondary place that a diagnostic points at, in the same file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there, such as `一、本年新收 · 自然人 = 4`.
    pub message: Message,
}

/// `{span, message, message_zh}`: the English `message` as before, the Chinese beside it.
impl Serialize for Label {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Label", 3)?;
        st.serialize_field("span", &self.span)?;
        st.serialize_field("message", &self.message.en)?;
        st.serialize_field("message_zh", &self.message.zh)?;
        st.end()
    }
}

/// One cell of a finding that covers many (the blank cells of a table): where it stands,
/// and the figure the other cells imply for it, if they do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellRef {
    /// The cell in the template's words, such as `表三 （一）予以公开 · 总计`.
    pub cell: String,
    /// Its YAML path, such as `table3.granted[6]`.
    pub path: String,
    /// Where its value stands in the file, if mapped.
    pub span: Option<Span>,
    /// The figure the other cells of its row imply (information only: the blank stays blank).
    pub derived: Option<i64>,
}

/// `{cell, path, line, column, span, derived?}`: flat location fields as for diagnostics.
impl Serialize for CellRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("CellRef", 6)?;
        st.serialize_field("cell", &self.cell)?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("line", &self.span.map(|s| s.line))?;
        st.serialize_field("column", &self.span.map(|s| s.column))?;
        st.serialize_field("span", &self.span)?;
        if let Some(derived) = self.derived {
            st.serialize_field("derived", &derived)?;
        } else {
            st.skip_field("derived")?;
        }
        st.end()
    }
}

/// One finding about one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule id (`T3-BALANCE`) or load-error code (`YAML-SYNTAX`).
    pub code: &'static str,
    /// How serious.
    pub severity: Severity,
    /// The file.
    pub file: PathBuf,
    /// The offending value, when known.
    pub span: Option<Span>,
    /// What is wrong, in both languages.
    pub message: Message,
    /// The table cell in the template's words, such as `表三 （七）总计 · 自然人`.
    pub cell: Option<String>,
    /// The figure the relation requires.
    pub expected: Option<String>,
    /// The figure the report has.
    pub actual: Option<String>,
    /// Other cells involved.
    pub labels: Vec<Label>,
    /// Further context.
    pub notes: Vec<Message>,
    /// What to do.
    pub help: Option<Message>,
    /// The cells a grouped finding covers, one by one (empty for a finding about one cell;
    /// left out of JSON then).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<CellRef>,
}

impl Diagnostic {
    /// A diagnostic with a code, severity, file and message, and nothing else yet.
    pub fn new(
        code: &'static str,
        severity: Severity,
        file: &Path,
        message: Message,
    ) -> Diagnostic {
        Diagnostic {
            code,
            severity,
            file: file.to_owned(),
            span: None,
            message,
            cell: None,
            expected: None,
            actual: None,
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            cells: Vec::new(),
        }
    }

    /// Points at a span.
    pub fn at(mut self, span: Option<Span>) -> Diagnostic {
        self.span = span;
        self
    }

    /// Points at the value at `path` in `doc` and names the cell.
    pub fn at_cell(mut self, doc: &Document, path: &str, cell: impl Into<String>) -> Diagnostic {
        self.span = doc.span(path);
        self.cell = Some(cell.into());
        self
    }

    /// Records the expected and the actual figure.
    pub fn expected(mut self, expected: impl ToString, actual: impl ToString) -> Diagnostic {
        self.expected = Some(expected.to_string());
        self.actual = Some(actual.to_string());
        self
    }

    /// Adds a secondary label at the value at `path` in `doc`, if it is mapped.
    pub fn label(mut self, doc: &Document, path: &str, message: Message) -> Diagnostic {
        if let Some(span) = doc.span(path) {
            self.labels.push(Label { span, message });
        }
        self
    }

    /// Adds a note.
    pub fn note(mut self, note: Message) -> Diagnostic {
        self.notes.push(note);
        self
    }

    /// Sets the help line.
    pub fn help(mut self, help: Message) -> Diagnostic {
        self.help = Some(help);
        self
    }

    /// The one-line summary in `lang`: cell, message, expected and actual.
    pub fn headline(&self, lang: Lang) -> String {
        let mut line = String::new();
        if let Some(cell) = &self.cell {
            line.push_str(cell);
            line.push_str(match lang {
                Lang::En => ": ",
                Lang::Zh => "：",
            });
        }
        line.push_str(self.message.get(lang));
        if let Some(figures) = self.figures(lang) {
            match lang {
                Lang::En => line.push_str(&format!(" ({figures})")),
                Lang::Zh => line.push_str(&format!("（{figures}）")),
            }
        }
        line
    }

    /// `expected 4, found 5` in `lang`, when both figures are known.
    pub fn figures(&self, lang: Lang) -> Option<String> {
        let (e, a) = (self.expected.as_ref()?, self.actual.as_ref()?);
        Some(match lang {
            Lang::En => format!("expected {e}, found {a}"),
            Lang::Zh => format!("应为 {e}，实为 {a}"),
        })
    }

    /// The diagnostic for a file that could not be loaded.
    pub fn from_load_error(e: &LoadError) -> Diagnostic {
        let mut d =
            Diagnostic::new(e.kind.code(), Severity::Error, &e.path, e.message.clone()).at(e.span);
        d.help = e.help.clone();
        d
    }
}
