//! Watching the sources: notify events become typed [`Changes`], debounced so that one save
//! (or one `git checkout` of hundreds of files) is one update.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use ogi_model::{CONFIG_FILE, is_report_path};
use ogi_site::Changes;

use crate::ServeError;

/// The folders whose files make the site.
#[derive(Clone, Debug)]
pub(crate) struct Roots {
    /// The content folder.
    pub content: PathBuf,
    /// The themes folder.
    pub themes: PathBuf,
    /// The site's own templates.
    pub templates: PathBuf,
    /// Where the preview is written: never a source, whatever lies there.
    pub output: PathBuf,
}

impl Roots {
    /// The folders of `project`, all absolute.
    pub(crate) fn of(project: &ogi_model::Project) -> Roots {
        Roots {
            content: project.content.clone(),
            themes: project.themes.clone(),
            templates: project.templates.clone(),
            output: project.output.clone(),
        }
    }
}

/// What a changed path means for the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ChangeKind {
    /// A report file.
    Report,
    /// The site configuration.
    Config,
    /// A template or static file of a theme, or a site template.
    Theme,
    /// A folder of the content appeared or vanished (or something gone that may have been
    /// one): reload the reports below it.
    Folder,
    /// Nothing the site is made of: swap and backup files, hidden files, other folders.
    Ignored,
}

/// Whether the file name is an editor's temporary, swap or backup file.
fn is_editor_file(name: &str) -> bool {
    name.starts_with(['.', '#', '~'])
        || name.ends_with(['~', '#'])
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".orig", ".ogi-tmp"]
            .iter()
            .any(|s| name.ends_with(s))
        || name.contains("___jb_")
        || name == "4913"
}

/// What the change of `path` means; `is_dir` says whether it is a folder now (`None` when
/// it no longer exists). A pure function of its arguments.
pub(crate) fn classify(roots: &Roots, path: &Path, is_dir: Option<bool>) -> ChangeKind {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if path.starts_with(&roots.output) {
        return ChangeKind::Ignored;
    }
    if let Ok(rel) = path.strip_prefix(&roots.content) {
        if rel.as_os_str().is_empty() {
            return ChangeKind::Folder;
        }
        if rel == Path::new(CONFIG_FILE) {
            return ChangeKind::Config;
        }
        if is_report_path(&roots.content, path) {
            return if is_dir == Some(true) {
                ChangeKind::Folder
            } else {
                ChangeKind::Report
            };
        }
        let hidden = rel
            .components()
            .any(|c| c.as_os_str().to_str().is_some_and(|s| s.starts_with('.')));
        // A folder, or something gone that looked like one (no extension): its reports
        // appeared or vanished with it.
        let folder = match is_dir {
            Some(dir) => dir,
            None => Path::new(name).extension().is_none(),
        };
        return if folder && !hidden && !is_editor_file(name) {
            ChangeKind::Folder
        } else {
            ChangeKind::Ignored
        };
    }
    let in_theme = path.starts_with(&roots.themes) || path.starts_with(&roots.templates);
    if in_theme && !is_editor_file(name) {
        let hidden = path
            .strip_prefix(&roots.themes)
            .or_else(|_| path.strip_prefix(&roots.templates))
            .is_ok_and(|rel| {
                rel.components()
                    .any(|c| c.as_os_str().to_str().is_some_and(|s| s.starts_with('.')))
            });
        if !hidden {
            return ChangeKind::Theme;
        }
    }
    ChangeKind::Ignored
}

/// The changes that the paths of some events amount to.
pub(crate) fn changes_of(roots: &Roots, paths: &[PathBuf]) -> Changes {
    let mut changes = Changes::default();
    for path in paths {
        let is_dir = std::fs::metadata(path).ok().map(|m| m.is_dir());
        match classify(roots, path, is_dir) {
            ChangeKind::Report => {
                changes.reports.insert(path.clone());
            }
            ChangeKind::Config => changes.config = true,
            ChangeKind::Theme => changes.theme = true,
            ChangeKind::Folder => {
                changes.folders.insert(path.clone());
            }
            ChangeKind::Ignored => {}
        }
    }
    changes
}

