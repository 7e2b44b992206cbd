//! Finding a theme and its ancestors through the `extends` of each `theme.yaml`. A missing
//! theme, a missing parent and a cycle are errors that say which file to change.
//!
//! A theme is a folder `themes/<name>`, a theme built into the binary, or both: then the
//! folder is a layer over the built-in theme, its files winning and its `theme.yaml`
//! setting the keys it sets.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ogi_model::{THEME_MANIFEST, ThemeManifest, load_theme_manifest, parse_theme_manifest};

use super::source::{BUILT_IN_LABEL, ThemeFile};
use super::{ThemeOrigin, embedded, files_under};
use crate::error::BuildError;

/// The template namespace of the built-in themes as built in, whatever the site's
/// folders override: `builtin/official/report.html`. No theme may take this name.
pub(crate) const BUILTIN_NAMESPACE: &str = "builtin";

/// One theme: its folder, its built-in layer, or both, and its manifest.
#[derive(Clone, Debug)]
pub(crate) struct ThemeDir {
    /// The theme's name.
    pub(crate) name: String,
    /// `themes/<name>`, when the site has that folder.
    pub(crate) dir: Option<PathBuf>,
    /// Whether a theme of that name is built in (the folder, if any, is a layer over it).
    pub(crate) builtin: bool,
    /// The folder's `theme.yaml` over the built-in one's, if either exists.
    pub(crate) manifest: Option<ThemeManifest>,
    /// Whether the folder has its own `theme.yaml`.
    own_manifest: bool,
}

impl ThemeDir {
    /// The parent theme, if the manifest names one.
    pub(crate) fn extends(&self) -> Option<&str> {
        self.manifest.as_ref().and_then(|m| m.extends.as_deref())
    }

    /// Where the theme is, for messages: `./themes/contrast` or `(built-in) contrast`.
    pub(crate) fn label(&self) -> String {
        match &self.dir {
            Some(dir) => dir.display().to_string(),
            None => format!("{BUILT_IN_LABEL} {}", self.name),
        }
    }

    /// The manifest that sets `extends`, for messages.
    fn manifest_label(&self) -> String {
        match &self.dir {
            Some(dir) if self.own_manifest || !self.builtin => {
                dir.join(THEME_MANIFEST).display().to_string()
            }
            _ => format!("{BUILT_IN_LABEL} {}/{THEME_MANIFEST}", self.name),
        }
    }

    /// Its files below `sub` (`templates` or `static`), by path below `sub`: the built-in
    /// theme's, with the folder's over them.
    pub(crate) fn files(&self, sub: &str) -> Result<BTreeMap<String, ThemeFile>, BuildError> {
        let mut out = self.builtin_files(sub);
        if let Some(dir) = &self.dir {
            out.extend(files_under(&dir.join(sub))?);
        }
        Ok(out)
    }

    /// The built-in theme's own files below `sub`, by path below `sub` (none if it is not
    /// built in).
    pub(crate) fn builtin_files(&self, sub: &str) -> BTreeMap<String, ThemeFile> {
        if self.builtin {
            embedded::files_by_path(&self.name, sub)
        } else {
            BTreeMap::new()
        }
    }

    /// Whether it has templates of its own: a `templates/` folder, or built-in ones.
    fn has_templates(&self) -> bool {
        self.dir
            .as_ref()
            .is_some_and(|d| d.join("templates").is_dir())
            || (self.builtin && embedded::files(&self.name, "templates").next().is_some())
    }
}

/// Why `name` cannot name a theme, if it cannot: it becomes a folder and part of every
/// asset's address, and `builtin` is the namespace of the built-in themes' templates.
pub(crate) fn name_problem(name: &str) -> Option<String> {
    let valid = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !name.starts_with('-');
    if !valid {
        Some(
            "a theme's name is ASCII letters, digits, `-` and `_` (it names the folder themes/<name>)"
                .to_owned(),
        )
    } else if name == BUILTIN_NAMESPACE {
        Some(format!(
            "`{BUILTIN_NAMESPACE}` is reserved: templates name the built-in themes as built in with it (`{BUILTIN_NAMESPACE}/official/report.html`); choose another name"
        ))
    } else {
        None
    }
}

/// Whether `dir` is a theme folder of its own: it has a `theme.yaml` or a `templates/` folder.
fn is_theme(dir: &Path) -> bool {
    dir.join(THEME_MANIFEST).is_file() || dir.join("templates").is_dir()
}

/// Whether `themes_dir/name` is a layer of theme `name`: a theme folder, or any folder
/// over a built-in theme (one with only `static/style.css` replaces that file).
fn on_disk(themes_dir: &Path, name: &str) -> bool {
    let dir = themes_dir.join(name);
    is_theme(&dir) || (dir.is_dir() && embedded::has(name))
}

