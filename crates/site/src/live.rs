//! A site kept current while its sources change: the engine behind `ogi serve`.
//!
//! [`LiveSite`] holds the loaded archive, each report's findings, the theme and the state of
//! the outputs. [`LiveSite::update`] takes the paths that changed, reloads only those, and
//! re-renders only the pages, data and search records that depend on them; the result on
//! disk is byte-identical to a fresh `ogi build` of the same sources (the serve tests check
//! this after every edit). When the shape of the site changes (a report added, removed or
//! moved, the configuration or the navigation), everything is rendered again, and only
//! files whose bytes changed are written.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ogi_model::{District, LoadError, is_report_path, load_report};
use ogi_validate::Diagnostic;

use crate::context::{Nav, SiteInfo};
use crate::output::{MemorySink, OutputFile, OutputMemory, RenderContext};
use crate::write::{io, same_bytes};
use crate::{BuildError, Loaded, Scope, SiteOptions, Staging, Themes};

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

/// What one [`LiveSite::update`] did.
#[derive(Clone, Debug, Default)]
pub struct Update {
    /// Everything was rendered (the site's shape changed), not just what depends on the change.
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
    /// How long the update took.
    pub elapsed: Duration,
    /// Its stages and their durations: reload, check, model, render, write.
    pub stages: Vec<(&'static str, Duration)>,
}

/// What the site on disk was last rendered from; compared with the next model to decide
/// between an incremental and a full render.
#[derive(Debug, PartialEq)]
struct Shape {
    site: SiteInfo,
    nav: Nav,
    districts: Vec<District>,
    /// Each used theme's chain, and the options of the default and of each district.
    themes: crate::theme::ThemeSettings,
    /// Report page folders and their files, in site order.
    order: Vec<(String, PathBuf)>,
}

/// What the lists of the archive (home, years, districts, statistics, feed, sitemap) show
/// of one report: when a save leaves it as it was (a figure of table 2, a sentence), the
/// big index pages are not rendered again.
#[derive(Debug, PartialEq)]
struct Listed {
    summary: crate::context::ReportSummary,
    body: String,
    level: &'static str,
    outcomes: crate::Outcomes,
}

impl Listed {
    fn of(m: &crate::SiteModel<'_>, e: &crate::context::Entry<'_>) -> Listed {
        Listed {
            summary: m.summary(e),
            body: e.doc.report.body.display_name().to_owned(),
            level: e.doc.report.body.level.label(),
            outcomes: crate::Outcomes::of(&e.doc.report),
        }
    }
}

/// What is waiting to be rendered.
#[derive(Debug, Default)]
struct Pending {
    everything: bool,
    reports: BTreeSet<PathBuf>,
    templates: BTreeSet<String>,
    assets: bool,
}

/// A site kept current as its sources change.
pub struct LiveSite {
    options: SiteOptions,
    loaded: Loaded,
    /// Each report's own findings (per-report rules), by file.
    per_report: HashMap<PathBuf, Vec<Diagnostic>>,
    /// The archive rules' findings, by group (body): a change re-runs its groups only.
    by_group: HashMap<String, Vec<Diagnostic>>,
    /// Groups whose reports changed since the archive rules last ran.
    dirty_groups: BTreeSet<String>,
    themes: Option<Themes>,
    problem: Option<String>,
    memory: OutputMemory,
    shape: Option<Shape>,
    /// Each report's findings when the site was last rendered, in site order.
    findings: Vec<Vec<Diagnostic>>,
    /// What the lists showed of each report when the site was last rendered, in site order.
    listed: Vec<Listed>,
    pending: Pending,
}

impl std::fmt::Debug for LiveSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveSite")
            .field("output", &self.options.project.output)
            .field("reports", &self.loaded.archive.documents.len())
            .field("problem", &self.problem)
            .finish_non_exhaustive()
    }
}

