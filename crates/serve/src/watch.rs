//! Watching the sources: notify events become typed [`Changes`], debounced so that one save
//! (or one `git checkout` of hundreds of files) is one update.

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

/// A running watcher and the stream of its events.
pub(crate) struct Watch {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    roots: Roots,
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
            let _ = tx.send(event);
        })
        .map_err(|source| ServeError::Watch {
            path: roots.content.clone(),
            source,
        })?;
        let mut watch = Watch {
            watcher,
            events,
            roots,
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
            let first = self.events.recv().ok()?;
            let mut paths = Vec::new();
            let mut rescan = false;
            let mut take = |event: notify::Result<notify::Event>| match event {
                Ok(event) => {
                    rescan |= event.need_rescan();
                    if !event.kind.is_access() {
                        paths.extend(event.paths);
                    }
                }
                // Lost events (a full queue): only a rescan is safe.
                Err(_) => rescan = true,
            };
            take(first);
            let started = Instant::now();
            loop {
                match self.events.recv_timeout(QUIET) {
                    Ok(event) => take(event),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
                if started.elapsed() > PATIENCE {
                    break;
                }
            }
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
