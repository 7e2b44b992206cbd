//! `ogi import`: published reports (portal HTML, PDF) into report files under content/, each
//! checked by the same rules as `ogi check`, with a summary line per file and a total.

use std::path::{Path, PathBuf};

use anyhow::bail;
use clap::Args;
use ogi_import::{ImportOptions, Imported};
use ogi_model::{Level, show_from};
use ogi_validate::{Lang, Tally};

use crate::level::LevelArg;
use crate::project::RootArg;
use crate::report::status;
use crate::{Outcome, emit};

/// Arguments of `ogi import`.
#[derive(Args)]
pub(crate) struct ImportArgs {
    /// Published reports: saved portal pages (.html) or PDFs.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    #[command(flatten)]
    root: RootArg,
    /// Write under this folder instead of the project's content/ (same layout).
    #[arg(long, conflicts_with = "output")]
    out: Option<PathBuf>,
    /// Write the one report to this file.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Region path of the bodies, comma-separated: 福建省,福州市,鼓楼区 (default: the
    /// district of site.yaml named in the body's name).
    #[arg(long, value_delimiter = ',')]
    region: Vec<String>,
    /// Kind of body (default: guessed from its name, and said so in the file).
    #[arg(long, value_enum)]
    level: Option<LevelArg>,
    /// Read and check, print the summary, write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Overwrite existing report files.
    #[arg(long)]
    force: bool,
}

/// How one file went.
enum FileResult {
    /// Imported (and written unless --dry-run) to this path, with the check's tally.
    Done(Box<Imported>, PathBuf, Tally),
    /// Not imported: why.
    Failed(String),
}

