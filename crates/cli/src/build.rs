//! `ogi build`: the static archive.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::Context;
use clap::Args;
use ogi_site::{BuildError, SiteOptions};
use ogi_validate::{Format, Lang, Severity, Sources};

use crate::Outcome;
use crate::project::RootArg;

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
    /// Serve the site under this address or path (default: base_url in content/site.yaml).
    #[arg(long)]
    base_url: Option<String>,
    /// Fail on any validation error instead of publishing flagged reports.
    #[arg(long)]
    strict: bool,
}

/// A progress bar on standard error, drawn only on a terminal and for long builds.
struct Progress {
    started: Instant,
    last: Mutex<usize>,
    enabled: bool,
}

impl Progress {
    fn new() -> Progress {
        Progress {
            started: Instant::now(),
            last: Mutex::new(0),
            enabled: std::io::stderr().is_terminal(),
        }
    }

    fn update(&self, done: usize, total: usize) {
        if !self.enabled || total < 200 || self.started.elapsed().as_millis() < 300 {
            return;
        }
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        let percent = done * 100 / total.max(1);
        if percent == *last && done != total {
            return;
        }
        *last = percent;
        let filled = percent * 30 / 100;
        let bar: String = "█".repeat(filled) + &"░".repeat(30 - filled);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r  rendering {bar} {done}/{total}");
        if done == total {
            let _ = write!(err, "\r{}\r", " ".repeat(60));
        }
        let _ = err.flush();
    }
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
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        let format = if loaded.archive.errors.is_empty() {
            Format::Short
        } else {
            Format::Human { color }
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
    let progress = Progress::new();
    let summary = match ogi_site::build(&loaded, &options, &|done, total| {
        progress.update(done, total)
    }) {
        Ok(summary) => summary,
        Err(e @ (BuildError::Unloadable { .. } | BuildError::Strict { .. })) => {
            eprintln!(
                "error: {e}; {} was not changed",
                options.project.show(&options.project.output)
            );
            return Ok(Outcome::Failure);
        }
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!(
                "build failed; {} was not changed",
                options.project.show(&options.project.output)
            )));
        }
    };
    let stages: Vec<String> = summary
        .timings
        .iter()
        .map(|(name, d)| format!("{name} {} ms", d.as_millis()))
        .collect();
    let flagged = if summary.flagged > 0 {
        format!(" ({} flagged with errors)", summary.flagged)
    } else {
        String::new()
    };
    eprintln!(
        "built {} report{}{flagged}: {} pages, {} files ({} changed), {:.1} MB in {:.2} s → {} ({})",
        summary.reports,
        if summary.reports == 1 { "" } else { "s" },
        summary.pages,
        summary.files,
        summary.changed,
        summary.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        options.project.show(&options.project.output),
        stages.join(", ")
    );
    Ok(Outcome::Success)
}
