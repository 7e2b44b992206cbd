//! `ogi gen`: a deterministic synthetic archive.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use ogi_gen::GenOptions;

use crate::Outcome;
use crate::report::status;

/// Arguments of `ogi gen`.
#[derive(Args)]
pub(crate) struct GenArgs {
    /// Number of reports.
    #[arg(long, default_value_t = 1000)]
    reports: usize,
    /// Seed: the same seed and count give byte-identical files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The content folder to create (must be missing or empty).
    out: PathBuf,
}

pub(crate) fn run(args: &GenArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let summary = ogi_gen::write(
        &GenOptions {
            reports: args.reports,
            seed: args.seed,
        },
        &args.out,
    )?;
    status!(
        "generated {} reports of {} bodies in {} districts, {:.1} MB, in {:.2} s → {}",
        summary.reports,
        summary.bodies,
        summary.districts,
        summary.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(Outcome::Success)
}
