//! Loading a whole content folder: every report file, in parallel, plus the configuration.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::{CONFIG_FILE, SiteConfig, load_config};
use crate::load::{Document, LoadError, LoadErrorKind, load_report};
use crate::message::Message;
use crate::project::SITE_MARKER;
use crate::theme::THEME_MANIFEST;

/// A content folder loaded: the reports that loaded, and the files that did not.
#[derive(Debug, Default)]
pub struct Archive {
    /// The content folder.
    pub root: PathBuf,
    /// The site configuration, if the folder has one and it loaded.
    pub config: Option<SiteConfig>,
    /// Reports that loaded, ordered by path.
    pub documents: Vec<Document>,
    /// Files that did not load, ordered by path; nothing is skipped silently.
    pub errors: Vec<LoadError>,
}

/// The content folder itself could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// The folder does not exist or cannot be read.
    #[error("{}: no such content folder ({source}); run ogi in the project folder or name the folder, e.g. `ogi check content`", .path.display())]
    Missing {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a report: not `.yaml`, or a `site.yaml` or `theme.yaml`.
    #[error("{}: not a report file (a report is a .yaml file other than site.yaml and theme.yaml); name a report, a content folder or a project folder", .path.display())]
    NotAReport {
        /// The path.
        path: PathBuf,
    },
    /// The path is a file, not a folder.
    #[error("{}: is a file, not a content folder", .path.display())]
    NotAFolder {
        /// The path.
        path: PathBuf,
    },
}

/// Whether `path` names a report file: `.yaml` or `.yml`, not hidden, not an editor's backup.
pub fn is_report_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    !name.starts_with(['.', '~', '#']) && (name.ends_with(".yaml") || name.ends_with(".yml"))
}

/// Whether `path`, a file under the content folder `root`, is one that [`discover`] lists:
/// a report file, in no hidden folder, and not the site configuration.
pub fn is_report_path(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut components = rel.components().peekable();
    while let Some(c) = components.next() {
        let std::path::Component::Normal(name) = c else {
            return false;
        };
        if components.peek().is_some() && name.to_str().is_some_and(|n| n.starts_with('.')) {
            return false;
        }
    }
    is_report_file(path) && !is_project_file(path)
}

/// Whether `path` is a file of the project that is not a report wherever it lies: a site
/// configuration or a theme manifest.
fn is_project_file(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == CONFIG_FILE || n == THEME_MANIFEST)
}

/// Lists the report files under `root`, sorted, with the entries that could not be walked.
pub fn discover(root: &Path) -> (Vec<PathBuf>, Vec<LoadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || !(e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
                    || e.file_type().is_dir() && e.path().join(SITE_MARKER).exists())
        });
    for entry in walker {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let kind = entry.file_type();
                if !is_report_path(root, path) || kind.is_dir() {
                    continue;
                }
                if kind.is_file() {
                    files.push(path.to_owned());
                } else {
                    // A FIFO, device or socket named like a report (perhaps through a link):
                    // reading it would block or never end, so it is reported, not read.
                    let mut err = LoadError::new(
                        path,
                        LoadErrorKind::Io,
                        Message::new(
                            "not a regular file (a pipe, device or socket, or a link to one): it was not read",
                            "这不是普通文件（是管道、设备或套接字，或指向它们的链接）：没有读取",
                        ),
                    );
                    err.help = Some(Message::new(
                        "put the report's YAML file here, or move this entry out of the content folder",
                        "请在此放置报告的 YAML 文件，或把它移出内容文件夹",
                    ));
                    errors.push(err);
                }
            }
            Err(e) => {
                let path = e.path().unwrap_or(root).to_owned();
                let (message, help) = match e.loop_ancestor() {
                    Some(ancestor) => (
                        Message::new(
                            format!(
                                "symbolic link loop: this folder leads back to {}",
                                ancestor.display()
                            ),
                            format!("符号链接成环：此文件夹又指回 {}", ancestor.display()),
                        ),
                        Message::new(
                            "remove the link or point it elsewhere; the files below it were not read",
                            "请删除该链接或改指别处；其下的文件没有读取",
                        ),
                    ),
                    None => (
                        Message::new(format!("cannot read: {e}"), "无法读取此路径"),
                        Message::new("check the permissions of this path", "请检查此路径的权限"),
                    ),
                };
                let mut err = LoadError::new(&path, LoadErrorKind::Walk, message);
                err.help = Some(help);
                errors.push(err);
            }
        }
    }
    (files, errors)
}

