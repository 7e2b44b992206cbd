//! The pages of saved reports, put in place before the rest of their update: by the
//! update itself once it has loaded them ([`LiveSite::begin`]), or read from their files
//! while the previous update still renders ([`LiveSite::publish_ahead`]). Each is the page
//! a full render makes: the same frame and place (the save left the report where it was),
//! the findings a full check gives. No update puts an older version back over one.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, PoisonError};

use super::{Changes, LiveSite};
use crate::error::BuildError;
use crate::model::{Entry, Frame, SiteModel};
use crate::output::{self, RenderContext};
use crate::stale::Stale;
use crate::theme::Themes;
use crate::views::Listings;
use crate::write::{InPlace, OutputFile, Sink};

impl LiveSite {
    /// Puts the pages of the reports that `changes` saved in place, read from their files,
    /// ahead of the update that will load them: while another update renders, from
    /// another thread. Only a save that leaves each report where it was (same path, year
    /// and region) of a site that renders is put ahead; the update that follows makes its
    /// page again, and no update in between puts an older version back.
    pub fn publish_ahead(&self, changes: &Changes) -> Ahead {
        // A check of itself compares the site with the content loaded: nothing goes ahead.
        if self.live.full
            || self.live.verify
            || changes.config
            || changes.theme
            || changes.rescan
            || changes.reports.is_empty()
            || self.theme_problem.is_some()
            || !self.content.loaded.archive.errors.is_empty()
            || !self.content.reports_under(&changes.folders).is_empty()
        {
            return Ahead::Never;
        }
        let Some(themes) = &self.themes else {
            return Ahead::Never;
        };
        let inputs = {
            let basis = self.basis.lock().unwrap_or_else(PoisonError::into_inner);
            match &*basis {
                None => return Ahead::Never,
                Some(b) if b.generation != self.generation || b.everything => {
                    return if self.rendering.load(Ordering::SeqCst) {
                        Ahead::Wait
                    } else {
                        Ahead::Never
                    };
                }
                Some(b) => Arc::clone(&b.inputs),
            }
        };
        let mut docs = Vec::with_capacity(changes.reports.len());
        for path in &changes.reports {
            let Ok(doc) = ogi_model::load_report(path) else {
                return Ahead::Never;
            };
            let Some(shown) = self.content.doc(path) else {
                return Ahead::Never;
            };
            if doc.text == shown.text {
                continue;
            }
            if doc.report.year != shown.report.year
                || doc.report.body.region != shown.report.body.region
            {
                return Ahead::Never;
            }
            let Some(findings) = self.content.findings_of(&doc) else {
                return Ahead::Never;
            };
            docs.push((doc, findings));
        }
        let mut entries = Vec::with_capacity(docs.len());
        for (doc, findings) in &docs {
            let Some((dir, body_dir, district)) = inputs.place(&doc.path) else {
                return Ahead::Never;
            };
            entries.push(Entry {
                doc,
                findings: findings.iter().collect(),
                dir: dir.to_owned(),
                body_dir: body_dir.to_owned(),
                district,
            });
        }
        if entries.is_empty() {
            return Ahead::Never;
        }
        match self.render_first(inputs.frame(), entries, themes, true) {
            Some(first) => Ahead::Published(first.written),
            None => Ahead::Never,
        }
    }

    /// Whether the page put ahead is newer than what the loaded content renders (its
    /// report's text is not loaded yet).
    pub(super) fn newer(&self, page: &AheadPage) -> bool {
        self.content
            .doc(&page.report)
            .is_some_and(|d| d.text != page.text)
    }

    /// Renders the pages of the reports saved since the last render and puts them in place
    /// at once, before anything else is rendered, when nothing but those reports' own
    /// pages can have changed of what they are made from: each report was in the site
    /// and still is, at the same path, year and region (so in the same place, under the
    /// same frame), and the themes and configuration are as last rendered. The render that
    /// follows makes every stale file as usual, these pages included (found unchanged).
    pub(super) fn publish_first(&self) -> Option<FirstPages> {
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
            let (dir, body_dir, district) = record.inputs().place(path)?;
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
        self.render_first(record.inputs().frame(), entries, themes, false)
    }

