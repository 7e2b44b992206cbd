//! `ogi theme new`: a child theme that builds at once, with one block of the report page
//! and the stylesheet to start from.

use std::path::{Path, PathBuf};

use ogi_model::THEME_MANIFEST;

use super::chain::{name_problem, resolve};
use super::embedded;
use super::load_chain;
use crate::error::{BuildError, io};

fn manifest(name: &str, parent: &str) -> String {
    format!(
        "# Theme `{name}`, made by `ogi theme new`. See docs/themes.md.
name: {name}
description: 基于 {parent} 主题
# Templates and static files this theme lacks come from `{parent}`.
extends: {parent}
# Options this theme adds, with their defaults; `{parent}`'s options are inherited.
# Set them in content/site.yaml under theme_options (or per district).
options:
  banner: \"\"
"
    )
}

fn report_template(parent: &str) -> String {
    format!(
        "{{% extends \"{parent}/report.html\" %}}
{{#- Only the blocks written here change: every other block of the report page is
    `{parent}`'s. The blocks and the variables are listed in docs/themes.md. -#}}
{{% block report_header %}}
{{{{ super() }}}}
{{%- if theme.options.banner %}}
<p class=\"theme-banner\">{{{{ theme.options.banner }}}}</p>
{{%- endif %}}
{{% endblock report_header %}}
"
    )
}

fn stylesheet(name: &str, parent: &str) -> String {
    format!(
        "/* Theme `{name}`: `{parent}`'s look, then the changes below. `{parent}`'s files are
   published beside this theme's, under assets/{parent}/. */
@import url(\"../{parent}/style.css\");

.theme-banner {{
  margin: 0 0 1.5em;
  padding: 0.5em 1em;
  border-left: 4px solid currentColor;
  text-align: center;
}}
"
    )
}

/// Makes theme `name` in `themes_dir`, extending `parent`: a `theme.yaml`, a
/// `templates/report.html` that overrides one block of the parent's, and a
/// `static/style.css` that imports the parent's. Refuses to overwrite anything, and checks
/// that the new theme loads. Returns the files written.
pub fn new_theme(themes_dir: &Path, name: &str, parent: &str) -> Result<Vec<PathBuf>, BuildError> {
    let error = |message: String| BuildError::Theme {
        name: name.to_owned(),
        message,
    };
    if let Some(problem) = name_problem(name) {
        return Err(error(problem));
    }
    let dir = themes_dir.join(name);
    if embedded::has(name) {
        return Err(error(format!(
            "`{name}` is a built-in theme: to change it, put the files that differ in {} (they override the built-in ones), or copy it all with `ogi theme eject {name}`; or choose another name",
            dir.display()
        )));
    }
    if dir.exists() {
        return Err(error(format!(
            "{} already exists: choose another name, or remove it first",
            dir.display()
        )));
    }
    let parent_chain = resolve(themes_dir, parent).map_err(|e| match e {
        BuildError::Theme { message, .. } => {
            error(format!("its parent `{parent}` cannot be used: {message}"))
        }
        e => e,
    })?;
    let parent_templates = load_chain(&parent_chain, Path::new(""))?;
    if !parent_templates.tera.contains_template("report.html") {
        return Err(error(format!(
            "its parent `{parent}` has no report.html to extend"
        )));
    }
    std::fs::create_dir_all(themes_dir).map_err(io(themes_dir))?;
    // `create_dir` (not `_all`) fails if another process made the folder meanwhile.
    std::fs::create_dir(&dir).map_err(io(&dir))?;
    let files = [
        (PathBuf::from(THEME_MANIFEST), manifest(name, parent)),
        (
            PathBuf::from("templates/report.html"),
            report_template(parent),
        ),
        (PathBuf::from("static/style.css"), stylesheet(name, parent)),
    ];
    let written = (|| {
        let mut written = Vec::new();
        for (rel, text) in &files {
            let path = dir.join(rel);
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder).map_err(io(folder))?;
            }
            std::fs::write(&path, text).map_err(io(&path))?;
            written.push(path);
        }
        super::load(themes_dir, name, Path::new(""))?;
        Ok(written)
    })();
    if written.is_err() {
        // The folder is ours: made above, just now.
        let _ = std::fs::remove_dir_all(&dir);
    }
    written
}
