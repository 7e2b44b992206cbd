//! The one engine behind `ogi build` and `ogi serve`: load and validate the content, make
//! the site model, and run every output into a [`Sink`](crate::write::Sink). A build runs
//! it with every input stale; a live preview with those that changed since its last render.

use std::path::Path;
use std::time::{Duration, Instant};

use ogi_model::{Archive, Project};
use ogi_validate::{Diagnostic, Severity};
use rayon::prelude::*;

use crate::error::BuildError;
use crate::model::SiteModel;
use crate::output::{self, RenderContext};
use crate::prose::ProseStore;
use crate::stale::Stale;
use crate::theme::Themes;
use crate::views::{Listing, Listings};
use crate::write::{MemorySink, OutputFile, Sink, Staging};

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

/// The content, loaded and validated.
#[derive(Debug)]
pub struct Loaded {
    /// Reports and load errors.
    pub archive: Archive,
    /// Every diagnostic: load errors and validation findings.
    pub diagnostics: Vec<Diagnostic>,
    /// How long loading and validating took.
    pub timings: Vec<(&'static str, Duration)>,
    /// Where the reports' prose is while a build runs (`None`: the reports keep it).
    pub(crate) prose: Option<ProseStore>,
}

/// Loads and validates the content of `options`.
///
/// Each report is validated as it loads and its text then dropped (unless a finding
/// points into it): the site is made from the typed reports, and `report.yaml` is copied
/// from the source file (see `output::data`). The archive's text, as large as the reports,
/// is never in memory all at once, and neither is its prose: each report's is moved to a
/// temporary file beside the site once it is checked (see `crate::prose`).
pub fn load(options: &SiteOptions) -> Result<Loaded, BuildError> {
    let started = Instant::now();
    // Beside the site: its nearest folder that exists (nothing is made before the load
    // succeeds), on the disk the site goes to.
    let beside = options
        .project
        .output
        .ancestors()
        .skip(1)
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .find(|p| p.is_dir());
    let prose = beside.and_then(ProseStore::new);
    let shed = |doc: &mut ogi_model::Document| {
        if let Some(store) = &prose {
            store.shed(doc);
        }
    };
    let (archive, diagnostics) =
        ogi_validate::load_and_check_keeping_with(&options.project.content, &shed)?;
    Ok(Loaded {
        archive,
        diagnostics,
        timings: vec![("load and validate", started.elapsed())],
        prose,
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

/// The default theme of a build of `archive`: `options.theme`, else the configured one.
fn theme_name(archive: &Archive, options: &SiteOptions) -> String {
    options
        .theme
        .clone()
        .or_else(|| archive.config.as_ref().map(|c| c.theme.clone()))
        .unwrap_or_else(|| "official".to_owned())
}

/// The site model of `archive` with its `diagnostics`, with the base URL of `options` or
/// of the configuration.
pub(crate) fn site_model<'a>(
    archive: &'a Archive,
    diagnostics: &'a [Diagnostic],
    options: &SiteOptions,
) -> SiteModel<'a> {
    let base_url = options
        .base_url
        .clone()
        .or_else(|| archive.config.as_ref().map(|c| c.base_url.clone()))
        .unwrap_or_else(|| "/".to_owned());
    SiteModel::new(archive, diagnostics, &base_url)
}

/// What the lists show of every report of `model`.
pub(crate) fn listings(model: &SiteModel<'_>) -> Listings {
    Listings::new(
        model
            .entries
            .par_iter()
            .map(|e| Listing::of(&model.frame, e))
            .collect(),
    )
}

/// Loads every theme the pages of `model` of `archive` use: the default and each district's.
pub(crate) fn load_themes(
    archive: &Archive,
    options: &SiteOptions,
    model: &SiteModel<'_>,
) -> Result<Themes, BuildError> {
    let no_options = ogi_model::ThemeOptions::new();
    Themes::load(
        &options.project.themes,
        &options.project.templates,
        &theme_name(archive, options),
        archive
            .config
            .as_ref()
            .map_or(&no_options, |c| &c.theme_options),
        &model.frame.districts,
    )
}

/// Renders every file of the site of `archive` with `diagnostics` into `sink`: what a
/// build does, and what a live preview does when it renders in full.
pub(crate) fn render_all(
    archive: &Archive,
    diagnostics: &[Diagnostic],
    prose: Option<&ProseStore>,
    options: &SiteOptions,
    sink: &dyn Sink,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<(&'static str, Duration)>, BuildError> {
    let model = site_model(archive, diagnostics, options);
    let themes = load_themes(archive, options, &model)?;
    let listings = listings(&model);
    output::run(
        &RenderContext {
            model: &model,
            listings: &listings,
            themes: &themes,
            progress,
            stale: &Stale::everything(),
            memory: None,
            prose,
        },
        sink,
    )
}

/// Renders the whole site into memory, sorted by path: the files `ogi build` writes.
pub fn render_to_memory(
    loaded: &Loaded,
    options: &SiteOptions,
) -> Result<Vec<OutputFile>, BuildError> {
    let sink = MemorySink::default();
    render_all(
        &loaded.archive,
        &loaded.diagnostics,
        loaded.prose.as_ref(),
        options,
        &sink,
        &|_, _| {},
    )?;
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
    crate::site_dir::guard(&options.project)?;
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
    let rendered = render_all(
        &loaded.archive,
        &loaded.diagnostics,
        loaded.prose.as_ref(),
        options,
        &staging,
        progress,
    )?;
    timings.push(("render", started.elapsed()));
    timings.extend(rendered);
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

impl<'a> SiteModel<'a> {
    /// The site model of `loaded`, as a build with `options` makes it.
    pub fn of(loaded: &'a Loaded, options: &SiteOptions) -> SiteModel<'a> {
        site_model(&loaded.archive, &loaded.diagnostics, options)
    }
}