/// A running watcher and the stream of its events, each with when it arrived.
pub(crate) struct Watch {
    watcher: RecommendedWatcher,
    events: Receiver<(Instant, notify::Result<notify::Event>)>,
    roots: Roots,
    /// When the first event of the last batch arrived.
    pub(crate) first_event: Option<Instant>,
}

/// How long the sources must stay quiet before an update starts.
const QUIET: Duration = Duration::from_millis(20);
/// The longest an update waits for the sources to go quiet (a long `git checkout`).
const PATIENCE: Duration = Duration::from_millis(500);

impl Watch {
    /// Watches the folders of `roots` that exist, and the folders holding them (so that a
    /// root deleted and made again, or made later, is watched again).
    pub(crate) fn start(roots: Roots) -> Result<Watch, ServeError> {
        let (tx, events) = std::sync::mpsc::channel();
        let watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send((Instant::now(), event));
        })
        .map_err(|source| ServeError::Watch {
            path: roots.content.clone(),
            source,
        })?;
        let mut watch = Watch {
            watcher,
            events,
            roots,
            first_event: None,
        };
        let mut parents: Vec<PathBuf> = Vec::new();
        for dir in watch.dirs() {
            if let Some(parent) = dir.parent().filter(|p| p.is_dir()) {
                if !parents.iter().any(|p| p == parent) {
                    parents.push(parent.to_path_buf());
                }
            }
        }
        for parent in parents {
            watch
                .watcher
                .watch(&parent, RecursiveMode::NonRecursive)
                .map_err(|source| ServeError::Watch {
                    path: parent.clone(),
                    source,
                })?;
        }
        for dir in watch.dirs() {
            watch.rewatch(&dir)?;
        }
        Ok(watch)
    }

    fn dirs(&self) -> [PathBuf; 3] {
        [
            self.roots.content.clone(),
            self.roots.themes.clone(),
            self.roots.templates.clone(),
        ]
    }

    /// Watches `dir` (again), if it exists.
    fn rewatch(&mut self, dir: &Path) -> Result<(), ServeError> {
        if !dir.is_dir() {
            return Ok(());
        }
        let _ = self.watcher.unwatch(dir);
        self.watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|source| ServeError::Watch {
                path: dir.to_path_buf(),
                source,
            })
    }

    /// Waits for the next batch of changes to the site's sources; `None` when the watcher
    /// has stopped.
    pub(crate) fn next_changes(&mut self) -> Option<Changes> {
        loop {
            let mut batch = Batch::default();
            let roots = &self.roots;
            let matters = |p: &Path| classify(roots, p, Some(false)) != ChangeKind::Ignored;
            // Opening and reading files (the preview's own reads among them) starts nothing.
            while !batch.started() {
                let (arrived, event) = self.events.recv().ok()?;
                batch.take(event, matters);
                self.first_event = Some(arrived);
            }
            let started = Instant::now();
            loop {
                match self.events.recv_timeout(batch.wait()) {
                    Ok((_, event)) => batch.take(event, matters),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
                if started.elapsed() > PATIENCE {
                    break;
                }
            }
            let Batch {
                mut paths, rescan, ..
            } = batch;
            paths.sort();
            paths.dedup();
            let mut changes = changes_of(&self.roots, &paths);
            changes.rescan |= rescan;
            // A root itself appeared, vanished or was replaced: watch it again, reload it all.
            for dir in self.dirs() {
                if paths.contains(&dir) {
                    if self.rewatch(&dir).is_err() {
                        eprintln!("warning: cannot watch {} again", dir.display());
                    }
                    if dir == self.roots.content {
                        changes.rescan = true;
                    } else {
                        changes.theme = true;
                    }
                }
            }
            if !changes.is_empty() {
                return Some(changes);
            }
        }
    }
}