/// Loads every report under `root` in parallel, and `site.yaml` if present.
pub fn load_archive(root: &Path) -> Result<Archive, ArchiveError> {
    let (mut archive, documents) = load_archive_with(root, |doc| doc)?;
    archive.documents = documents;
    Ok(archive)
}

/// Loads every report under `root` in parallel as [`load_archive`] does, but hands each
/// report to `each` as soon as it has loaded and keeps what `each` returns, in the order of
/// [`Archive::documents`]: a caller that needs little of each report (`ogi check`) never
/// holds the whole archive in memory. The archive returned has no documents; its
/// configuration and errors are those [`load_archive`] gives.
pub fn load_archive_with<T: Send>(
    root: &Path,
    each: impl Fn(Document) -> T + Sync,
) -> Result<(Archive, Vec<T>), ArchiveError> {
    let meta = std::fs::metadata(root).map_err(|source| ArchiveError::Missing {
        path: root.to_owned(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(ArchiveError::NotAFolder {
            path: root.to_owned(),
        });
    }
    let (files, mut errors) = discover(root);
    let results: Vec<Result<T, LoadError>> = files
        .par_iter()
        .map(|path| load_report(path).map(&each))
        .collect();
    let mut kept = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(item) => kept.push(item),
            Err(e) => errors.push(e),
        }
    }
    let config_path = root.join(CONFIG_FILE);
    let config = if config_path.exists() {
        match load_config(&config_path) {
            Ok(config) => Some(config),
            Err(e) => {
                errors.push(e);
                None
            }
        }
    } else {
        None
    };
    errors.sort_by(|a, b| a.path.cmp(&b.path));
    let archive = Archive {
        root: root.to_owned(),
        config,
        documents: Vec::new(),
        errors,
    };
    Ok((archive, kept))
}

/// Loads one report file as an archive of its own (no configuration, no other years): what
/// `ogi check FILE` checks. A site configuration or theme manifest is refused by name.
pub fn load_file(path: &Path) -> Result<Archive, ArchiveError> {
    if is_project_file(path) || !is_report_file(path) {
        return Err(ArchiveError::NotAReport {
            path: path.to_owned(),
        });
    }
    let mut archive = Archive {
        root: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        ..Archive::default()
    };
    match load_report(path) {
        Ok(doc) => archive.documents.push(doc),
        Err(e) => archive.errors.push(e),
    }
    Ok(archive)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn special_files_named_like_reports_are_reported_not_skipped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let body = dir.path().join("a");
        std::fs::create_dir(&body).expect("folder");
        std::os::unix::fs::symlink("/dev/zero", body.join("2020.yaml")).expect("link");
        let fifo = body.join("2021.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        let (files, errors) = discover(dir.path());
        assert!(files.is_empty(), "{files:?}");
        let reported: Vec<_> = errors.iter().map(|e| (e.path.clone(), e.kind)).collect();
        let mut expected = vec![(body.join("2020.yaml"), LoadErrorKind::Io)];
        if made.is_ok_and(|s| s.success()) {
            expected.push((fifo, LoadErrorKind::Io));
        }
        assert_eq!(reported, expected);
    }

    #[test]
    fn report_paths_are_yaml_files_outside_hidden_folders_and_not_project_files() {
        let root = Path::new("/p/content");
        let yes = |p: &str| is_report_path(root, Path::new(p));
        assert!(yes("/p/content/fujian/gulou/2020.yaml"));
        assert!(yes("/p/content/a.yml"));
        assert!(
            !yes("/p/content/x/site.yaml"),
            "a site configuration is never a report, wherever it lies"
        );
        assert!(!yes("/p/content/themes/official/theme.yaml"));
        assert!(!yes("/p/content/site.yaml"));
        assert!(!yes("/p/content/.git/x.yaml"));
        assert!(!yes("/p/content/a/.2020.yaml.swp"));
        assert!(!yes("/p/content/a/2020.yaml~"));
        assert!(!yes("/p/content/a/.#2020.yaml"));
        assert!(!yes("/p/content/a/2020.txt"));
        assert!(!yes("/elsewhere/2020.yaml"));
    }
}
