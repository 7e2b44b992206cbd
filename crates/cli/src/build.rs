//! `ogi build`: the static archive.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use ogi_site::{BuildError, SiteOptions};
use ogi_validate::{Format, Lang, Severity, Sources};

use crate::Outcome;
use crate::progress::Progress;
use crate::project::RootArg;
use crate::report::{Stream, Verbosity, detail, reporter, status};

/// Arguments of `ogi build`.
#[derive(Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    root: RootArg,
    /// Where to write the site (default: ROOT/site). It must be a folder of its own: not the
    /// project, not inside content/, themes/ or templates/, and empty or made by ogi.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Use this theme instead of the configured one.
    #[arg(long)]
    theme: Option<String>,
    /// Serve the site under this address or path (default: base_url in content/site.yaml):
    /// http(s) or a path.
    #[arg(long, value_parser = crate::project::base_url)]
    base_url: Option<String>,
    /// Fail on any validation error instead of publishing flagged reports.
    #[arg(long)]
    strict: bool,
}

pub(crate) fn run(args: &BuildArgs, lang: Lang) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let mut project = args.root.project();
    if let Some(output) = &args.output {
        project = project.with_output(output);
    }
    if let Some(message) = ogi_site::output_conflict(&project) {
        anyhow::bail!("{message}; nothing was written");
    }
    let mut options = SiteOptions::of(project);
    options.theme = args.theme.clone();
    options.base_url = args.base_url.clone();
    options.strict = args.strict;
    let loaded = ogi_site::load(&options)?;
    let worth_showing: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| {
            d.severity == Severity::Error || loaded.archive.errors.iter().any(|e| e.path == d.file)
        })
        .cloned()
        .collect();
    if !worth_showing.is_empty() {
        let mut out = Vec::new();
        let color = reporter().color(Stream::Stderr);
        let format = if loaded.archive.errors.is_empty() {
            Format::Short
        } else {
            Format::Human {
                color,
                detail: false,
            }
        };
        ogi_validate::render(
            &worth_showing,
            &Sources::from_archive(&loaded.archive).shown_from(&options.project.cwd),
            format,
            lang,
            &mut out,
        )
        .context("rendering diagnostics")?;
        eprint!("{}", String::from_utf8_lossy(&out));
    }
    let progress = Progress::start();
    let summary = match ogi_site::build(&loaded, &options, &|done, total| {
        progress.update(done, total)
    }) {
        Ok(summary) => summary,
        Err(e @ (BuildError::Unloadable { .. } | BuildError::Strict { .. })) => {
            let output = options.project.show(&options.project.output);
            match lang {
                Lang::En => eprintln!("error: {e}; {output} was not changed"),
                Lang::Zh => eprintln!("错误：{e}；{output} 保持原样，未作改动"),
            }
            return Ok(Outcome::Failure);
        }
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!(
                "build failed; {} was not changed",
                options.project.show(&options.project.output)
            )));
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    let output = options.project.show(&options.project.output);
    let reports = match lang {
        Lang::En => format!(
            "{} report{}{}",
            summary.reports,
            if summary.reports == 1 { "" } else { "s" },
            if summary.flagged > 0 {
                format!(" ({} flagged with errors)", summary.flagged)
            } else {
                String::new()
            }
        ),
        Lang::Zh => format!(
            "{} 份报告{}",
            summary.reports,
            if summary.flagged > 0 {
                format!("（其中 {} 份有勾稽关系错误，已标注发布）", summary.flagged)
            } else {
                String::new()
            }
        ),
    };
    if reporter().verbosity() == Verbosity::Verbose {
        let stages: Vec<String> = summary
            .timings
            .iter()
            .map(|(name, d)| format!("{name} {} ms", d.as_millis()))
            .collect();
        let (pages, files, changed, mb) = (
            summary.pages,
            summary.files,
            summary.changed,
            summary.bytes as f64 / 1e6,
        );
        match lang {
            Lang::En => detail!(
                "built {reports}: {pages} pages, {files} files ({changed} changed), {mb:.1} MB in {seconds:.2} s → {output} ({})",
                stages.join(", ")
            ),
            Lang::Zh => detail!(
                "已构建 {reports}：{pages} 个页面，{files} 个文件（{changed} 个有变化），{mb:.1} MB，用时 {seconds:.2} 秒 → {output}（{}）",
                stages.join("，")
            ),
        }
    } else {
        let (pages, changed) = (summary.pages, summary.changed);
        match lang {
            Lang::En => status!(
                "built {reports}: {pages} pages, {changed} changed files in {seconds:.2} s → {output}"
            ),
            Lang::Zh => status!(
                "已构建 {reports}：{pages} 个页面，{changed} 个文件有变化，用时 {seconds:.2} 秒 → {output}"
            ),
        }
    }
    Ok(Outcome::Success)
}