/// How long the sources must stay quiet before an update starts once every file written
/// is closed (or renamed into place): the events of one save come together.
const SETTLE: Duration = Duration::from_millis(3);
/// Past this many paths a batch is a bulk change (a checkout): it waits for [`QUIET`].
const BULK: usize = 16;

/// The events of one batch so far: the paths they name, and the files of the site still
/// open for writing (modified, not yet closed), which a save has not finished.
#[derive(Debug, Default)]
struct Batch {
    paths: Vec<PathBuf>,
    writing: HashSet<PathBuf>,
    rescan: bool,
}

impl Batch {
    /// Adds one event; `matters` says whether a file is one the site is made of.
    fn take(&mut self, event: notify::Result<notify::Event>, matters: impl Fn(&Path) -> bool) {
        use notify::EventKind::{Access, Create, Modify, Remove};
        use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
        let event = match event {
            Ok(event) => event,
            // Lost events (a full queue): only a rescan is safe.
            Err(_) => {
                self.rescan = true;
                return;
            }
        };
        self.rescan |= event.need_rescan();
        match event.kind {
            // Written and closed: complete (named again, in case its last write came before
            // the batch began).
            Access(AccessKind::Close(AccessMode::Write)) => {
                for p in &event.paths {
                    self.writing.remove(p);
                }
            }
            Access(_) => return,
            // Gone, or renamed into place (a whole file at once).
            Remove(_)
            | Modify(ModifyKind::Name(RenameMode::From | RenameMode::To | RenameMode::Both)) => {
                for p in &event.paths {
                    self.writing.remove(p);
                }
            }
            Modify(ModifyKind::Metadata(_)) => {}
            Create(_) | Modify(_) => {
                for p in &event.paths {
                    if matters(p) {
                        self.writing.insert(p.clone());
                    }
                }
            }
            _ => {}
        }
        self.paths.extend(event.paths);
    }

    /// Whether anything but reads happened.
    fn started(&self) -> bool {
        !self.paths.is_empty() || self.rescan
    }