impl LiveSite {
    /// Loads the sources of `options` and renders the whole site into `options.project.output`.
    ///
    /// Fails only when the content folder cannot be read at all; a report that does not
    /// load or a broken theme leaves the update blocked, with the reason in
    /// [`LiveSite::diagnostics`] or [`LiveSite::problem`].
    pub fn open(options: SiteOptions) -> Result<(LiveSite, Update), BuildError> {
        let started = Instant::now();
        crate::site_dir::guard(&options.project)?;
        let archive = ogi_model::load_archive(&options.project.content)?;
        let mut site = LiveSite {
            options,
            loaded: Loaded {
                archive,
                diagnostics: Vec::new(),
                timings: Vec::new(),
            },
            per_report: HashMap::new(),
            by_group: HashMap::new(),
            dirty_groups: BTreeSet::new(),
            themes: None,
            problem: None,
            memory: OutputMemory::default(),
            shape: None,
            findings: Vec::new(),
            listed: Vec::new(),
            pending: Pending {
                everything: true,
                ..Pending::default()
            },
        };
        site.recheck_all();
        site.reload_theme();
        let mut update = site.render()?;
        update.elapsed = started.elapsed();
        Ok((site, update))
    }

    /// The loaded content.
    pub fn loaded(&self) -> &Loaded {
        &self.loaded
    }

