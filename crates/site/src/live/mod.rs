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
mod verify;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use ogi_validate::Diagnostic;

use crate::engine::{self, Loaded, SiteOptions};
use crate::error::{self, BuildError};
use crate::model::{Entry, SiteModel};
use crate::output::{self, OutputMemory, RenderContext};
use crate::stale::Stale;
use crate::theme::Themes;
use crate::views::Listings;
use crate::write::{InPlace, OutputFile, Sink, Staging};
use content::Content;
use decide::{Inputs, Record};

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
        };
        site.reload_theme();
        let mut update = site.render()?;
        update.elapsed = started.elapsed();
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
        let started = Instant::now();
        let mut stages = Vec::new();
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
        let mut update = self.render()?;
        stages.append(&mut update.stages);
        update.stages = stages;
        if let Some(first) = first {
            // The rest of the update found these pages as they were just written.
            update.written += first.written.len();
            update.changed |= !first.written.is_empty();
            if self.live.verify {
                update.mismatched.extend(first.differing(self.output()));
            }
            update.first = first.written;
            update.first_at = first_at;
        }
        update.elapsed = started.elapsed();
        Ok(update)
    }

    /// Renders the pages of the reports saved since the last render and puts them in place
    /// at once, before anything else is rendered, when nothing but those reports' own
    /// pages can have changed of what they are made from: each report was in the site
    /// and still is, at the same path, year and region (so in the same place, under the
    /// same frame), and the themes and configuration are as last rendered. The render that
    /// follows makes every stale file as usual, these pages included (found unchanged).
    fn publish_first(&self) -> Option<FirstPages> {
        let record = self.record.as_ref()?;
        let themes = self.themes.as_ref()?;
        let loaded = &self.content.loaded;
        let ready = !self.live.full
            && loaded.archive.errors.is_empty()
            && self.theme_problem.is_none()
            && !self.themes_reloaded
            && !self.content.config_changed();
        let changed = self.content.changed_paths();
        if !ready || changed.is_empty() {
            return None;
        }
        let docs = &loaded.archive.documents;
        let diagnostics = &loaded.diagnostics;
        let mut entries = Vec::with_capacity(changed.len());
        for path in changed {
            let before = self.content.previous(path)?;
            let i = docs.binary_search_by(|d| d.path.as_path().cmp(path)).ok()?;
            let doc = &docs[i];
            if doc.report.year != before.report.year
                || doc.report.body.region != before.report.body.region
            {
                return None;
            }
            let (dir, body_dir, district) = record.place(path)?;
            // Diagnostics are sorted by file: this report's are one run, as the model's.
            let from = diagnostics.partition_point(|d| d.file.as_path() < path.as_path());
            let findings = diagnostics[from..]
                .iter()
                .take_while(|d| d.file.as_path() == path.as_path())
                .filter(|d| d.file.as_os_str() == doc.path.as_os_str())
                .collect();
            entries.push(Entry {
                doc,
                findings,
                dir: dir.to_owned(),
                body_dir: body_dir.to_owned(),
                district,
            });
        }
        let stale = (0..entries.len()).fold(Stale::nothing(entries.len()), Stale::with_entry);
        let model = SiteModel {
            frame: record.frame().clone(),
            entries,
        };
        let listings = Listings::default();
        let cx = RenderContext {
            model: &model,
            listings: &listings,
            themes,
            progress: &|_, _| {},
            stale: &stale,
            memory: None,
        };
        let sink = Recording {
            inner: InPlace::new(self.output()),
            kept: self.live.verify.then(Default::default),
        };
        // A failure here is the full render's to report: it renders these pages again.
        output::pages_only(&cx, &sink).ok()?;
        let kept = sink
            .kept
            .map(|k| k.into_inner().unwrap_or_else(PoisonError::into_inner))
            .unwrap_or_default();
        let done = sink.inner.commit().ok()?;
        Some(FirstPages {
            written: done.written,
            kept,
        })
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

    /// Renders what is stale, if nothing stands in the way.
    fn render(&mut self) -> Result<Update, BuildError> {
        let blocked = Update {
            blocked: true,
            ..Update::default()
        };
        let loaded = &self.content.loaded;
        if !loaded.archive.errors.is_empty() || self.theme_problem.is_some() {
            return Ok(blocked);
        }
        let Some(themes) = &self.themes else {
            return Ok(blocked);
        };
        let at = Instant::now();
        let model = engine::site_model(&loaded.archive, &loaded.diagnostics, &self.options);
        let inputs = Inputs::of(&model, themes);
        let before = if self.live.full {
            None
        } else {
            self.record.take()
        };
        let (stale, record) =
            decide::decide(before, inputs, &model, &self.content, self.themes_reloaded);
        let cx = RenderContext {
            model: &model,
            listings: record.listings(),
            themes,
            progress: &|_, _| {},
            stale: &stale,
            memory: Some(&self.memory),
        };
        let modelled = at.elapsed();
        let at = Instant::now();
        let out = &self.options.project.output;
        let result = if stale.is_everything() {
            render_everything(&cx, out)
        } else if stale.is_empty() {
            Ok(Update::default())
        } else {
            render_in_place(&cx, out)
        };
        match result {
            Ok(mut update) => {
                self.render_problem = None;
                update.stages.insert(0, ("model", modelled));
                update.stages.push(("render", at.elapsed()));
                self.record = Some(record);
                self.content.rendered();
                self.themes_reloaded = false;
                if self.live.verify && !update.full {
                    let at = Instant::now();
                    update.mismatched = self.verify()?;
                    update.stages.push(("verify", at.elapsed()));
                }
                Ok(update)
            }
            Err(e) => {
                // The outputs' memory may be half-updated: start over next time.
                self.memory.clear();
                self.record = None;
                self.render_problem = Some(error::lines(&e));
                match e {
                    BuildError::Template { .. }
                    | BuildError::Collision { .. }
                    | BuildError::Escape { .. } => Ok(blocked),
                    e => Err(e),
                }
            }
        }
    }
}

/// The pages a [`LiveSite::update`] put in place first.
struct FirstPages {
    /// Those written (their bytes changed).
    written: Vec<String>,
    /// With [`LiveOptions::verify`]: every page rendered, to compare with the full update's.
    kept: Vec<OutputFile>,
}

impl FirstPages {
    /// The pages that differ in the site at `out` from what was put in place first.
    fn differing(&self, out: &Path) -> Vec<String> {
        self.kept
            .iter()
            .filter(|f| std::fs::read(out.join(&f.path)).ok().as_deref() != Some(&f.bytes[..]))
            .map(|f| format!("{} (put in place first)", f.path))
            .collect()
    }
}

/// A sink that passes files on and, if asked, keeps a copy of each.
struct Recording<S> {
    inner: S,
    kept: Option<Mutex<Vec<OutputFile>>>,
}

impl<S: Sink> Sink for Recording<S> {
    fn emit(&self, file: OutputFile) -> Result<(), BuildError> {
        if let Some(kept) = &self.kept {
            kept.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(file.clone());
        }
        self.inner.emit(file)
    }

    fn remove(&self, path: &str) -> Result<(), BuildError> {
        self.inner.remove(path)
    }
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

/// Renders the stale files and replaces those whose bytes changed, in place.
fn render_in_place(cx: &RenderContext<'_>, out: &Path) -> Result<Update, BuildError> {
    let update = InPlace::new(out);
    let timings = output::run(cx, &update)?;
    let done = update.commit()?;
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
