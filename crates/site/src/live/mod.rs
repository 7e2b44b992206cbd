//! A site kept current while its sources change: the engine behind `ogi serve`.
//!
//! [`LiveSite`] holds the content as it stands (see `content`), the themes and a record of
//! what the site on disk was rendered from. [`LiveSite::update`] reloads what changed,
//! decides which inputs are stale (see `decide`) and runs the same outputs as a build over
//! them, through the same writer: a full render goes into a staging folder swapped in
//! like a build's, an incremental one replaces single files in place. Either way the site
//! on disk is byte for byte what `ogi build` writes; [`LiveOptions::full`] renders in full
//! on every change, and [`LiveOptions::verify`] checks each incremental render against a
//! full one.

mod content;
mod decide;
mod first;
mod verify;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use ogi_validate::Diagnostic;

use crate::engine::{self, Loaded, SiteOptions};
use crate::error::{self, BuildError};
use crate::output::{self, OutputMemory, RenderContext};
use crate::theme::Themes;
use crate::write::{InPlace, OutputFile, Sink, Staging};
use content::Content;
use decide::{Inputs, Record};
pub use first::Ahead;
use first::{AheadPage, FirstPages};

/// Paths that changed on disk, sorted by what they are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Report files (changed, created or deleted).
    pub reports: BTreeSet<PathBuf>,
    /// Folders of the content that appeared or vanished (or paths that may have been
    /// folders): every report below them is reloaded.
    pub folders: BTreeSet<PathBuf>,
    /// The site configuration.
    pub config: bool,
    /// Templates or static files of a theme, or the site's own templates.
    pub theme: bool,
    /// Something changed that cannot be pinned to files (a folder appeared or vanished,
    /// or the watcher lost events): reload the whole content folder.
    pub rescan: bool,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.reports.is_empty()
            && self.folders.is_empty()
            && !self.config
            && !self.theme
            && !self.rescan
    }

    /// Adds the changes of `other`.
    pub fn merge(&mut self, other: Changes) {
        self.reports.extend(other.reports);
        self.folders.extend(other.folders);
        self.config |= other.config;
        self.theme |= other.theme;
        self.rescan |= other.rescan;
    }
}

/// How a live site renders after a change.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LiveOptions {
    /// Render every file on every change, as a build does, instead of only what the
    /// change touched.
    pub full: bool,
    /// After each incremental render, render everything into memory and compare; on a
    /// difference, write the full render and say so in [`Update::mismatched`]. A check of
    /// the engine itself, for debugging: it costs a full render per change.
    pub verify: bool,
}

/// What one [`LiveSite::update`] did.
#[derive(Clone, Debug, Default)]
pub struct Update {
    /// Everything was rendered (the site's layout changed), not just what depends on the change.
    pub full: bool,
    /// HTML pages rendered.
    pub pages: usize,
    /// Files written because their bytes changed (or they are new).
    pub written: usize,
    /// Files removed.
    pub removed: usize,
    /// Addresses (below the site) of the stylesheets that changed, when nothing else did:
    /// a browser can swap them without reloading the page.
    pub stylesheets_only: Option<Vec<String>>,
    /// Errors stand in the way (a report does not load, or the theme is broken): the site
    /// was left as it was; [`LiveSite::diagnostics`] and [`LiveSite::problem`] say why.
    pub blocked: bool,
    /// Whether the site on disk changed at all.
    pub changed: bool,
    /// With [`LiveOptions::verify`]: the files in which the incremental render differed
    /// from a full one (then written in full), and `diagnostics` if the cached findings
    /// differed from a fresh check. Empty when they agreed.
    pub mismatched: Vec<String>,
    /// The pages of the saved reports, put in place first, before the rest of the update
    /// (paths below the site), when the save left each report where it was.
    pub first: Vec<String>,
    /// When those pages were in place, from the start of the update.
    pub first_at: Option<Duration>,
    /// How long the update took.
    pub elapsed: Duration,
    /// Its stages and their durations: reload, check, model, render, write.
    pub stages: Vec<(&'static str, Duration)>,
}

/// A site kept current as its sources change.
pub struct LiveSite {
    options: SiteOptions,
    live: LiveOptions,
    content: Content,
    themes: Option<Themes>,
    /// The themes were loaded again since the last render: their static files may differ.
    themes_reloaded: bool,
    /// Why the themes do not load: nothing renders until they are fixed.
    theme_problem: Option<String>,
    /// Why the last render failed (a template, two outputs writing one file): the next
    /// update tries again.
    render_problem: Option<String>,
    memory: OutputMemory,
    /// What the site on disk was rendered from; none when unknown (render everything).
    record: Option<Record>,
    /// How many times the content was reloaded.
    generation: u64,
    /// What the render in progress, or the last, is made from.
    basis: Mutex<Option<Basis>>,
    /// Whether an update is between [`LiveSite::begin`] and [`LiveSite::finish`].
    rendering: AtomicBool,
    /// Pages put in place ahead of their update, by path below the site.
    ahead: Mutex<HashMap<String, AheadPage>>,
}

impl std::fmt::Debug for LiveSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveSite")
            .field("output", &self.options.project.output)
            .field("reports", &self.content.loaded.archive.documents.len())
            .field("problem", &self.problem())
            .finish_non_exhaustive()
    }
}

