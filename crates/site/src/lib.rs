//! `ogi-site`: builds the static archive from a content folder: load (walkdir, through
//! `ogi-model`), validate (`ogi-validate`), render (tera themes, in parallel), write (into a
//! staging folder swapped in only when complete).
//!
//! Outputs are plugins behind the [`Output`] trait: pages, open data, the feed, the sitemap
//! and the theme's assets each contribute files, and none knows of another.
//!
//! ```no_run
//! let options = ogi_site::SiteOptions::new(".");
//! let loaded = ogi_site::load(&options)?;
//! let summary = ogi_site::build(&loaded, &options, &|_, _| {})?;
//! println!("{} pages", summary.pages);
//! # Ok::<(), ogi_site::BuildError>(())
//! ```

mod charts;
mod context;
mod live;
mod markdown;
mod outcomes;
mod output;
mod scope;
mod site_dir;
mod tables;
mod theme;
mod write;

use std::path::PathBuf;

pub use ogi_model::Project;
use std::time::{Duration, Instant};

use ogi_model::Archive;
use ogi_validate::{Diagnostic, Severity};
use rayon::prelude::*;

pub use context::{SiteModel, normalize_base_url};
pub use live::{Changes, LiveSite, Update};
pub use markdown::{to_html as markdown_to_html, to_text as markdown_to_text};
pub use outcomes::{Figure, Outcomes, ReportRef, YearOutcomes};
pub use output::{
    MemorySink, Output, OutputFile, OutputMemory, RenderContext, Sink, builtin as builtin_outputs,
    xml_escape,
};
pub use scope::Scope;
pub use site_dir::output_conflict;
pub use tables::{DataCell, Head, Table, TableRow, cell_anchor};
pub use theme::{
    AppliedTheme, Templates, ThemeFile, ThemeListing, ThemeOrigin, Themes, eject_theme,
    list_themes, load as load_theme, new_theme,
};
pub use write::{Staging, WriteSummary, write_site};

/// What a build is asked to do.
#[derive(Clone, Debug)]
pub struct SiteOptions {
    /// Where the project's folders are (absolute) and where the site goes.
    pub project: Project,
    /// Theme to use instead of the configured one.
    pub theme: Option<String>,
    /// Base URL to use instead of the configured one.
    pub base_url: Option<String>,
    /// Fail on any validation error instead of publishing flagged reports.
    pub strict: bool,
}

impl SiteOptions {
    /// Defaults for the project at `root` (relative to the current folder, or absolute).
    pub fn new(root: impl AsRef<std::path::Path>) -> SiteOptions {
        SiteOptions::of(Project::at(root.as_ref()))
    }

    /// Defaults for `project`.
    pub fn of(project: Project) -> SiteOptions {
        SiteOptions {
            project,
            theme: None,
            base_url: None,
            strict: false,
        }
    }
}

/// Why a build failed. The previous site is left as it was.
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
    /// A template failed to compile or render.
    #[error("template {template}: {message}")]
    Template {
        /// Template name or folder.
        template: String,
        /// Tera's report.
        message: String,
    },
    /// Two outputs produced the same file.
    #[error("two outputs write {path}")]
    Collision {
        /// The file.
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
    #[error("{}: {message}", .path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        message: String,
    },
}

/// The content, loaded and validated.
#[derive(Debug)]
pub struct Loaded {
    /// Reports and load errors.
    pub archive: Archive,
    /// Every diagnostic: load errors and validation findings.
    pub diagnostics: Vec<Diagnostic>,
    /// How long loading and validating took.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Loads and validates the content of `options`.
pub fn load(options: &SiteOptions) -> Result<Loaded, BuildError> {
    let started = Instant::now();
    let archive = ogi_model::load_archive(&options.project.content)?;
    let loaded_at = Instant::now();
    let diagnostics = ogi_validate::check(&archive);
    Ok(Loaded {
        archive,
        diagnostics,
        timings: vec![
            ("load", loaded_at - started),
            ("validate", loaded_at.elapsed()),
        ],
    })
}

/// What a build produced.
#[derive(Clone, Debug, Default)]
pub struct BuildSummary {
    /// Reports published.
    pub reports: usize,
    /// Of which with validation errors (published, flagged).
    pub flagged: usize,
    /// HTML pages.
    pub pages: usize,
    /// All files written.
    pub files: usize,
    /// Files whose bytes changed.
    pub changed: usize,
    /// Total size.
    pub bytes: u64,
    /// Stages and their durations.
    pub timings: Vec<(&'static str, Duration)>,
}

/// The default theme of a build of `loaded`: `options.theme`, else the configured one.
fn theme_name(loaded: &Loaded, options: &SiteOptions) -> String {
    options
        .theme
        .clone()
        .or_else(|| loaded.archive.config.as_ref().map(|c| c.theme.clone()))
        .unwrap_or_else(|| "official".to_owned())
}

/// The site model of `loaded`, with the base URL of `options` or of the configuration.
fn site_model<'a>(loaded: &'a Loaded, options: &SiteOptions) -> SiteModel<'a> {
    let base_url = options
        .base_url
        .clone()
        .or_else(|| loaded.archive.config.as_ref().map(|c| c.base_url.clone()))
        .unwrap_or_else(|| "/".to_owned());
    SiteModel::new(&loaded.archive, &loaded.diagnostics, &base_url)
}

