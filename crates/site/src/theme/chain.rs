//! Finding a theme and its ancestors through the `extends` of each `theme.yaml`. A missing
//! theme, a missing parent and a cycle are errors that say which file to change.

use std::path::{Path, PathBuf};

use ogi_model::{THEME_MANIFEST, ThemeManifest, load_theme_manifest};

use crate::BuildError;

/// One theme folder and its manifest (a folder with only `templates/` has none).
#[derive(Clone, Debug)]
pub(crate) struct ThemeDir {
    /// The folder's name.
    pub(crate) name: String,
    /// `themes/<name>`.
    pub(crate) dir: PathBuf,
    /// Its `theme.yaml`, if it has one.
    pub(crate) manifest: Option<ThemeManifest>,
}

impl ThemeDir {
    /// The parent theme, if the manifest names one.
    pub(crate) fn extends(&self) -> Option<&str> {
        self.manifest.as_ref().and_then(|m| m.extends.as_deref())
    }
}

/// Whether `name` can name a theme: it becomes a folder and part of every asset's address.
pub(crate) fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !name.starts_with('-')
}

/// Whether `dir` is a theme folder: it has a `theme.yaml` or a `templates/` folder.
fn is_theme(dir: &Path) -> bool {
    dir.join(THEME_MANIFEST).is_file() || dir.join("templates").is_dir()
}

/// The names of the theme folders in `themes_dir`, sorted.
pub(crate) fn available(themes_dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(themes_dir)
        .map(|dir| {
            dir.flatten()
                .filter(|e| is_theme(&e.path()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn available_text(themes_dir: &Path) -> String {
    let names = available(themes_dir);
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

fn error(name: &str, message: String) -> BuildError {
    BuildError::Theme {
        name: name.to_owned(),
        message,
    }
}

/// Opens theme `name` in `themes_dir`, reading its manifest.
pub(crate) fn open(themes_dir: &Path, name: &str) -> Result<ThemeDir, BuildError> {
    if !valid_name(name) {
        return Err(error(
            name,
            "a theme's name is ASCII letters, digits, `-` and `_` (it names the folder themes/<name>)"
                .to_owned(),
        ));
    }
    let dir = themes_dir.join(name);
    if !is_theme(&dir) {
        return Err(error(
            name,
            format!(
                "no theme folder {} with a theme.yaml or a templates/ folder (themes available: {})",
                dir.display(),
                available_text(themes_dir)
            ),
        ));
    }
    let path = dir.join(THEME_MANIFEST);
    let manifest = if path.is_file() {
        let manifest = load_theme_manifest(&path).map_err(|e| error(name, e.to_string()))?;
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
    } else {
        None
    };
    Ok(ThemeDir {
        name: name.to_owned(),
        dir,
        manifest,
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
        let child = chain.last().map_or(name, |t| t.name.as_str());
        let dir = match open(themes_dir, &parent) {
            Ok(dir) => dir,
            Err(BuildError::Theme { message, .. }) => {
                return Err(error(
                    child,
                    format!(
                        "{}/{THEME_MANIFEST} extends `{parent}`, which cannot be used: {message}",
                        themes_dir.join(child).display()
                    ),
                ));
            }
            Err(e) => return Err(e),
        };
        chain.push(dir);
    }
    let root = chain
        .iter()
        .last()
        .filter(|t| !t.dir.join("templates").is_dir());
    if let Some(root) = root {
        return Err(error(
            &root.name,
            format!(
                "{} has no templates/ folder and extends no theme: add `extends: official` to its theme.yaml, or its own templates",
                root.dir.display()
            ),
        ));
    }
    Ok(chain)
}