impl LiveSite {
    /// Loads the sources of `options` and renders the whole site into `options.project.output`.
    ///
    /// Fails only when the content folder cannot be read at all; a report that does not
    /// load or a broken theme leaves the update blocked, with the reason in
    /// [`LiveSite::diagnostics`] or [`LiveSite::problem`].
    pub fn open(options: SiteOptions, live: LiveOptions) -> Result<(LiveSite, Update), BuildError> {
        let started = Instant::now();
        crate::site_dir::guard(&options.project)?;
        let content = Content::open(&options)?;
        let mut site = LiveSite {
            options,
            live,
            content,
            themes: None,
            themes_reloaded: false,
            theme_problem: None,
            render_problem: None,
            memory: OutputMemory::default(),
            record: None,
            generation: 0,
            basis: Mutex::default(),
            rendering: AtomicBool::new(false),
            ahead: Mutex::default(),
        };
        site.reload_theme();
        let mut pending = Pending {
            started,
            stages: Vec::new(),
            first: None,
            first_at: None,
            before: None,
            rendered: None,
        };
        site.rendering.store(true, Ordering::SeqCst);
        site.render_pending(&mut pending);
        let update = site.finish(pending)?;
        Ok((site, update))
    }

    /// The loaded content.
    pub fn loaded(&self) -> &Loaded {
        &self.content.loaded
    }

