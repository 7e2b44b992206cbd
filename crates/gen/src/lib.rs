//! `ogi-gen`: a deterministic generator of synthetic archives of government
//! information-disclosure annual reports (政府信息公开工作年度报告), for tests, demos and
//! benchmarks of ogi.
//!
//! The same [`GenOptions`] always give byte-identical output. Every generated report loads
//! with `ogi_model::parse_report` and passes every rule of `ogi-validate`, including the
//! cross-year ones: each body reports on consecutive years between 2019 and 2024 (the 2019
//! edition for 2019–2020, the 2021 edition from 2021), carries its open requests and its
//! running totals from year to year, and its prose restates its tables. Each report names
//! a project found in no other report ([`GeneratedFile::marker`]), so a search for it has
//! exactly one hit.
//!
//! ```
//! let opts = ogi_gen::GenOptions { reports: 3, seed: 7 };
//! let files = ogi_gen::generate(&opts);
//! assert_eq!(files.len(), 3);
//! assert!(files[0].text.contains(&files[0].marker));
//! assert!(ogi_gen::site_config(&opts).contains("districts:"));
//! ```

mod bank;
mod figures;
mod names;
mod prose;
mod rng;
mod yaml;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ogi_model::Level;

use crate::names::{Body, PLACE_1, PLACE_2, Plan, plan};
use crate::prose::{Contact, Ctx};
use crate::rng::{Rng, mix};

/// What to generate: how many report files, from which seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GenOptions {
    /// The number of report files (not counting `site.yaml`).
    pub reports: usize,
    /// The seed: the same seed and count give the same archive, byte for byte.
    pub seed: u64,
}

/// One generated report file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the content folder, such as `fujian/fuzhou/gulou/b0012-wenquan/2020.yaml`.
    pub path: PathBuf,
    /// The file's YAML.
    pub text: String,
    /// A phrase that occurs once in this file and in no other file of the archive, such as
    /// `智慧政务X7K2QA平台` (unique for archives of up to 2^26 reports).
    pub marker: String,
}

/// What [`write`] wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GenSummary {
    /// Report files written.
    pub reports: usize,
    /// Distinct bodies that publish them.
    pub bodies: usize,
    /// Districts listed in `site.yaml`.
    pub districts: usize,
    /// Bytes written, `site.yaml` included.
    pub bytes: u64,
}

/// Why [`write`] failed.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    /// The output folder already holds files.
    #[error(
        "{}: the output folder is not empty; name a new or empty folder (ogi gen never overwrites or mixes with existing files)",
        .path.display()
    )]
    NotEmpty {
        /// The folder.
        path: PathBuf,
    },
    /// The output path is a file.
    #[error("{}: is a file, not a folder; name a new or empty folder", .path.display())]
    NotAFolder {
        /// The path.
        path: PathBuf,
    },
    /// Reading or writing failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
}

/// Every report file of the archive described by `opts`, in path order within each body.
pub fn generate(opts: &GenOptions) -> Vec<GeneratedFile> {
    let mut files = Vec::with_capacity(opts.reports);
    each_report(opts, &plan(opts.reports, opts.seed), |f| files.push(f));
    files
}

/// The YAML of `site.yaml` for the archive described by `opts`: its districts, in order.
pub fn site_config(opts: &GenOptions) -> String {
    config_text(opts, &plan(opts.reports, opts.seed))
}

fn config_text(opts: &GenOptions, plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# 合成数据：由 `ogi gen --reports {} --seed {}` 生成，不是真实的政府信息公开工作年度报告。",
        opts.reports, opts.seed
    );
    out.push_str("title: 政府信息公开工作年度报告档案（合成数据）\n");
    let _ = writeln!(
        out,
        "description: 由 ogi gen 生成的合成测试数据（{} 份报告，种子 {}），并非真实报告",
        opts.reports, opts.seed
    );
    out.push_str("base_url: /\ntheme: official\n");
    if plan.districts.is_empty() {
        out.push_str("districts: []\n");
        return out;
    }
    out.push_str("districts:\n");
    for d in &plan.districts {
        let _ = writeln!(out, "  - slug: {}", d.slug);
        let _ = writeln!(out, "    name: {}", d.name);
        let _ = writeln!(out, "    region: [{}]", d.region().join(", "));
    }
    out
}

