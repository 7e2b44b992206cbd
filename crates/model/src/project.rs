//! Where a project is: its folders as absolute paths, fixed once at the edge (the command
//! line), and where the user stands, so that messages can name files as the user would.
//!
//! Every crate compares the absolute paths of a [`Project`]; file watchers report absolute
//! paths, so a relative root would match nothing. Messages go through [`Project::show`],
//! which turns a path back into one relative to the current folder (`content/…/2020.yaml`).

use std::path::{Component, Path, PathBuf};

use crate::config::CONFIG_FILE;

/// The file ogi writes into every folder it builds a site in. A non-empty folder without it
/// is not ogi's, and no build replaces it; a content walk skips folders that have it.
pub const SITE_MARKER: &str = ".ogi-site";

/// A project's folders, as absolute paths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Project {
    /// The project folder.
    pub root: PathBuf,
    /// The reports and `site.yaml` (`root/content` unless set otherwise).
    pub content: PathBuf,
    /// The theme folders (`root/themes`).
    pub themes: PathBuf,
    /// The site's own templates, over every theme's (`root/templates`).
    pub templates: PathBuf,
    /// Where the site is written (`root/site` unless set otherwise).
    pub output: PathBuf,
    /// The folder the user stands in: paths in messages are shown relative to it.
    pub cwd: PathBuf,
}

impl Project {
    /// The project at `root`, relative to the current folder (or absolute).
    pub fn at(root: &Path) -> Project {
        let cwd = std::env::current_dir().unwrap_or_default();
        Project::from(root, &cwd)
    }

    /// The project at `root`, a path relative to `cwd` (or absolute), seen from `cwd`.
    pub fn from(root: &Path, cwd: &Path) -> Project {
        let root = absolute(cwd, root);
        Project {
            content: root.join("content"),
            themes: root.join("themes"),
            templates: root.join("templates"),
            output: root.join("site"),
            cwd: cwd.to_owned(),
            root,
        }
    }

    /// Sets the output folder to `path`, relative to where the user stands (or absolute).
    pub fn with_output(mut self, path: &Path) -> Project {
        self.output = absolute(&self.cwd, path);
        self
    }

    /// Sets the content folder to `path`, relative to where the user stands (or absolute).
    pub fn with_content(mut self, path: &Path) -> Project {
        self.content = absolute(&self.cwd, path);
        self
    }

    /// `path` as the user would type it from where they stand: relative to the current
    /// folder when that is shorter, else absolute.
    pub fn show(&self, path: &Path) -> String {
        show_from(&self.cwd, path)
    }

    /// The source folders of the project, which no output may touch: content, themes and
    /// templates, each with what it is called.
    pub fn inputs(&self) -> [(&'static str, &Path); 3] {
        [
            ("content folder", &self.content),
            ("themes folder", &self.themes),
            ("templates folder", &self.templates),
        ]
    }

    /// The project's `site.yaml`.
    pub fn config_file(&self) -> PathBuf {
        self.content.join(CONFIG_FILE)
    }
}

/// `path` made absolute against `cwd` and normalised without touching the disk: `.` dropped,
/// `..` taking off the component before it. Real folders are resolved (symbolic links
/// followed) so that paths compare equal to those a file watcher reports.
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_owned()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    // The longest existing prefix is resolved; the rest (an output not made yet) is kept.
    let mut existing = out.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            let mut real = real;
            for part in rest.iter().rev() {
                real.push(part);
            }
            return real;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => return out,
        }
    }
}

/// `path` relative to `base` when it lies below it, or reached by at most two `..`; else
/// `path` as it is.
pub fn show_from(base: &Path, path: &Path) -> String {
    if !path.is_absolute() || base.as_os_str().is_empty() {
        return path.display().to_string();
    }
    let mut up = 0;
    let mut ancestor = base;
    loop {
        if let Ok(rel) = path.strip_prefix(ancestor) {
            let mut shown = PathBuf::new();
            for _ in 0..up {
                shown.push("..");
            }
            shown.push(rel);
            if shown.as_os_str().is_empty() {
                return ".".to_owned();
            }
            return shown.display().to_string();
        }
        match ancestor.parent() {
            Some(parent) if up < 2 && parent.parent().is_some() => {
                ancestor = parent;
                up += 1;
            }
            _ => return path.display().to_string(),
        }
    }
}

/// A file or folder name as a segment of the site's addresses: lowercased, everything
/// but `[a-z0-9-_]` turned into `-`; a name with nothing left becomes `x`. Two names that
/// give the same segment would publish at one address (the `SLUG-COLLISION` rule).
pub fn slug(segment: &str) -> String {
    let s: String = segment
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    if s.trim_matches('-').is_empty() {
        "x".to_owned()
    } else {
        s
    }
}

/// Whether `a` and `b` overlap: one is, or lies inside, the other.
pub fn overlaps(a: &Path, b: &Path) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_roots_become_absolute() {
        let cwd = Path::new("/nowhere-ogi/a/b");
        assert_eq!(
            Project::from(Path::new("."), cwd).root,
            Path::new("/nowhere-ogi/a/b")
        );
        assert_eq!(
            Project::from(Path::new(".."), cwd).content,
            Path::new("/nowhere-ogi/a/content")
        );
        assert_eq!(
            Project::from(Path::new("./proj/../p"), cwd).themes,
            Path::new("/nowhere-ogi/a/b/p/themes")
        );
        assert_eq!(
            Project::from(Path::new("/x/y"), cwd).output,
            Path::new("/x/y/site")
        );
    }

    #[test]
    fn paths_are_shown_from_where_the_user_stands() {
        let p = Project::from(Path::new("."), Path::new("/nowhere-ogi/proj"));
        assert_eq!(
            p.show(Path::new("/nowhere-ogi/proj/content/a/2020.yaml")),
            "content/a/2020.yaml"
        );
        let inside = Project::from(Path::new(".."), Path::new("/nowhere-ogi/proj/content"));
        assert_eq!(
            inside.show(Path::new("/nowhere-ogi/proj/content/a/2020.yaml")),
            "a/2020.yaml"
        );
        assert_eq!(
            inside.show(Path::new("/nowhere-ogi/proj/themes/x.css")),
            "../themes/x.css"
        );
        assert_eq!(inside.show(Path::new("/etc/passwd")), "/etc/passwd");
        assert_eq!(show_from(Path::new("/a"), Path::new("/a")), ".");
        assert_eq!(show_from(Path::new("/a"), Path::new("rel/x")), "rel/x");
    }

    #[test]
    fn overlap_is_either_way() {
        assert!(overlaps(Path::new("/p/content"), Path::new("/p")));
        assert!(overlaps(Path::new("/p"), Path::new("/p/content")));
        assert!(overlaps(Path::new("/p"), Path::new("/p")));
        assert!(!overlaps(Path::new("/p/site"), Path::new("/p/content")));
        assert!(!overlaps(Path::new("/p/contents"), Path::new("/p/content")));
    }
}