    /// Every diagnostic of the content as it stands: load errors and validation findings.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.content.loaded.diagnostics
    }

    /// A problem that is not about a report: the theme does not compile, or a page failed
    /// to render. `None` when the site is current.
    pub fn problem(&self) -> Option<&str> {
        self.theme_problem
            .as_deref()
            .or(self.render_problem.as_deref())
    }

    /// What the site was opened with: the project's folders, the theme, the base URL.
    pub fn options(&self) -> &SiteOptions {
        &self.options
    }

    /// The folder the site is written to.
    pub fn output(&self) -> &Path {
        &self.options.project.output
    }

    /// Applies `changes`: reloads what changed and renders what depends on it.
    ///
    /// Errors in the content never fail an update: it reports itself blocked and the site
    /// stays as it was until they are fixed; what changed meanwhile is rendered then.
    /// `Err` means the site could not be written.
    pub fn update(&mut self, changes: &Changes) -> Result<Update, BuildError> {
        let mut pending = self.begin(changes)?;
        self.render_pending(&mut pending);
        self.finish(pending)
    }

    /// The first part of [`LiveSite::update`]: reloads what changed, checks it and puts
    /// the pages of the saved reports in place. [`LiveSite::render_pending`] and
    /// [`LiveSite::finish`] do the rest; meanwhile [`LiveSite::publish_ahead`] may run.
    pub fn begin(&mut self, changes: &Changes) -> Result<Pending, BuildError> {
        let started = Instant::now();
        let mut stages = Vec::new();
        self.generation += 1;
        if changes.config || changes.rescan {
            self.content.reload_all(&self.options, changes.config)?;
            stages.push(("reload", started.elapsed()));
        } else {
            self.content.reload(&changes.reports, &changes.folders);
            stages.push(("reload", started.elapsed()));
            let at = Instant::now();
            self.content.check();
            stages.push(("check", at.elapsed()));
        }
        let mut first = None;
        if !(changes.theme || changes.config || changes.rescan) {
            let at = Instant::now();
            first = self.publish_first();
            if first.is_some() {
                stages.push(("first", at.elapsed()));
            }
        }
        let first_at = first.as_ref().map(|_| started.elapsed());
        if changes.theme || changes.config {
            let at = Instant::now();
            self.reload_theme();
            stages.push(("theme", at.elapsed()));
        }
        let before = if self.live.full {
            None
        } else {
            self.record.take()
        };
        self.rendering.store(true, Ordering::SeqCst);
        Ok(Pending {
            started,
            stages,
            first,
            first_at,
            before,
            rendered: None,
        })
    }

    /// The long part of [`LiveSite::update`]: renders what is stale and writes it. It only
    /// reads the site, so [`LiveSite::publish_ahead`] can run meanwhile.
    pub fn render_pending(&self, pending: &mut Pending) {
        let loaded = &self.content.loaded;
        let Some(themes) = &self.themes else {
            pending.rendered = Some(Rendered::Blocked);
            return;
        };
        if !loaded.archive.errors.is_empty() || self.theme_problem.is_some() {
            pending.rendered = Some(Rendered::Blocked);
            return;
        }
        let at = Instant::now();
        let model = engine::site_model(&loaded.archive, &loaded.diagnostics, &self.options);
        let inputs = Inputs::of(&model, themes);
        let (stale, record) = decide::decide(
            pending.before.take(),
            inputs,
            &model,
            &self.content,
            self.themes_reloaded,
        );
        *self.basis.lock().unwrap_or_else(PoisonError::into_inner) = Some(Basis {
            inputs: Arc::clone(record.inputs()),
            generation: self.generation,
            everything: stale.is_everything(),
        });
        let cx = RenderContext {
            model: &model,
            listings: record.listings(),
            themes,
            progress: &|_, _| {},
            stale: &stale,
            memory: Some(&self.memory),
            prose: None,
        };
        let modelled = at.elapsed();
        let at = Instant::now();
        let out = &self.options.project.output;
        let result = if stale.is_everything() {
            render_everything(&cx, out).and_then(|update| {
                // A page put ahead meanwhile is newer than the one just swapped in.
                let mut ahead = self.ahead.lock().unwrap_or_else(PoisonError::into_inner);
                ahead.retain(|_, page| self.newer(page));
                let again = InPlace::new(out);
                for (path, page) in ahead.iter() {
                    again.emit(OutputFile::new(path.clone(), page.bytes.clone()))?;
                }
                again.commit()?;
                Ok(update)
            })
        } else if stale.is_empty() {
            Ok(Update::default())
        } else {
            render_in_place(&cx, out, &self.ahead, &|page| self.newer(page))
        };
        pending.rendered = Some(Rendered::Done(Box::new(Done {
            result,
            record,
            modelled,
            rendering: at.elapsed(),
        })));
    }

    /// The last part of [`LiveSite::update`]: notes what the site now shows.
    pub fn finish(&mut self, mut pending: Pending) -> Result<Update, BuildError> {
        self.rendering.store(false, Ordering::SeqCst);
        if let Some(b) = self
            .basis
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .as_mut()
        {
            b.everything = false;
        }
        let blocked = Update {
            blocked: true,
            ..Update::default()
        };
        let mut update = match pending.rendered.take() {
            None | Some(Rendered::Blocked) => {
                self.record = pending.before.take();
                blocked
            }
            Some(Rendered::Done(done)) => match *done {
                Done {
                    result: Ok(mut update),
                    record,
                    modelled,
                    rendering,
                } => {
                    self.render_problem = None;
                    update.stages.insert(0, ("model", modelled));
                    update.stages.push(("render", rendering));
                    self.record = Some(record);
                    self.content.rendered();
                    self.themes_reloaded = false;
                    if self.live.verify && !update.full {
                        let at = Instant::now();
                        update.mismatched = self.verify()?;
                        update.stages.push(("verify", at.elapsed()));
                    }
                    update
                }
                Done { result: Err(e), .. } => {
                    // The outputs' memory may be half-updated: start over next time.
                    self.memory.clear();
                    self.record = None;
                    *self.basis.get_mut().unwrap_or_else(PoisonError::into_inner) = None;
                    self.render_problem = Some(error::lines(&e));
                    match e {
                        BuildError::Template { .. }
                        | BuildError::Collision { .. }
                        | BuildError::Escape { .. } => blocked,
                        e => return Err(e),
                    }
                }
            },
        };
        let mut stages = std::mem::take(&mut pending.stages);
        stages.append(&mut update.stages);
        update.stages = stages;
        if let Some(first) = pending.first.take() {
            // The rest of the update found these pages as they were just written.
            update.written += first.written.len();
            update.changed |= !first.written.is_empty();
            if self.live.verify && !update.blocked {
                update.mismatched.extend(first.differing(self.output()));
            }
            update.first = first.written;
            update.first_at = pending.first_at;
        }
        update.elapsed = pending.started.elapsed();
        Ok(update)
    }

    /// Loads the themes again.
    fn reload_theme(&mut self) {
        let loaded = &self.content.loaded;
        let model = engine::site_model(&loaded.archive, &loaded.diagnostics, &self.options);
        match engine::load_themes(&loaded.archive, &self.options, &model) {
            Ok(themes) => {
                self.themes = Some(themes);
                self.themes_reloaded = true;
                self.theme_problem = None;
            }
            Err(e) => self.theme_problem = Some(error::lines(&e)),
        }
    }
}

