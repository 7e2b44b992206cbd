//! The content of a live site as it stands: the loaded reports and their findings, kept
//! current file by file. Each report's own findings are cached; the rules that compare the
//! reports of one body run again for the bodies a change touched; the rules that compare
//! reports across bodies ([`ogi_validate::Scope::Archive`]) run again on every change.
//! Together they give exactly what `ogi check` of the whole folder gives.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use ogi_model::{Document, LoadError, is_report_path, load_report};
use ogi_validate::{Diagnostic, Scope};
use rayon::prelude::*;

use crate::engine::{Loaded, SiteOptions};
use crate::error::BuildError;

/// The loaded content and its findings, with what changed since they were last rendered.
#[derive(Debug)]
pub(super) struct Content {
    /// The archive and every diagnostic, as `ogi check` would give them.
    pub(super) loaded: Loaded,
    /// Each report's own findings (per-report rules), by file.
    per_report: HashMap<PathBuf, Vec<Diagnostic>>,
    /// The findings of the rules within one body, by group (body): a change re-runs its
    /// groups only.
    by_group: HashMap<String, Vec<Diagnostic>>,
    /// Groups whose reports changed since those rules last ran.
    dirty_groups: BTreeSet<String>,
    /// Report files whose text changed (or that appeared or vanished) since [`Content::rendered`].
    changed: BTreeSet<PathBuf>,
    /// Whether the site configuration changed since [`Content::rendered`].
    config_changed: bool,
    /// The findings of the rules across bodies and the report paths (in archive order)
    /// they were found for: those rules read paths only (see [`across_reads_paths_only`]),
    /// so while the paths stay the same the findings do.
    across: Option<(Vec<PathBuf>, Vec<Diagnostic>)>,
    /// The reports as they were when the site was last rendered, for those replaced since
    /// (by path): what a save changed of a report's place in the site.
    previous: HashMap<PathBuf, Document>,
}

/// The rules of [`Scope::Archive`] known to read nothing of a report but its path.
const PATH_ONLY_RULES: [&str; 1] = ["SLUG-COLLISION"];

/// Whether every rule across bodies reads only the reports' paths, so that their findings
/// can be kept while no report appears, vanishes or moves. A new such rule that reads
/// more turns the cache off until it is named in [`PATH_ONLY_RULES`] (or not).
fn across_reads_paths_only() -> bool {
    ogi_validate::registry()
        .iter()
        .filter(|r| r.scope() == Scope::Archive)
        .all(|r| PATH_ONLY_RULES.contains(&r.meta().id))
}

impl Content {
    /// Loads and checks the content folder of `options`.
    pub(super) fn open(options: &SiteOptions) -> Result<Content, BuildError> {
        let archive = ogi_model::load_archive(&options.project.content)?;
        let mut content = Content {
            loaded: Loaded {
                archive,
                diagnostics: Vec::new(),
                timings: Vec::new(),
                prose: None,
            },
            per_report: HashMap::new(),
            by_group: HashMap::new(),
            dirty_groups: BTreeSet::new(),
            changed: BTreeSet::new(),
            config_changed: true,
            across: None,
            previous: HashMap::new(),
        };
        content.recheck_all();
        Ok(content)
    }

    /// Whether the text of the report at `path` changed since [`Content::rendered`].
    pub(super) fn changed(&self, path: &Path) -> bool {
        self.changed.contains(path)
    }

    /// Whether the site configuration changed since [`Content::rendered`] (or the content
    /// was never rendered).
    pub(super) fn config_changed(&self) -> bool {
        self.config_changed
    }

    /// The report at `path` as it was when the site was last rendered, if it was replaced
    /// since (and existed then).
    pub(super) fn previous(&self, path: &Path) -> Option<&Document> {
        self.previous.get(path)
    }

    /// The loaded report at `path`, if there is one.
    pub(super) fn doc(&self, path: &Path) -> Option<&Document> {
        let docs = &self.loaded.archive.documents;
        let i = docs.binary_search_by(|d| d.path.as_path().cmp(path)).ok()?;
        docs.get(i)
    }

