//! Themes: `themes/<name>/templates` and `themes/<name>/static`, with the site's own
//! `templates/` overriding a theme template of the same name.

use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

use crate::BuildError;

/// A theme's templates loaded into tera, and its static files.
pub struct Templates {
    /// The template engine, autoescaping `.html` and `.xml`.
    pub tera: Tera,
    /// The theme's name.
    pub theme: String,
    /// Static files: path below `static/`, and the file.
    pub static_files: Vec<(String, PathBuf)>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("theme", &self.theme)
            .field("static_files", &self.static_files.len())
            .finish()
    }
}

fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>, BuildError> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = entry.map_err(|e| BuildError::Io {
            path: e.path().unwrap_or(dir).to_owned(),
            message: e.to_string(),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        out.push((rel, entry.path().to_owned()));
    }
    Ok(out)
}

/// The text of a tera error and its causes, one per line.
pub(crate) fn tera_message(e: &tera::Error) -> String {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        message.push('\n');
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// Loads theme `name` from `themes_dir`, then the overrides in `site_templates`.
pub(crate) fn load(
    themes_dir: &Path,
    name: &str,
    site_templates: &Path,
) -> Result<Templates, BuildError> {
    let theme_dir = themes_dir.join(name);
    if !theme_dir.join("templates").is_dir() {
        let available: Vec<String> = std::fs::read_dir(themes_dir)
            .map(|dir| {
                dir.flatten()
                    .filter(|e| e.path().join("templates").is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        return Err(BuildError::Theme {
            name: name.to_owned(),
            message: format!(
                "no folder {}/templates (themes available: {})",
                theme_dir.display(),
                if available.is_empty() {
                    "none".to_owned()
                } else {
                    available.join(", ")
                }
            ),
        });
    }
    let mut sources: Vec<(String, PathBuf)> = files_under(&theme_dir.join("templates"))?;
    for (rel, path) in files_under(site_templates)? {
        match sources.iter_mut().find(|(r, _)| *r == rel) {
            Some(slot) => slot.1 = path,
            None => sources.push((rel, path)),
        }
    }
    let mut texts = Vec::with_capacity(sources.len());
    for (rel, path) in &sources {
        let text = std::fs::read_to_string(path).map_err(|e| BuildError::Io {
            path: path.clone(),
            message: e.to_string(),
        })?;
        texts.push((rel.clone(), text));
    }
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.add_raw_templates(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| BuildError::Template {
            template: theme_dir.join("templates").display().to_string(),
            message: tera_message(&e),
        })?;
    Ok(Templates {
        tera,
        theme: name.to_owned(),
        static_files: files_under(&theme_dir.join("static"))?,
    })
}
