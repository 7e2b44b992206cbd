//! What can go wrong loading a file, with where and what to do about it.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::message::Message;
use crate::source_map::Span;

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

    pub(super) fn at(mut self, span: Span) -> LoadError {
        self.span = Some(span);
        self
    }

    pub(super) fn help(mut self, help: Message) -> LoadError {
        self.help = Some(help);
        self
    }

    pub(super) fn with_text(mut self, text: &str) -> LoadError {
        self.text = Some(text.to_owned());
        self
    }
}