/// An update begun by [`LiveSite::begin`], to be rendered and finished.
#[derive(Debug)]
pub struct Pending {
    started: Instant,
    stages: Vec<(&'static str, Duration)>,
    first: Option<FirstPages>,
    first_at: Option<Duration>,
    before: Option<Record>,
    rendered: Option<Rendered>,
}

impl Pending {
    /// The pages of the saved reports that [`LiveSite::begin`] put in place (below the site).
    pub fn first_pages(&self) -> &[String] {
        self.first.as_ref().map_or(&[], |f| &f.written)
    }
}

/// What [`LiveSite::render_pending`] did.
#[derive(Debug)]
enum Rendered {
    /// Nothing: errors stand in the way.
    Blocked,
    /// The render, and the record of what it was made from.
    Done(Box<Done>),
}

/// A render that ran.
#[derive(Debug)]
struct Done {
    result: Result<Update, BuildError>,
    record: Record,
    modelled: Duration,
    rendering: Duration,
}

/// What the render in progress (or the last one) is made from, for pages put ahead.
#[derive(Debug)]
struct Basis {
    inputs: Arc<Inputs>,
    /// The content's generation it was decided for.
    generation: u64,
    /// It renders everything (into a folder swapped in whole).
    everything: bool,
}

/// Renders every file into a staging folder and swaps it in, like a build.
fn render_everything(cx: &RenderContext<'_>, out: &Path) -> Result<Update, BuildError> {
    let staging = Staging::new(out)?;
    let timings = output::run(cx, &staging)?;
    let written = staging.commit()?;
    Ok(Update {
        full: true,
        pages: written.pages,
        written: written.changed,
        removed: written.removed,
        changed: written.changed + written.removed > 0,
        stages: timings,
        ..Update::default()
    })
}

/// Renders the stale files and replaces those whose bytes changed, in place, but for the
/// pages put `ahead` that are `newer` than the content rendered.
fn render_in_place(
    cx: &RenderContext<'_>,
    out: &Path,
    ahead: &Mutex<HashMap<String, AheadPage>>,
    newer: &dyn Fn(&AheadPage) -> bool,
) -> Result<Update, BuildError> {
    let update = InPlace::new(out);
    let timings = output::run(cx, &update)?;
    let done = {
        let mut pages = ahead.lock().unwrap_or_else(PoisonError::into_inner);
        pages.retain(|_, page| newer(page));
        update.commit_except(&|p| pages.contains_key(p))?
    };
    let stylesheets = done.written.iter().all(|p| p.ends_with(".css"));
    Ok(Update {
        pages: done.pages,
        written: done.written.len(),
        removed: done.removed,
        changed: !done.written.is_empty() || done.removed > 0,
        stylesheets_only: (stylesheets && done.removed == 0 && !done.written.is_empty())
            .then_some(done.written),
        stages: timings,
        ..Update::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_merge_and_know_when_empty() {
        let mut a = Changes::default();
        assert!(a.is_empty());
        a.merge(Changes {
            reports: [PathBuf::from("x.yaml")].into(),
            ..Changes::default()
        });
        a.merge(Changes {
            theme: true,
            ..Changes::default()
        });
        assert!(!a.is_empty() && a.theme && a.reports.len() == 1 && !a.config);
    }
}