    /// Every diagnostic of the content as it stands: load errors and validation findings.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.loaded.diagnostics
    }

    /// A problem that is not about a report: the theme does not compile, or a page failed
    /// to render. `None` when the site is current.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
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
            self.reload_content(changes.config)?;
            stages.push(("reload", started.elapsed()));
        } else {
            for path in changes
                .reports
                .iter()
                .chain(&self.reports_under(&changes.folders))
            {
                self.reload_report(path);
            }
            stages.push(("reload", started.elapsed()));
            let at = Instant::now();
            self.recheck_archive();
            stages.push(("check", at.elapsed()));
        }
        if changes.theme || changes.config {
            let at = Instant::now();
            self.reload_theme();
            stages.push(("theme", at.elapsed()));
        }
        let mut update = self.render()?;
        stages.append(&mut update.stages);
        update.stages = stages;
        update.elapsed = started.elapsed();
        Ok(update)
    }

    /// Re-runs every rule over every report.
    fn recheck_all(&mut self) {
        use rayon::prelude::*;
        let docs = &self.loaded.archive.documents;
        self.per_report = docs
            .par_iter()
            .map(|d| (d.path.clone(), ogi_validate::check_report(d)))
            .collect();
        let mut groups: HashMap<String, Vec<&ogi_model::Document>> = HashMap::new();
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

    /// Re-runs the archive rules on the groups that changed, then puts the diagnostics
    /// together.
    fn recheck_archive(&mut self) {
        if !self.dirty_groups.is_empty() {
            let mut members: HashMap<String, Vec<&ogi_model::Document>> = HashMap::new();
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
        let mut by_group: Vec<_> = self.by_group.values().flatten().cloned().collect();
        // Rules across bodies see every report on every change; they are linear.
        let all: Vec<&ogi_model::Document> = archive.documents.iter().collect();
        by_group.extend(ogi_validate::check_across_bodies(&all));
        self.loaded.diagnostics = ogi_validate::combine(&archive.errors, per_report, by_group);
    }

    /// Reloads the whole content folder; only reports whose text changed count as changed.
    fn reload_content(&mut self, config_changed: bool) -> Result<(), BuildError> {
        let archive = ogi_model::load_archive(&self.options.project.content)?;
        let before: HashMap<&Path, &str> = self
            .loaded
            .archive
            .documents
            .iter()
            .map(|d| (d.path.as_path(), d.text.as_str()))
            .collect();
        let mut changed: BTreeSet<PathBuf> = archive
            .documents
            .iter()
            .filter(|d| before.get(d.path.as_path()) != Some(&d.text.as_str()))
            .map(|d| d.path.clone())
            .collect();
        let now: HashSet<&Path> = archive.documents.iter().map(|d| d.path.as_path()).collect();
        changed.extend(
            before
                .keys()
                .filter(|p| !now.contains(*p))
                .map(|p| p.to_path_buf()),
        );
        self.pending.reports.extend(changed);
        self.pending.everything |= config_changed || archive.config != self.loaded.archive.config;
        self.loaded.archive = archive;
        self.recheck_all();
        Ok(())
    }

    /// The report files below `folders`: those there now, and those loaded from there.
    fn reports_under(&self, folders: &BTreeSet<PathBuf>) -> BTreeSet<PathBuf> {
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
                archive.documents[i] = doc;
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
        self.pending.reports.insert(path.to_owned());
    }

    /// Reloads the themes; notes which templates changed.
    fn reload_theme(&mut self) {
        let model = crate::site_model(&self.loaded, &self.options);
        match crate::load_themes(&self.loaded, &self.options, &model) {
            Ok(new) => {
                match &self.themes {
                    Some(old) => {
                        let sources = |themes: &Themes| -> HashMap<(String, String), String> {
                            themes
                                .used()
                                .flat_map(|t| {
                                    t.sources.iter().map(|(name, text)| {
                                        ((t.theme.clone(), name.clone()), text.clone())
                                    })
                                })
                                .collect()
                        };
                        let (before, after) = (sources(old), sources(&new));
                        for key in before.keys().chain(after.keys()) {
                            if before.get(key) != after.get(key) {
                                self.pending.templates.insert(key.1.clone());
                            }
                        }
                        self.pending.assets = true;
                    }
                    None => self.pending.everything = true,
                }
                self.themes = Some(new);
                self.problem = None;
            }
            Err(e) => self.problem = Some(e.to_string()),
        }
    }

    /// Renders what is pending, if nothing stands in the way.
    fn render(&mut self) -> Result<Update, BuildError> {
        let blocked = Update {
            blocked: true,
            ..Update::default()
        };
        if !self.loaded.archive.errors.is_empty() || self.problem.is_some() {
            return Ok(blocked);
        }
        let Some(themes) = &self.themes else {
            return Ok(blocked);
        };
        let at = Instant::now();
        let model = crate::site_model(&self.loaded, &self.options);
        let shape = Shape {
            site: model.site.clone(),
            nav: model.nav.clone(),
            districts: model.districts.clone(),
            themes: themes.settings(),
            order: model
                .entries
                .iter()
                .map(|e| (e.dir.clone(), e.doc.path.clone()))
                .collect(),
        };
        let findings: Vec<Vec<Diagnostic>> = model
            .entries
            .iter()
            .map(|e| e.findings.iter().map(|d| (*d).clone()).collect())
            .collect();
        let mut listed = std::mem::take(&mut self.listed);
        let scope = if self.pending.everything || self.shape.as_ref() != Some(&shape) {
            use rayon::prelude::*;
            listed = model
                .entries
                .par_iter()
                .map(|e| Listed::of(&model, e))
                .collect();
            Scope::everything()
        } else {
            let mut scope = Scope::nothing();
            let mut lists = false;
            for (i, e) in model.entries.iter().enumerate() {
                if self.pending.reports.contains(&e.doc.path)
                    || self.findings.get(i) != findings.get(i)
                {
                    scope = scope.with_report(e.dir.clone());
                    let now = Listed::of(&model, e);
                    if let Some(before) = listed.get_mut(i) {
                        lists |= *before != now;
                        *before = now;
                    }
                }
            }
            if lists {
                scope = scope.with_lists();
            }
            for theme in themes.used() {
                for name in affected_templates(&theme.sources, &self.pending.templates) {
                    scope = scope.with_template(name);
                }
            }
            if self.pending.assets {
                scope = scope.with_assets();
            }
            scope
        };
        let cx = RenderContext {
            model: &model,
            themes,
            progress: &|_, _| {},
            scope: &scope,
            memory: Some(&self.memory),
        };
        let modelled = at.elapsed();
        let at = Instant::now();
        let result = if scope.is_everything() {
            render_everything(&cx, &self.options.project.output)
        } else if scope.is_empty() {
            Ok(Update::default())
        } else {
            render_some(&cx, &self.options.project.output)
        };
        match result {
            Ok(mut update) => {
                update.stages.push(("model", modelled));
                update.stages.push(("render", at.elapsed()));
                self.shape = Some(shape);
                self.findings = findings;
                self.listed = listed;
                self.pending = Pending::default();
                Ok(update)
            }
            Err(e) => {
                // The outputs' memory may be half-updated: start over next time.
                self.memory.clear();
                self.shape = None;
                self.pending.everything = true;
                self.problem = Some(e.to_string());
                match e {
                    BuildError::Template { .. } | BuildError::Collision { .. } => Ok(blocked),
                    e => Err(e),
                }
            }
        }
    }
}

/// Renders every file into a staging folder and swaps it in, like a build.
fn render_everything(cx: &RenderContext<'_>, out: &Path) -> Result<Update, BuildError> {
    let staging = Staging::new(out)?;
    crate::run_outputs(cx, &staging)?;
    let written = staging.commit()?;
    Ok(Update {
        full: true,
        pages: written.pages,
        written: written.changed,
        removed: written.removed,
        changed: written.changed + written.removed > 0,
        ..Update::default()
    })
}

/// Renders the files in scope into memory, then writes those whose bytes changed, each
/// by a rename so that a page is never served half-written.
fn render_some(cx: &RenderContext<'_>, out: &Path) -> Result<Update, BuildError> {
    let sink = MemorySink::default();
    let timings = crate::run_outputs(cx, &sink)?;
    let (files, removed) = sink.into_parts();
    let mut update = Update {
        pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
        stages: timings,
        ..Update::default()
    };
    let mut stylesheets = Vec::new();
    let mut others = 0;
    for OutputFile { path, bytes } in files {
        let target = out.join(&path);
        if same_bytes(&target, &bytes) {
            continue;
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let temporary = target.with_file_name(format!(
            ".{}.ogi-tmp",
            target
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ));
        fs::write(&temporary, &bytes).map_err(io(&temporary))?;
        fs::rename(&temporary, &target).map_err(io(&target))?;
        update.written += 1;
        if path.ends_with(".css") {
            stylesheets.push(path);
        } else {
            others += 1;
        }
    }
    for path in removed {
        let target = out.join(&path);
        match fs::remove_file(&target) {
            Ok(()) => update.removed += 1,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&target)(e)),
        }
    }
    update.changed = update.written + update.removed > 0;
    if others == 0 && update.removed == 0 && !stylesheets.is_empty() {
        update.stylesheets_only = Some(stylesheets);
    }
    Ok(update)
}

