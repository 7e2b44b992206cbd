//! `ogi theme`: the built-in themes and those in `themes/`, their parents, a new child
//! theme, and a built-in theme's files ejected into `themes/` to edit.

use std::fmt::Write;

use ogi_model::Project;

use clap::{Args, Subcommand};
use ogi_site::ThemeOrigin;

use crate::project::RootArg;
use crate::{Outcome, emit};

/// Arguments of `ogi theme`.
#[derive(Args)]
pub(crate) struct ThemeArgs {
    #[command(subcommand)]
    command: ThemeCommand,
}

#[derive(Subcommand)]
enum ThemeCommand {
    /// List the themes, built in and in ROOT/themes, with their parents and which pages use them.
    List {
        #[command(flatten)]
        root: RootArg,
    },
    /// Make ROOT/themes/NAME, a theme that extends PARENT and builds at once.
    New {
        /// The new theme's name: ASCII letters, digits, `-` and `_`.
        name: String,
        /// The theme it extends: its templates and static files fill in what NAME lacks.
        #[arg(long, value_name = "PARENT", default_value = "official")]
        extends: String,
        #[command(flatten)]
        root: RootArg,
    },
    /// Write the built-in theme NAME's files into ROOT/themes/NAME, to edit them there.
    Eject {
        /// The built-in theme: official or contrast.
        name: String,
        #[command(flatten)]
        root: RootArg,
    },
}

pub(crate) fn run(args: &ThemeArgs) -> anyhow::Result<Outcome> {
    match &args.command {
        ThemeCommand::List { root } => list(&root.project()),
        ThemeCommand::New {
            name,
            extends,
            root,
        } => new(&root.project(), name, extends),
        ThemeCommand::Eject { name, root } => eject(&root.project(), name),
    }
}

/// Who uses each theme according to `content/site.yaml`: the default, and the districts.
fn users(project: &Project) -> (String, Vec<(String, String)>) {
    let path = project.config_file();
    match ogi_model::load_config(&path) {
        Ok(config) => {
            let districts = config
                .districts
                .iter()
                .filter_map(|d| Some((d.theme.clone()?, format!("{} ({})", d.name, d.slug))))
                .collect();
            (config.theme, districts)
        }
        Err(_) => ("official".to_owned(), Vec::new()),
    }
}

fn list(project: &Project) -> anyhow::Result<Outcome> {
    let themes_dir = &project.themes;
    let themes = ogi_site::list_themes(themes_dir);
    let (default, districts) = users(project);
    let sources: Vec<String> = themes
        .iter()
        .map(|t| match t.origin {
            ThemeOrigin::BuiltIn => "built-in".to_owned(),
            ThemeOrigin::Disk => format!("themes/{}", t.name),
            ThemeOrigin::Overridden => format!("built-in, overridden by themes/{}", t.name),
        })
        .collect();
    let source_width = sources.iter().map(String::len).max().unwrap_or(0).max(6);
    let width = themes
        .iter()
        .map(|t| t.name.len())
        .max()
        .unwrap_or(0)
        .max(5);
    let parent_width = themes
        .iter()
        .map(|t| t.extends.as_deref().map_or(1, str::len))
        .max()
        .unwrap_or(0)
        .max(7);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:width$}  {:parent_width$}  {:source_width$}  DESCRIPTION",
        "THEME", "EXTENDS", "SOURCE"
    );
    let mut broken = 0;
    for (t, source) in themes.iter().zip(&sources) {
        let _ = writeln!(
            out,
            "{:width$}  {:parent_width$}  {source:source_width$}  {}",
            t.name,
            t.extends.as_deref().unwrap_or("-"),
            t.description
        );
        let mut used: Vec<String> = Vec::new();
        if t.name == default {
            used.push("the default (city-wide pages and districts without their own)".to_owned());
        }
        used.extend(
            districts
                .iter()
                .filter(|(theme, _)| *theme == t.name)
                .map(|(_, district)| district.clone()),
        );
        if !used.is_empty() {
            let _ = writeln!(out, "{:width$}  used by: {}", "", used.join(", "));
        }
        if let Some(problem) = &t.problem {
            broken += 1;
            let _ = writeln!(out, "{:width$}  error: {problem}", "");
        }
    }
    emit(&out)?;
    Ok(if broken > 0 {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

fn new(project: &Project, name: &str, parent: &str) -> anyhow::Result<Outcome> {
    let themes_dir = &project.themes;
    let written = ogi_site::new_theme(themes_dir, name, parent)?;
    let mut out = format!(
        "created theme `{name}` extending `{parent}` in {}:\n",
        project.show(&themes_dir.join(name))
    );
    for path in &written {
        let _ = writeln!(out, "  {}", project.show(path));
    }
    let _ = writeln!(
        out,
        "build with it: ogi build --theme {name}; or set `theme: {name}` in content/site.yaml, for the whole site or for one district"
    );
    emit(&out)?;
    Ok(Outcome::Success)
}

fn eject(project: &Project, name: &str) -> anyhow::Result<Outcome> {
    let themes_dir = &project.themes;
    let written = ogi_site::eject_theme(themes_dir, name)?;
    let dir = themes_dir.join(name);
    let mut out = format!(
        "ejected the built-in theme `{name}` into {} ({} files):\n",
        project.show(&dir),
        written.len()
    );
    for path in &written {
        let _ = writeln!(out, "  {}", project.show(path));
    }
    let _ = writeln!(
        out,
        "these files now override the built-in ones; delete those you leave unchanged, so they follow ogi's updates"
    );
    emit(&out)?;
    Ok(Outcome::Success)
}