/// Writes `site.yaml` and every report file under `out`, creating folders as needed.
/// Refuses to write into a folder that already holds anything.
pub fn write(opts: &GenOptions, out: &Path) -> Result<GenSummary, GenError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| GenError::Io { path, source }
    };
    match std::fs::metadata(out) {
        Ok(meta) if !meta.is_dir() => {
            return Err(GenError::NotAFolder {
                path: out.to_owned(),
            });
        }
        Ok(_) => {
            if std::fs::read_dir(out).map_err(io(out))?.next().is_some() {
                return Err(GenError::NotEmpty {
                    path: out.to_owned(),
                });
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(out)(e)),
    }
    std::fs::create_dir_all(out).map_err(io(out))?;
    let plan = plan(opts.reports, opts.seed);
    let config = config_text(opts, &plan);
    let config_path = out.join(ogi_model::CONFIG_FILE);
    std::fs::write(&config_path, &config).map_err(io(&config_path))?;
    let mut summary = GenSummary {
        reports: 0,
        bodies: plan.bodies.len(),
        districts: plan.districts.len(),
        bytes: config.len() as u64,
    };
    let mut made: HashSet<PathBuf> = HashSet::new();
    let mut failure = None;
    each_report(opts, &plan, |file| {
        if failure.is_some() {
            return;
        }
        let path = out.join(&file.path);
        if let Some(parent) = path.parent() {
            if !made.contains(parent) {
                if let Err(e) = std::fs::create_dir_all(parent) {
                    failure = Some(io(parent)(e));
                    return;
                }
                made.insert(parent.to_owned());
            }
        }
        match std::fs::write(&path, &file.text) {
            Ok(()) => {
                summary.reports += 1;
                summary.bytes += file.text.len() as u64;
            }
            Err(e) => failure = Some(io(&path)(e)),
        }
    });
    match failure {
        Some(e) => Err(e),
        None => Ok(summary),
    }
}

/// The code that makes report `index` unique: six characters, two of them digits, from a
/// bijection of `0..2^26`, so no two reports of an archive share one.
fn code(index: usize, seed: u64) -> String {
    const ALPHA: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    const DIGIT: &[u8; 8] = b"23456789";
    const MASK: u64 = (1 << 26) - 1;
    let mut x = (index as u64).wrapping_add(mix(seed)) & MASK;
    x = x.wrapping_mul(0x2C92_77B5) & MASK;
    x ^= x >> 13;
    x = x.wrapping_mul(0x5851_F42D) & MASK;
    x ^= x >> 11;
    let mut out = String::with_capacity(6);
    for radix in [32u64, 8, 32, 8, 32, 32] {
        let table: &[u8] = if radix == 8 { DIGIT } else { ALPHA };
        out.push(char::from(table[(x % radix) as usize]));
        x /= radix;
    }
    out
}

/// A body's contact details, the same every year.
fn contact(rng: &mut Rng, body: &Body) -> Contact {
    let d = body.district;
    let road = format!(
        "{}{}{}",
        rng.pick(&PLACE_1).0,
        rng.pick(&PLACE_2).0,
        rng.pick(&["路", "街", "大道", "北路", "南路", "东路"])
    );
    let number = rng.range(1, 399);
    let address = if rng.percent(50) {
        format!("{}{}{road} {number} 号", d.city, d.name)
    } else {
        format!("{}{}{road}{number}号", d.city, d.name)
    };
    let phone = |rng: &mut Rng| {
        let mut p = format!("{}-{}", d.area_code, d.phone_lead);
        for _ in 1..d.phone_digits {
            p.push(char::from(b'0' + rng.below(10) as u8));
        }
        p
    };
    let tel = phone(rng);
    let fax = rng.percent(70).then(|| phone(rng));
    let local = body.slug.split_once('-').map_or("gk", |(_, s)| s);
    let email = rng
        .percent(35)
        .then(|| format!("{}@{}.gov.cn", local.replace('-', "."), d.slug));
    let filed_with = match body.level {
        Level::Township => rng.percent(80),
        _ => rng.percent(40),
    }
    .then(|| format!("{}档案馆", d.name));
    Contact {
        address,
        postcode: format!("{:06}", d.postcode + rng.below(8) as u32),
        phone: tel,
        fax,
        email,
        published_at: d.portal(),
        url: d.url(),
        filed_with,
    }
}

