//! `ogi new`: a scaffold report with every cell 0.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use ogi_model::{Edition, Level, ScaffoldOptions};

use crate::level::LevelArg;
use crate::report::status;
use crate::{Outcome, emit};

/// Arguments of `ogi new`.
#[derive(Args)]
pub(crate) struct NewArgs {
    /// Full name of the body, e.g. 福州市鼓楼区人民政府温泉街道办事处.
    #[arg(long)]
    body: String,
    /// Short name, e.g. 温泉街道.
    #[arg(long)]
    short_name: Option<String>,
    /// Kind of body.
    #[arg(long, value_enum, default_value_t = LevelArg::Department)]
    level: LevelArg,
    /// Region path, comma-separated: 福建省,福州市,鼓楼区.
    #[arg(long, value_delimiter = ',')]
    region: Vec<String>,
    /// Year reported on.
    #[arg(long, value_parser = clap::value_parser!(i32).range(2008..=2100))]
    year: i32,
    /// Edition of the format (default: the one for the year).
    #[arg(long, value_parser = ["2019", "2021"])]
    edition: Option<String>,
    /// Write to this file instead of standard output (never overwrites).
    #[arg(long, short)]
    output: Option<PathBuf>,
}

pub(crate) fn run(args: &NewArgs) -> anyhow::Result<Outcome> {
    let level = Level::from(args.level);
    let text = ogi_model::scaffold(&ScaffoldOptions {
        body: args.body.clone(),
        short_name: args.short_name.clone(),
        level,
        region: args
            .region
            .iter()
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty())
            .collect(),
        year: args.year,
        edition: args.edition.as_deref().and_then(Edition::from_text),
    });
    match &args.output {
        None => emit(&text)?,
        Some(path) => {
            if path.exists() {
                bail!(
                    "{} already exists; choose another --output or remove it first",
                    path.display()
                );
            }
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("creating {}", parent.display()))?;
            }
            std::fs::write(path, &text).with_context(|| format!("writing {}", path.display()))?;
            status!("wrote {}; fill it in, then run `ogi check`", path.display());
        }
    }
    Ok(Outcome::Success)
}
