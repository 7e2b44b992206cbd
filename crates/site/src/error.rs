//! Why a build fails: [`BuildError`], with the error that caused it as its source.

use std::path::{Path, PathBuf};

/// Why a build failed. The previous site is left as it was.
///
/// Where another error caused this one (a file that could not be read, a template tera
/// refused) it is the [`source`](std::error::Error::source), and the message names only
/// what failed: print the chain (`{:#}` with anyhow) to see both.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content folder is missing.
    #[error(transparent)]
    Content(#[from] ogi_model::ArchiveError),
    /// Some files could not be loaded; their diagnostics say why.
    #[error("{count} file{} could not be loaded; fix {} and build again", if *.count == 1 { "" } else { "s" }, if *.count == 1 { "it" } else { "them" })]
    Unloadable {
        /// How many.
        count: usize,
    },
    /// `--strict` and the content has errors.
    #[error("--strict: {errors} validation error{} (run `ogi check` to see them)", if *.errors == 1 { "" } else { "s" })]
    Strict {
        /// How many.
        errors: usize,
    },
    /// The theme is missing or broken.
    #[error("theme `{name}`: {message}")]
    Theme {
        /// Theme name.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// A theme's `theme.yaml` does not load.
    #[error("theme `{name}`")]
    Manifest {
        /// Theme name.
        name: String,
        /// Why it does not load.
        #[source]
        source: ogi_model::LoadError,
    },
    /// A template failed to compile or render.
    #[error("template {template}")]
    Template {
        /// Template name or folder.
        template: String,
        /// Tera's report.
        #[source]
        source: tera::Error,
    },
    /// Two outputs produced the same file.
    #[error("two outputs write {path}")]
    Collision {
        /// The file.
        path: String,
    },
    /// An output named a file outside the site folder.
    #[error("{path}: an output path must stay inside the site folder")]
    Escape {
        /// The path as the output gave it.
        path: String,
    },
    /// The output folder would destroy an input or someone else's files.
    #[error("{message}")]
    Output {
        /// The output folder.
        path: PathBuf,
        /// What it conflicts with and what to do.
        message: String,
    },
    /// Reading or writing failed.
    #[error("{}", .path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// A folder could not be walked.
    #[error("{}", .path.display())]
    Walk {
        /// The folder or the file below it that could not be read.
        path: PathBuf,
        /// The error.
        #[source]
        source: walkdir::Error,
    },
}

/// The error of an I/O failure at `path`.
pub(crate) fn io(path: &Path) -> impl Fn(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io {
        path: path.to_owned(),
        source,
    }
}

/// `e` and its causes, one per line: what a terminal shows of a failed render.
pub(crate) fn lines(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push('\n');
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