/// The signing date: early in the next year (governments may sign until 31 March).
fn signing_date(rng: &mut Rng, body: &Body, year: i32) -> String {
    let day = match body.level {
        Level::Government => rng.range(9, 89),
        _ => rng.range(4, 30),
    };
    let (month, day) = match day {
        0..=30 => (1, day + 1),
        31..=58 => (2, day - 30),
        _ => (3, (day - 58).min(31)),
    };
    format!("{}-{month:02}-{day:02}", year + 1)
}

fn title(rng: &mut Rng, body: &Body, year: i32) -> String {
    let name = if body.level == Level::Township && rng.percent(60) {
        format!("{}{}", body.district.name, body.short)
    } else {
        body.short.clone()
    };
    let year_word = if rng.percent(50) { "年度" } else { "年" };
    format!("{name}{year}{year_word}政府信息公开工作年度报告")
}

/// Calls `emit` with every report of `plan`, body by body and year by year.
fn each_report(opts: &GenOptions, plan: &Plan, mut emit: impl FnMut(GeneratedFile)) {
    for body in &plan.bodies {
        let mut rng = Rng::derive(opts.seed, body.index as u64);
        let contact = contact(&mut rng, body);
        let wx = match body.level {
            Level::Government => format!("“{}发布”微信公众号", body.district.short),
            _ => format!("“{}”微信公众号", body.short),
        };
        let folder = format!("{}/{}", body.district.folder(), body.slug);
        let mut history = figures::History::default();
        for (i, year) in (body.first_year..).take(body.years).enumerate() {
            let index = body.first_report + i;
            let marker = format!(
                "{}{}{}",
                rng.pick(bank::PROJECT_PREFIX),
                code(index, opts.seed),
                rng.pick(bank::PROJECT_SUFFIX)
            );
            let figures = figures::figures(&mut rng, body, year, &mut history);
            let ctx = Ctx {
                body,
                year,
                project: &marker,
                wx: wx.clone(),
                chinese_numerals: rng.percent(20),
            };
            let prose = prose::prose(&ctx, &mut rng, &figures, &contact);
            let report = yaml::Report {
                seed: opts.seed,
                body,
                year,
                title: title(&mut rng, body, year),
                document_number: format!("{}〔{}〕{}号", body.doc_abbr, year + 1, rng.range(1, 40)),
                signed: signing_date(&mut rng, body, year),
                contact: &contact,
                prose,
                figures,
            };
            emit(GeneratedFile {
                path: PathBuf::from(format!("{folder}/{year}.yaml")),
                text: yaml::render(&report),
                marker,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique() {
        let mut seen = HashSet::new();
        for i in 0..200_000 {
            let c = code(i, 42);
            assert_eq!(c.len(), 6);
            assert!(seen.insert(c));
        }
    }

    #[test]
    fn signing_dates_are_calendar_days_after_the_year() {
        let plan = plan(200, 1);
        let mut rng = Rng::new(5);
        for body in &plan.bodies {
            for _ in 0..50 {
                let date = signing_date(&mut rng, body, 2023);
                assert!(date.starts_with("2024-0"));
                let parsed: Result<ogi_model::Date, _> = date.parse();
                assert!(parsed.is_ok(), "{date}");
            }
        }
    }
}
