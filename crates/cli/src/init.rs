//! `ogi init`: a ready project (configuration, one sample report, `.gitignore`), so that
//! `ogi build`, `ogi serve` and `ogi check` work at once with the binary alone.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use ogi_model::Project;

use crate::report::{Verbosity, reporter};
use crate::{Outcome, emit};

/// The configuration a new project starts with, with comments.
const SITE_YAML: &str = include_str!("init/site.yaml");

/// The sample report: the bundled real report (a public record), transcribed from its PDF.
const SAMPLE: &str = include_str!("../../../content/fujian/fuzhou/gulou/wenquan/2020.yaml");

/// Where the sample report goes below content/.
const SAMPLE_PATH: &str = "fujian/fuzhou/gulou/wenquan/2020.yaml";

/// Arguments of `ogi init`.
#[derive(Args)]
pub(crate) struct InitArgs {
    /// The folder to make the project in (made if missing); default: the current folder.
    #[arg(default_value = ".", value_name = "DIR")]
    dir: PathBuf,
}

/// Why `dir` cannot become a new project, if it cannot: it holds one already.
fn existing_project(project: &Project) -> Option<String> {
    let config = project.config_file();
    if config.exists() {
        return Some(format!("{} exists", project.show(&config)));
    }
    let has_files = fs::read_dir(&project.content).is_ok_and(|mut d| d.next().is_some());
    has_files.then(|| format!("{} is not empty", project.show(&project.content)))
}

/// Writes `text` to `path`, making its folder; never replaces a file.
fn create(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
        .with_context(|| format!("writing {}", path.display()))
}

pub(crate) fn run(args: &InitArgs) -> anyhow::Result<Outcome> {
    let project = Project::at(&args.dir);
    if let Some(why) = existing_project(&project) {
        bail!(
            "{} already holds a project ({why}); nothing was written. Run `ogi build` there, or name a new folder: `ogi init NAME`",
            project.show(&project.root)
        );
    }
    let mut written = Vec::new();
    let config = project.config_file();
    create(&config, SITE_YAML)?;
    written.push(config);
    let sample = project.content.join(SAMPLE_PATH);
    create(&sample, SAMPLE)?;
    written.push(sample);
    // `.gitignore`: site/ is build output. An existing file is kept, with the line added.
    let gitignore = project.root.join(".gitignore");
    let current = fs::read_to_string(&gitignore).unwrap_or_default();
    if !current
        .lines()
        .any(|l| matches!(l.trim(), "site/" | "/site" | "/site/" | "site"))
    {
        let mut text = current;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str("# ogi build 的输出 (the built site)\nsite/\n");
        fs::write(&gitignore, text).with_context(|| format!("writing {}", gitignore.display()))?;
        written.push(gitignore);
    }
    let mut out = format!(
        "created an ogi project in {}:\n",
        project.show(&project.root)
    );
    for path in &written {
        let _ = writeln!(out, "  {}", project.show(path));
    }
    let cd = if project.root == project.cwd {
        String::new()
    } else {
        format!("cd {} && ", project.show(&project.root))
    };
    let _ = writeln!(
        out,
        "next: {cd}ogi serve   (preview while editing; `ogi build` writes site/, `ogi check` validates)\nadd a report: ogi new --body 单位全称 --year 2024 --region 省,市,区 -o content/…/2024.yaml"
    );
    // What was made is a status report, not output a caller asked for: --quiet hides it.
    if reporter().verbosity() > Verbosity::Quiet {
        emit(&out)?;
    }
    Ok(Outcome::Success)
}