/// The names of the theme folders in `themes_dir`, sorted.
pub(crate) fn on_disk_names(themes_dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(themes_dir)
        .map(|dir| {
            dir.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.') && on_disk(themes_dir, n))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Every theme a build can use: the built-in ones and the folders in `themes_dir`, sorted.
pub(crate) fn available(themes_dir: &Path) -> Vec<String> {
    let mut names = on_disk_names(themes_dir);
    names.extend(embedded::names().into_iter().map(str::to_owned));
    names.sort();
    names.dedup();
    names
}

/// Where theme `name` comes from, if it exists.
pub(crate) fn origin(themes_dir: &Path, name: &str) -> Option<ThemeOrigin> {
    match (on_disk(themes_dir, name), embedded::has(name)) {
        (true, true) => Some(ThemeOrigin::Overridden),
        (true, false) => Some(ThemeOrigin::Disk),
        (false, true) => Some(ThemeOrigin::BuiltIn),
        (false, false) => None,
    }
}

/// The themes there are, for an error: the built-in ones, and the folders of `themes_dir`.
pub(crate) fn known_text(themes_dir: &Path) -> String {
    let builtin = embedded::names().join(", ");
    let folders = on_disk_names(themes_dir);
    let folders = if folders.is_empty() && !themes_dir.is_dir() {
        format!("there is no {} folder", themes_dir.display())
    } else if folders.is_empty() {
        format!("{} has no theme folders", themes_dir.display())
    } else {
        format!("{} has {}", themes_dir.display(), folders.join(", "))
    };
    format!("the built-in themes are {builtin}; {folders}")
}

fn error(name: &str, message: String) -> BuildError {
    BuildError::Theme {
        name: name.to_owned(),
        message,
    }
}

/// The built-in theme `name`'s manifest, if it is built in with one.
fn builtin_manifest(name: &str) -> Result<Option<ThemeManifest>, BuildError> {
    let Some(file) = embedded::file(name, THEME_MANIFEST) else {
        return Ok(None);
    };
    let text = file.read_to_string()?;
    let manifest = parse_theme_manifest(Path::new(&file.to_string()), &text).map_err(|source| {
        BuildError::Manifest {
            name: name.to_owned(),
            source,
        }
    })?;
    Ok(Some(manifest))
}

/// A folder's manifest over the built-in one: the keys the folder's sets win.
fn layered(below: Option<ThemeManifest>, above: Option<ThemeManifest>) -> Option<ThemeManifest> {
    match (below, above) {
        (Some(mut below), Some(above)) => {
            if !above.description.is_empty() {
                below.description = above.description;
            }
            if above.extends.is_some() {
                below.extends = above.extends;
            }
            below.options.extend(above.options);
            Some(below)
        }
        (below, above) => above.or(below),
    }
}

/// Opens theme `name`: its folder in `themes_dir` over the built-in theme of that name.
pub(crate) fn open(themes_dir: &Path, name: &str) -> Result<ThemeDir, BuildError> {
    if let Some(problem) = name_problem(name) {
        return Err(error(name, problem));
    }
    let builtin = embedded::has(name);
    let dir = on_disk(themes_dir, name).then(|| themes_dir.join(name));
    if dir.is_none() && !builtin {
        return Err(error(
            name,
            format!("no theme named `{name}`: {}", known_text(themes_dir)),
        ));
    }
    let own = match dir.as_ref().map(|d| d.join(THEME_MANIFEST)) {
        Some(path) if path.is_file() => {
            let manifest = load_theme_manifest(&path).map_err(|source| BuildError::Manifest {
                name: name.to_owned(),
                source,
            })?;
            if manifest.name != name {
                return Err(error(
                    name,
                    format!(
                        "{} says `name: {}`, but the folder is `{name}`: make them the same",
                        path.display(),
                        manifest.name
                    ),
                ));
            }
            Some(manifest)
        }
        _ => None,
    };
    let below = if builtin {
        builtin_manifest(name)?
    } else {
        None
    };
    Ok(ThemeDir {
        name: name.to_owned(),
        dir,
        builtin,
        own_manifest: own.is_some(),
        manifest: layered(below, own),
    })
}

/// Theme `name` and its ancestors, nearest first: `[name, parent, grandparent, …]`.
pub(crate) fn resolve(themes_dir: &Path, name: &str) -> Result<Vec<ThemeDir>, BuildError> {
    let mut chain = vec![open(themes_dir, name)?];
    while let Some(parent) = chain.last().and_then(ThemeDir::extends) {
        let parent = parent.to_owned();
        if chain.iter().any(|t| t.name == parent) {
            let mut names: Vec<&str> = chain.iter().map(|t| t.name.as_str()).collect();
            names.push(&parent);
            return Err(error(
                name,
                format!(
                    "themes extend each other in a cycle: {}; remove one `extends:` from their theme.yaml",
                    names.join(" → ")
                ),
            ));
        }
        let Some(child) = chain.last() else {
            break;
        };
        let dir = match open(themes_dir, &parent) {
            Ok(dir) => dir,
            Err(BuildError::Theme { message, .. }) => {
                return Err(error(
                    &child.name,
                    format!(
                        "{} extends `{parent}`, which cannot be used: {message}",
                        child.manifest_label()
                    ),
                ));
            }
            Err(e) => return Err(e),
        };
        chain.push(dir);
    }
    if let Some(root) = chain.last().filter(|t| !t.has_templates()) {
        return Err(error(
            &root.name,
            format!(
                "{} has no templates/ folder and extends no theme: add `extends: official` to its theme.yaml, or its own templates",
                root.label()
            ),
        ));
    }
    Ok(chain)
}