    /// Renders the report pages of `entries` under `frame` and puts them in place; `ahead`
    /// says their reports are not loaded yet (the pages are remembered as newer than the
    /// content), else pages put ahead that are newer are left alone.
    fn render_first(
        &self,
        frame: &Frame,
        entries: Vec<Entry<'_>>,
        themes: &Themes,
        ahead: bool,
    ) -> Option<FirstPages> {
        let reports: HashMap<String, (PathBuf, String)> = entries
            .iter()
            .map(|e| {
                (
                    format!("{}/index.html", e.dir),
                    (e.doc.path.clone(), e.doc.text.clone()),
                )
            })
            .collect();
        let stale = (0..entries.len()).fold(Stale::nothing(entries.len()), Stale::with_entry);
        let model = SiteModel {
            frame: frame.clone(),
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
            prose: None,
        };
        let sink = Recording {
            inner: InPlace::new(self.output()),
            kept: Mutex::default(),
        };
        // A failure here is the full render's to report: it renders these pages again.
        output::pages_only(&cx, &sink).ok()?;
        let kept = sink
            .kept
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let mut pages = self.ahead.lock().unwrap_or_else(PoisonError::into_inner);
        let done = if ahead {
            let done = sink.inner.commit().ok()?;
            for f in &kept {
                if let Some((report, text)) = reports.get(&f.path) {
                    pages.insert(
                        f.path.clone(),
                        AheadPage {
                            report: report.clone(),
                            text: text.clone(),
                            bytes: f.bytes.clone(),
                        },
                    );
                }
            }
            done
        } else {
            pages.retain(|_, page| self.newer(page));
            let newer: HashSet<String> = pages.keys().cloned().collect();
            sink.inner.commit_except(&|p| newer.contains(p)).ok()?
        };
        Some(FirstPages {
            written: done.written,
            kept: if self.live.verify { kept } else { Vec::new() },
        })
    }
}

/// What [`LiveSite::publish_ahead`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ahead {
    /// The pages were put in place (those written, below the site).
    Published(Vec<String>),
    /// Not now: an update is about to know what the site will look like; ask again soon.
    Wait,
    /// Not this change: its update puts the pages in place.
    Never,
}

/// A page put in place ahead of the update that loads its report.
#[derive(Debug)]
pub(super) struct AheadPage {
    /// The report's file.
    report: PathBuf,
    /// The report's text it was made from.
    text: String,
    /// The page.
    pub(super) bytes: Vec<u8>,
}

/// The pages a [`LiveSite::update`] put in place first.
#[derive(Debug)]
pub(super) struct FirstPages {
    /// Those written (their bytes changed).
    pub(super) written: Vec<String>,
    /// With [`LiveOptions::verify`]: every page rendered, to compare with the full update's.
    kept: Vec<OutputFile>,
}

impl FirstPages {
    /// The pages that differ in the site at `out` from what was put in place first.
    pub(super) fn differing(&self, out: &Path) -> Vec<String> {
        self.kept
            .iter()
            .filter(|f| std::fs::read(out.join(&f.path)).ok().as_deref() != Some(&f.bytes[..]))
            .map(|f| format!("{} (put in place first)", f.path))
            .collect()
    }
}

/// A sink that passes files on and keeps a copy of each.
struct Recording<S> {
    inner: S,
    kept: Mutex<Vec<OutputFile>>,
}

impl<S: Sink> Sink for Recording<S> {
    fn emit(&self, file: OutputFile) -> Result<(), BuildError> {
        self.kept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(file.clone());
        self.inner.emit(file)
    }

    fn remove(&self, path: &str) -> Result<(), BuildError> {
        self.inner.remove(path)
    }
}