    /// The findings a full check would give about `doc` were it in place of the loaded
    /// report at its path (which must exist: its path, and so every path, is unchanged),
    /// in their order; `None` when that cannot be told without checking everything (a
    /// rule across bodies reads more than paths).
    pub(super) fn findings_of(&self, doc: &Document) -> Option<Vec<Diagnostic>> {
        let (_, across) = self.across.as_ref()?;
        if !across_reads_paths_only() || self.doc(&doc.path).is_none() {
            return None;
        }
        let group = ogi_validate::archive_group(doc);
        // The body's reports in archive order, as `check` gathers them, with `doc` in its place.
        let members: Vec<&Document> = self
            .loaded
            .archive
            .documents
            .iter()
            .filter_map(|d| {
                if d.path == doc.path {
                    Some(doc)
                } else {
                    (ogi_validate::archive_group(d) == group).then_some(d)
                }
            })
            .collect();
        let mut archive_wide = ogi_validate::check_archive(&members);
        archive_wide.extend(across.iter().filter(|d| d.file == doc.path).cloned());
        let mut found = ogi_validate::combine(&[], ogi_validate::check_report(doc), archive_wide);
        found.retain(|d| d.file.as_os_str() == doc.path.as_os_str());
        Some(found)
    }

    /// The report files whose text changed since [`Content::rendered`].
    pub(super) fn changed_paths(&self) -> &BTreeSet<PathBuf> {
        &self.changed
    }

    /// Notes that the site now shows the content as it stands.
    pub(super) fn rendered(&mut self) {
        self.changed.clear();
        self.previous.clear();
        self.config_changed = false;
    }

    /// Reloads the whole content folder; only reports whose text changed count as changed.
    /// `config` says that the configuration's file was saved.
    pub(super) fn reload_all(
        &mut self,
        options: &SiteOptions,
        config: bool,
    ) -> Result<(), BuildError> {
        let archive = ogi_model::load_archive(&options.project.content)?;
        let before: HashMap<&Path, &str> = self
            .loaded
            .archive
            .documents
            .iter()
            .map(|d| (d.path.as_path(), d.text.as_str()))
            .collect();
        let now: HashSet<&Path> = archive.documents.iter().map(|d| d.path.as_path()).collect();
        self.changed.extend(
            archive
                .documents
                .iter()
                .filter(|d| before.get(d.path.as_path()) != Some(&d.text.as_str()))
                .map(|d| d.path.clone()),
        );
        self.changed.extend(
            before
                .keys()
                .filter(|p| !now.contains(*p))
                .map(|p| p.to_path_buf()),
        );
        self.config_changed |= config || archive.config != self.loaded.archive.config;
        // What each report was before is no longer kept: no report counts as merely edited.
        self.previous.clear();
        self.loaded.archive = archive;
        self.recheck_all();
        Ok(())
    }

    /// Reloads the report files `paths` (changed, created or deleted) and those below
    /// `folders`; [`Content::check`] then checks what they touched.
    pub(super) fn reload(&mut self, paths: &BTreeSet<PathBuf>, folders: &BTreeSet<PathBuf>) {
        for path in paths.iter().chain(&self.reports_under(folders)) {
            self.reload_report(path);
        }
    }

    /// Re-runs every rule over every report.
    fn recheck_all(&mut self) {
        let docs = &self.loaded.archive.documents;
        self.per_report = docs
            .par_iter()
            .map(|d| (d.path.clone(), ogi_validate::check_report(d)))
            .collect();
        let mut groups: HashMap<String, Vec<&Document>> = HashMap::new();
        for d in docs {
            groups
                .entry(ogi_validate::archive_group(d))
                .or_default()
                .push(d);
        }
        self.by_group = groups
            .into_par_iter()
            .map(|(group, docs)| (group, ogi_validate::check_archive(&docs)))
            .collect();
        self.dirty_groups.clear();
        self.assemble();
    }