pub(crate) fn run(args: &ImportArgs, lang: Lang) -> anyhow::Result<Outcome> {
    if args.output.is_some() && args.files.len() > 1 {
        bail!(
            "-o names one file, but {} reports were given; use --out DIR for several",
            args.files.len()
        );
    }
    let project = args.root.project();
    let config_path = project.content.join(ogi_model::CONFIG_FILE);
    let districts = if config_path.is_file() {
        ogi_model::load_config(&config_path)?.districts
    } else {
        Vec::new()
    };
    let region: Vec<String> = args
        .region
        .iter()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    let opts = ImportOptions {
        region: (!region.is_empty()).then_some(region),
        level: args.level.map(Level::from),
        districts,
    };
    let base = match &args.out {
        Some(out) => ogi_model::absolute(&project.cwd, out),
        None => project.content.clone(),
    };
    // Where the archive keeps its bodies already: an imported report goes beside its body's
    // other years, or beside the bodies of its region.
    let known: Vec<Known> = if project.content.is_dir() {
        ogi_model::load_archive(&project.content)
            .map(|a| {
                a.documents
                    .iter()
                    .filter_map(|d| {
                        let rel = d.path.parent()?.strip_prefix(&project.content).ok()?;
                        Some(Known {
                            key: d.report.body.key(),
                            region: d.report.body.region.clone(),
                            folder: rel.to_owned(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let inputs: Vec<PathBuf> = args
        .files
        .iter()
        .map(|f| ogi_model::absolute(&project.cwd, f))
        .collect();
    // In parallel: each file is independent; results keep the order given.
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(inputs.len().max(1));
    let chunk = inputs.len().div_ceil(workers).max(1);
    let results: Vec<FileResult> = std::thread::scope(|s| {
        let handles: Vec<_> = inputs
            .chunks(chunk)
            .map(|files| {
                let opts = &opts;
                let base = &base;
                let cwd = &project.cwd;
                let known = &known;
                s.spawn(move || {
                    files
                        .iter()
                        .map(|f| one(f, opts, base, cwd, known, args))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![FileResult::Failed(
                        "the importer stopped unexpectedly".into(),
                    )]
                })
            })
            .collect()
    });
    let (mut read, mut uncertain, mut failed, mut errors) = (0, 0, 0, 0);
    let mut lines = String::new();
    for (file, result) in args.files.iter().zip(&results) {
        match result {
            FileResult::Done(imported, path, tally) => {
                read += imported.cells_read;
                uncertain += imported.cells_uncertain;
                errors += tally.errors;
                let (file, path) = (file.display(), show_from(&project.cwd, path));
                let (n, u) = (imported.cells_read, imported.cells_uncertain);
                let (e, w, i) = (tally.errors, tally.warnings, tally.infos);
                lines.push_str(&match lang {
                    Lang::En => format!(
                        "{file}: {} {path}: {n} cells read, {u} uncertain{}; check: {e} errors, {w} warnings, {i} infos\n",
                        if args.dry_run { "would write" } else { "wrote" },
                        if u > 0 { " (blank, marked 未能识别)" } else { "" },
                    ),
                    Lang::Zh => format!(
                        "{file}：{}{path}：读出 {n} 格，{u} 格未能识别{}；检查：{e} 个错误，{w} 个警告，{i} 条提示\n",
                        if args.dry_run { "将写入 " } else { "已写入 " },
                        if u > 0 { "（留空，标注“未能识别”）" } else { "" },
                    ),
                });
            }
            FileResult::Failed(why) => {
                failed += 1;
                lines.push_str(&match lang {
                    Lang::En => format!("{}: not imported: {why}\n", file.display()),
                    Lang::Zh => format!("{}：未导入：{why}\n", file.display()),
                });
            }
        }
    }
    let (done, all) = (results.len() - failed, results.len());
    lines.push_str(&match lang {
        Lang::En => format!(
            "total: {done} of {all} files imported, {read} cells read, {uncertain} uncertain, {errors} check errors\n"
        ),
        Lang::Zh => format!(
            "合计：导入 {done}/{all} 个文件，读出 {read} 格，{uncertain} 格未能识别，检查错误 {errors} 个\n"
        ),
    });
    emit(&lines)?;
    if failed > 0 {
        match lang {
            Lang::En => bail!("{failed} of {all} files could not be imported (see above)"),
            Lang::Zh => bail!("{all} 个文件中有 {failed} 个未能导入（见上）"),
        }
    }
    if uncertain > 0 {
        match lang {
            Lang::En => {
                status!("review the cells marked 未能识别, fill them in, then run `ogi check`")
            }
            Lang::Zh => status!("请核对标注“未能识别”的单元格，填好后运行 `ogi check`"),
        }
        return Ok(Outcome::Failure);
    }
    Ok(Outcome::Success)
}

/// Imports one file, checks the result and writes it where it belongs.
fn one(
    file: &Path,
    opts: &ImportOptions,
    base: &Path,
    cwd: &Path,
    known: &[Known],
    args: &ImportArgs,
) -> FileResult {
    let imported = match ogi_import::import_file(file, opts) {
        Ok(i) => i,
        // The library names the file by its absolute path; the summary line names it already.
        Err(e) => {
            let why = e.to_string();
            let prefix = format!("{}: ", file.display());
            return FileResult::Failed(why.strip_prefix(&prefix).unwrap_or(&why).to_owned());
        }
    };
    let path = match &args.output {
        Some(o) => ogi_model::absolute(cwd, o),
        None => base.join(place(file, &imported, known)),
    };
    let yaml = imported.yaml(&file.file_name().unwrap_or_default().to_string_lossy());
    let doc = match ogi_model::parse_report(&path, yaml.clone()) {
        Ok(doc) => doc,
        Err(e) => return FileResult::Failed(format!("the written report would not load: {e}")),
    };
    let tally = Tally::of(&ogi_validate::check_report(&doc));
    if !args.dry_run {
        if path.exists() && !args.force {
            return FileResult::Failed(format!(
                "{} exists; pass --force to overwrite it",
                show_from(cwd, &path)
            ));
        }
        if let Some(parent) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(parent) {
                return FileResult::Failed(format!("creating {}: {e}", parent.display()));
            }
        }
        if let Err(e) = std::fs::write(&path, yaml) {
            return FileResult::Failed(format!("writing {}: {e}", path.display()));
        }
    }
    FileResult::Done(Box::new(imported), path, tally)
}

/// A body the archive holds: its key, region and folder below content/.
struct Known {
    key: String,
    region: Vec<String>,
    folder: PathBuf,
}

/// Where the report goes below content/: beside the body's other years if the archive
/// has it; else `<folder of its region>/<body slug>/<year>.yaml`, the region's folder
/// being that of another body of the same region, or the district's slug. The body's
/// slug comes from the file's name (`pingtan_2021.html` gives `pingtan`), as a Chinese
/// name has no ASCII form to take.
fn place(file: &Path, imported: &Imported, known: &[Known]) -> PathBuf {
    let body = &imported.report.body;
    let year = imported.report.year.to_string();
    let file_name = format!("{year}.yaml");
    if let Some(k) = known.iter().find(|k| k.key == body.key()) {
        return k.folder.join(file_name);
    }
    let stem = file.file_stem().unwrap_or_default().to_string_lossy();
    let mut slug: String = stem
        .replace(&year, "")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    slug = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        slug = "report".into();
    }
    let region_folder = known
        .iter()
        .find(|k| !body.region.is_empty() && k.region == body.region)
        .and_then(|k| k.folder.parent().map(Path::to_path_buf))
        .or_else(|| imported.district_slug.as_ref().map(PathBuf::from))
        .unwrap_or_default();
    region_folder.join(slug).join(file_name)
}