    /// How long to wait for more events before the batch is complete: a moment once every
    /// file written is closed, the quiet time while one is open or in a bulk change.
    fn wait(&self) -> Duration {
        if self.writing.is_empty() && self.paths.len() <= BULK {
            SETTLE
        } else {
            QUIET
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roots() -> Roots {
        Roots {
            content: "/p/content".into(),
            themes: "/p/themes".into(),
            templates: "/p/templates".into(),
            output: "/p/site".into(),
        }
    }

    fn kind(path: &str, is_dir: Option<bool>) -> ChangeKind {
        classify(&roots(), Path::new(path), is_dir)
    }

    #[test]
    fn reports_config_and_theme_files_are_told_apart() {
        use ChangeKind::*;
        assert_eq!(kind("/p/content/fj/gulou/2020.yaml", Some(false)), Report);
        assert_eq!(
            kind("/p/content/fj/gulou/2020.yaml", None),
            Report,
            "deleted"
        );
        assert_eq!(kind("/p/content/site.yaml", Some(false)), Config);
        assert_eq!(
            kind("/p/themes/official/templates/report.html", Some(false)),
            Theme
        );
        assert_eq!(kind("/p/themes/official/static/style.css", None), Theme);
        assert_eq!(kind("/p/templates/report.html", Some(false)), Theme);
        assert_eq!(kind("/p/site/index.html", Some(false)), Ignored);
        assert_eq!(kind("/p/README.md", Some(false)), Ignored);
    }

    #[test]
    fn editor_swap_temporary_and_backup_files_are_ignored() {
        use ChangeKind::*;
        for path in [
            "/p/content/fj/.2020.yaml.swp",
            "/p/content/fj/2020.yaml~",
            "/p/content/fj/#2020.yaml#",
            "/p/content/fj/.#2020.yaml",
            "/p/content/fj/2020.yaml.tmp",
            "/p/content/fj/2020.yaml.bak",
            "/p/content/fj/2020.yaml___jb_tmp___",
            "/p/content/fj/4913",
            "/p/content/.git/index",
            "/p/themes/official/templates/.report.html.swp",
            "/p/themes/official/templates/report.html~",
            "/p/themes/.git/HEAD",
        ] {
            assert_eq!(kind(path, Some(false)), Ignored, "{path}");
            assert_eq!(kind(path, None), Ignored, "{path} deleted");
        }
    }

    #[test]
    fn folders_that_appear_or_vanish_are_reloaded() {
        use ChangeKind::*;
        assert_eq!(kind("/p/content/fj/newbody", Some(true)), Folder);
        assert_eq!(kind("/p/content/fj/oldbody", None), Folder);
        assert_eq!(kind("/p/content", Some(true)), Folder);
        assert_eq!(kind("/p/content/.git", Some(true)), Ignored);
        assert_eq!(kind("/p/content/notes.txt", None), Ignored);
    }

    fn event(kind: notify::EventKind, paths: &[&str]) -> notify::Result<notify::Event> {
        let mut e = notify::Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        Ok(e)
    }

    #[test]
    fn a_batch_waits_for_files_still_being_written_and_not_for_closed_ones() {
        use notify::EventKind::{Access, Create, Modify};
        use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, ModifyKind};
        use notify::event::{RemoveKind, RenameMode};
        let r = roots();
        let matters = |p: &Path| classify(&r, p, Some(false)) != ChangeKind::Ignored;
        let report = "/p/content/a/2020.yaml";
        let data = Modify(ModifyKind::Data(DataChange::Any));
        let closed = Access(AccessKind::Close(AccessMode::Write));

        let mut reads = Batch::default();
        reads.take(
            event(Access(AccessKind::Open(AccessMode::Any)), &[report]),
            matters,
        );
        reads.take(
            event(Access(AccessKind::Close(AccessMode::Read)), &[report]),
            matters,
        );
        assert!(!reads.started(), "reading a file is no change");

        // A plain write: truncated and written (half a file), then closed.
        let mut plain = Batch::default();
        plain.take(event(data, &[report]), matters);
        assert_eq!(plain.wait(), QUIET, "half-written");
        plain.take(event(data, &[report]), matters);
        plain.take(event(closed, &[report]), matters);
        assert!(plain.started());
        assert_eq!(plain.wait(), SETTLE, "closed");

        // `sed -i`: a temporary file written, closed and renamed over the report.
        let temporary = "/p/content/a/sedAb12Cd";
        let mut sed = Batch::default();
        sed.take(event(Create(CreateKind::File), &[temporary]), matters);
        sed.take(event(data, &[temporary]), matters);
        assert_eq!(sed.wait(), SETTLE, "the temporary file is nothing yet");
        sed.take(event(closed, &[temporary]), matters);
        sed.take(
            event(
                Modify(ModifyKind::Name(RenameMode::Both)),
                &[temporary, report],
            ),
            matters,
        );
        assert_eq!(sed.wait(), SETTLE);
        assert!(sed.paths.iter().any(|p| p == Path::new(report)));

        // Written and removed: nothing left open.
        let mut gone = Batch::default();
        gone.take(event(data, &[report]), matters);
        gone.take(
            event(notify::EventKind::Remove(RemoveKind::File), &[report]),
            matters,
        );
        assert_eq!(gone.wait(), SETTLE);

        // A checkout: many files, the quiet time.
        let mut bulk = Batch::default();
        for i in 0..=BULK {
            let p = format!("/p/content/b{i}/2020.yaml");
            bulk.take(event(data, &[&p]), matters);
            bulk.take(event(closed, &[&p]), matters);
        }
        assert_eq!(bulk.wait(), QUIET);
    }

    #[test]
    fn a_batch_of_paths_becomes_one_set_of_changes() {
        let changes = changes_of(
            &roots(),
            &[
                "/p/content/a/2020.yaml".into(),
                "/p/content/a/.2020.yaml.swp".into(),
                "/p/themes/official/static/style.css".into(),
            ],
        );
        assert_eq!(changes.reports.len(), 1);
        assert!(changes.theme && !changes.config && !changes.rescan && changes.folders.is_empty());
    }
}