/// The templates whose output may change when the templates `changed` do: those, and every
/// template that extends, includes or imports one of them, directly or not.
fn affected_templates(
    sources: &[(String, String)],
    changed: &BTreeSet<String>,
) -> BTreeSet<String> {
    let uses: Vec<(&str, Vec<String>)> = sources
        .iter()
        .map(|(name, text)| (name.as_str(), referenced_templates(text)))
        .collect();
    let mut affected: BTreeSet<String> = changed.clone();
    loop {
        let before = affected.len();
        for (name, refs) in &uses {
            if refs.iter().any(|r| affected.contains(r)) {
                affected.insert((*name).to_owned());
            }
        }
        if affected.len() == before {
            return affected;
        }
    }
}

/// The names in the `extends`, `include` and `import` tags of a template's source.
fn referenced_templates(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{%") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("%}") else {
            break;
        };
        let tag = after[..close].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let keyword = tag.split_whitespace().next().unwrap_or("");
        if matches!(keyword, "extends" | "include" | "import") {
            // Every quoted string of the tag: `include ["a.html", "b.html"]` names both.
            let mut quoted = tag.split(['"', '\'']).skip(1).step_by(2);
            names.extend(quoted.by_ref().map(str::to_owned));
        }
        rest = &after[close + 2..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_using_a_changed_one_are_affected_transitively() {
        let sources: Vec<(String, String)> = [
            ("base.html", "<html>{% block body %}{% endblock body %}</html>"),
            ("report.html", "{% extends \"base.html\" %}{% block body %}{% include \"partials/table.html\" %}{% endblock body %}"),
            ("year.html", "{%- extends 'base.html' -%}"),
            ("partials/table.html", "{% import \"macros.html\" as m %}<table></table>"),
            ("macros.html", "{% macro x() %}{% endmacro x %}"),
            ("404.html", "<p>404</p>"),
        ]
        .iter()
        .map(|(n, t)| ((*n).to_owned(), (*t).to_owned()))
        .collect();
        let of = |names: &[&str]| {
            affected_templates(&sources, &names.iter().map(|n| (*n).to_owned()).collect())
                .into_iter()
                .collect::<Vec<_>>()
        };
        assert_eq!(of(&["404.html"]), ["404.html"]);
        assert_eq!(
            of(&["macros.html"]),
            ["macros.html", "partials/table.html", "report.html"]
        );
        assert_eq!(
            of(&["base.html"]),
            ["base.html", "report.html", "year.html"]
        );
        assert!(of(&[]).is_empty());
    }

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