/// Loads every theme the pages of `model` use: the default and each district's.
fn load_themes(
    loaded: &Loaded,
    options: &SiteOptions,
    model: &SiteModel<'_>,
) -> Result<Themes, BuildError> {
    let no_options = ogi_model::ThemeOptions::new();
    Themes::load(
        &options.project.themes,
        &options.project.templates,
        &theme_name(loaded, options),
        loaded
            .archive
            .config
            .as_ref()
            .map_or(&no_options, |c| &c.theme_options),
        &model.districts,
    )
}

/// Runs every output over `cx`, in parallel; returns each one's duration.
fn run_outputs(
    cx: &RenderContext<'_>,
    sink: &dyn Sink,
) -> Result<Vec<(&'static str, Duration)>, BuildError> {
    builtin_outputs()
        .par_iter()
        .map(|o| {
            let started = Instant::now();
            o.render(cx, sink)?;
            Ok((o.name(), started.elapsed()))
        })
        .collect()
}

/// Renders every output for `loaded` into `sink`; returns the themes used.
pub fn render(
    loaded: &Loaded,
    options: &SiteOptions,
    sink: &dyn Sink,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Rendered, BuildError> {
    let model = site_model(loaded, options);
    let themes = load_themes(loaded, options, &model)?;
    let cx = RenderContext {
        model: &model,
        themes: &themes,
        progress,
        scope: &Scope::everything(),
        memory: None,
    };
    Ok(Rendered {
        timings: run_outputs(&cx, sink)?,
        themes: themes.used().map(|t| t.theme.clone()).collect(),
        theme: theme_name(loaded, options),
    })
}

/// What [`render`] did.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The default theme.
    pub theme: String,
    /// Every theme pages used: the default first, then the districts' own.
    pub themes: Vec<String>,
    /// Each output's own duration (they run in parallel).
    pub timings: Vec<(&'static str, Duration)>,
}

/// Renders the whole site into memory, sorted by path.
pub fn render_to_memory(
    loaded: &Loaded,
    options: &SiteOptions,
) -> Result<Vec<OutputFile>, BuildError> {
    let sink = MemorySink::default();
    render(loaded, options, &sink, &|_, _| {})?;
    Ok(sink.into_files())
}

/// Builds the site for `loaded` into `options.project.output`.
///
/// Reports with validation errors are published and flagged, unless `options.strict`.
/// Files are staged beside the output folder and swapped in only when every output
/// succeeded; on any error the previous site is left as it was.
pub fn build(
    loaded: &Loaded,
    options: &SiteOptions,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<BuildSummary, BuildError> {
    site_dir::guard(&options.project)?;
    let unloadable = loaded.archive.errors.len();
    if unloadable > 0 {
        return Err(BuildError::Unloadable { count: unloadable });
    }
    let errors = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if options.strict && errors > 0 {
        return Err(BuildError::Strict { errors });
    }
    let mut timings = loaded.timings.clone();
    let started = Instant::now();
    let staging = Staging::new(&options.project.output)?;
    let rendered = render(loaded, options, &staging, progress)?;
    timings.push(("render", started.elapsed()));
    timings.extend(rendered.timings);
    let started = Instant::now();
    let written = staging.commit()?;
    timings.push(("swap", started.elapsed()));
    let flagged = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.file.as_path())
        .collect::<std::collections::HashSet<_>>()
        .len();
    Ok(BuildSummary {
        reports: loaded.archive.documents.len(),
        flagged,
        pages: written.pages,
        files: written.files,
        changed: written.changed,
        bytes: written.bytes,
        timings,
    })
}