    /// Re-runs the rules within one body on the groups that changed, then puts the
    /// diagnostics together.
    pub(super) fn check(&mut self) {
        if !self.dirty_groups.is_empty() {
            let mut members: HashMap<String, Vec<&Document>> = HashMap::new();
            for d in &self.loaded.archive.documents {
                let group = ogi_validate::archive_group(d);
                if self.dirty_groups.contains(&group) {
                    members.entry(group).or_default().push(d);
                }
            }
            for group in std::mem::take(&mut self.dirty_groups) {
                match members.get(&group) {
                    Some(docs) => {
                        self.by_group
                            .insert(group, ogi_validate::check_archive(docs));
                    }
                    None => {
                        self.by_group.remove(&group);
                    }
                }
            }
        }
        self.assemble();
    }

    /// Puts the diagnostics together as `ogi check` would (its order is total, so the
    /// order they are gathered in does not matter).
    fn assemble(&mut self) {
        let archive = &self.loaded.archive;
        let per_report = self.per_report.values().flatten().cloned();
        let mut archive_wide: Vec<_> = self.by_group.values().flatten().cloned().collect();
        // The rules across bodies see every report, unless only paths matter to them and
        // no path changed.
        let same_paths = self.across.as_ref().is_some_and(|(paths, _)| {
            paths.len() == archive.documents.len()
                && paths
                    .iter()
                    .zip(&archive.documents)
                    .all(|(p, d)| *p == d.path)
        });
        if !(same_paths && across_reads_paths_only()) {
            let all: Vec<&Document> = archive.documents.iter().collect();
            let found = ogi_validate::check_across_bodies(&all);
            let paths = archive.documents.iter().map(|d| d.path.clone()).collect();
            self.across = Some((paths, found));
        }
        if let Some((_, found)) = &self.across {
            archive_wide.extend(found.iter().cloned());
        }
        self.loaded.diagnostics = ogi_validate::combine(&archive.errors, per_report, archive_wide);
    }

    /// The report files below `folders`: those there now, and those loaded from there.
    pub(super) fn reports_under(&self, folders: &BTreeSet<PathBuf>) -> BTreeSet<PathBuf> {
        let archive = &self.loaded.archive;
        let mut paths = BTreeSet::new();
        for folder in folders {
            if folder.is_dir() {
                paths.extend(ogi_model::discover(folder).0);
            }
            let known = archive
                .documents
                .iter()
                .map(|d| &d.path)
                .chain(archive.errors.iter().map(|e| &e.path));
            paths.extend(known.filter(|p| p.starts_with(folder)).cloned());
        }
        paths
    }

    /// Reloads one report file: changed, created or deleted.
    fn reload_report(&mut self, path: &Path) {
        let archive = &mut self.loaded.archive;
        if !is_report_path(&archive.root, path) {
            return;
        }
        let at = archive
            .documents
            .binary_search_by(|d| d.path.as_path().cmp(path));
        let had_error = archive.errors.iter().any(|e| e.path == path);
        archive.errors.retain(|e| e.path != path);
        if let Ok(i) = at {
            self.dirty_groups
                .insert(ogi_validate::archive_group(&archive.documents[i]));
        }
        let loaded: Option<Result<_, LoadError>> = path.is_file().then(|| load_report(path));
        if let Some(Ok(doc)) = &loaded {
            self.dirty_groups.insert(ogi_validate::archive_group(doc));
        }
        match (loaded, at) {
            (Some(Ok(doc)), Ok(i)) => {
                if doc.text == archive.documents[i].text && !had_error {
                    return;
                }
                self.per_report
                    .insert(path.to_owned(), ogi_validate::check_report(&doc));
                let old = std::mem::replace(&mut archive.documents[i], doc);
                // The first version replaced since the last render is what the site shows.
                if !self.changed.contains(path) {
                    self.previous.entry(path.to_owned()).or_insert(old);
                }
            }
            (Some(Ok(doc)), Err(i)) => {
                self.per_report
                    .insert(path.to_owned(), ogi_validate::check_report(&doc));
                archive.documents.insert(i, doc);
            }
            (Some(Err(e)), at) => {
                if let Ok(i) = at {
                    archive.documents.remove(i);
                }
                self.per_report.remove(path);
                let i = archive.errors.partition_point(|x| x.path.as_path() < path);
                archive.errors.insert(i, e);
            }
            (None, at) => {
                if let Ok(i) = at {
                    archive.documents.remove(i);
                }
                self.per_report.remove(path);
            }
        }
        self.changed.insert(path.to_owned());
    }
}
