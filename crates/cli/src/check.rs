//! `ogi check`: load and validate a content folder, print diagnostics.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::{Args, ValueEnum};
use ogi_validate::{Format, Lang, Severity, Sources, Tally};

use crate::project::RootArg;
use crate::{Outcome, emit};

/// Arguments of `ogi check`.
#[derive(Args)]
pub(crate) struct CheckArgs {
    /// What to check: a content folder, a project folder (its content/ is checked) or one
    /// report file. Default: the content/ of --root.
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
    #[command(flatten)]
    root: RootArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// Exit 1 on warnings too, blank cells included.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// Source lines with carets.
    Human,
    /// `file:line:col: severity[RULE]: message`.
    Short,
    /// One JSON object per diagnostic, per line.
    Json,
}

pub(crate) fn run(args: &CheckArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let project = args.root.project();
    let target = match &args.path {
        Some(path) => ogi_model::absolute(&project.cwd, path),
        None => project.content.clone(),
    };
    // A folder is checked report by report as it loads (`load_and_check`): only what the
    // archive rules need of each report is kept, not the whole archive.
    let checked = if target.is_file() {
        ogi_validate::Checked::of(ogi_model::load_file(&target)?)
    } else if target.join("content").is_dir() && !target.join(ogi_model::CONFIG_FILE).is_file() {
        // A project folder: its reports are in content/; themes/ and site/ are not reports.
        ogi_validate::load_and_check(&target.join("content"))?
    } else {
        ogi_validate::load_and_check(&target)?
    };
    let (archive, diagnostics) = (&checked.archive, &checked.diagnostics);
    let format = match args.format {
        OutputFormat::Human => Format::Human {
            color: crate::report::reporter().color(crate::report::Stream::Stdout),
            detail: crate::report::reporter().verbosity() >= crate::report::Verbosity::Verbose,
        },
        OutputFormat::Short => Format::Short,
        OutputFormat::Json => Format::Json,
    };
    let mut rendered = Vec::new();
    ogi_validate::render(
        diagnostics,
        &Sources::from_archive(archive).shown_from(&project.cwd),
        format,
        lang,
        &mut rendered,
    )
    .context("rendering diagnostics")?;
    emit(&String::from_utf8_lossy(&rendered))?;
    let tally = Tally::of(diagnostics);
    let files = checked.reports.len()
        + archive
            .errors
            .iter()
            .filter(|e| e.kind != ogi_model::LoadErrorKind::Walk)
            .count();
    list_files(&checked, &project, lang);
    crate::report::status!(
        "{}",
        summary(
            files,
            &project.show(&target),
            tally,
            started.elapsed().as_millis(),
            lang
        )
    );
    let worst = diagnostics.iter().map(|d| d.severity).max();
    let threshold = if args.deny_warnings {
        Severity::Warning
    } else {
        Severity::Error
    };
    Ok(if worst.is_some_and(|s| s >= threshold) {
        Outcome::Failure
    } else {
        Outcome::Success
    })
}

/// The last line: how many files, where, what was found (blank cells apart from the
/// warnings), how long it took.
fn summary(files: usize, dir: &str, tally: Tally, ms: u128, lang: Lang) -> String {
    let Tally {
        errors,
        warnings,
        infos,
        blank_cells,
    } = tally;
    let mut line = match lang {
        Lang::En => format!(
            "checked {files} report file{} in {dir}: {errors} error{}, {warnings} warning{}, {infos} info{}",
            plural(files),
            plural(errors),
            plural(warnings),
            plural(infos),
        ),
        Lang::Zh => format!(
            "已检查 {dir} 中的 {files} 个报告文件：错误 {errors} 处，警告 {warnings} 处，提示 {infos} 处"
        ),
    };
    if blank_cells > 0 {
        line.push_str(&match lang {
            Lang::En => format!("; {blank_cells} blank cell{}", plural(blank_cells)),
            Lang::Zh => format!("；空白单元格 {blank_cells} 个"),
        });
    }
    line.push_str(&match lang {
        Lang::En => format!(" ({ms} ms)"),
        Lang::Zh => format!("（用时 {ms} 毫秒）"),
    });
    line
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One line per file with findings, before the total (`--verbose`: every file checked):
/// `content/…/2020.yaml: 2 errors, 1 warning; 145 blank cells`.
fn list_files(checked: &ogi_validate::Checked, project: &ogi_model::Project, lang: Lang) {
    let verbose = crate::report::reporter().verbosity() >= crate::report::Verbosity::Verbose;
    let mut found: std::collections::BTreeMap<&std::path::Path, Tally> = Default::default();
    for d in &checked.diagnostics {
        found.entry(&d.file).or_default().add(d);
    }
    let paths = checked.reports.iter().map(|p| p.as_path()).chain(
        checked
            .archive
            .errors
            .iter()
            .filter(|e| e.kind != ogi_model::LoadErrorKind::Walk)
            .map(|e| e.path.as_path()),
    );
    for path in paths.collect::<std::collections::BTreeSet<_>>() {
        let tally = found.get(path).copied().unwrap_or_default();
        if verbose || tally != Tally::default() {
            crate::report::status!("  {}: {}", project.show(path), tally.brief(lang));
        }
    }
}
