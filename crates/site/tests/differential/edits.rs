//! The edits the differential test makes to a project, as an editor would: each one a
//! concrete value (so a sequence replays exactly, and a step can be left out when a
//! failure is made smaller), applied to the files on disk, reporting what a watcher
//! would report.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use ogi_site::Changes;

/// SplitMix64: the test depends on nothing but its seed.
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6F67_692D_6C69_7665)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Where an added or renamed report goes.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Place {
    /// Beside the report, under another year's name.
    Beside(i32),
    /// A new body's folder in a district of the archive.
    NewBody(usize),
    /// A folder no configured district covers (its pages go under 其他).
    Elsewhere(usize),
}

/// One edit.
#[derive(Clone, Debug)]
pub(crate) enum Edit {
    /// A figure of table 2 (no list shows it).
    Table2 { report: usize, value: u32 },
    /// A figure of table 3 (lists, statistics and the CSV show them; may break sums).
    Table3 {
        report: usize,
        row: usize,
        column: usize,
        value: u32,
    },
    /// Requests moved from 予以公开 to 部分公开, in table 3 and in the prose that restates
    /// it: every sum still holds and no finding changes, but the outcomes do.
    Reclassify { report: usize, k: u32 },
    /// A paragraph of prose.
    Prose { report: usize, n: u32 },
    /// The signing date (the feed's order, the sitemap).
    Signed { report: usize, day: u32 },
    /// The document number (lists and the feed).
    DocumentNumber { report: usize, n: u32 },
    /// The year reported on (moves the report between years; may clash with another).
    Year { report: usize, year: i32 },
    /// The years of two reports swapped in one save (the search's order changes while the
    /// site's layout may not).
    SwapYears { a: usize, b: usize },
    /// The body's short name (lists, body page).
    ShortName { report: usize, n: u32 },
    /// The body's region (may move it to another district, or to none).
    Region {
        report: usize,
        district: Option<usize>,
    },
    /// A copy of a report, elsewhere.
    Add { from: usize, to: Place },
    /// A report removed.
    Delete { report: usize },
    /// A report moved.
    Rename { report: usize, to: Place },
    /// A report that no longer loads.
    Break { report: usize },
    /// Every broken report put back.
    Repair,
    /// `site.yaml`: the title.
    SiteTitle { n: u32 },
    /// `site.yaml`: a district's own theme.
    DistrictTheme {
        district: usize,
        theme: Option<&'static str>,
    },
    /// `site.yaml`: the last district dropped, or every district back.
    Districts { all: bool },
    /// A template of the project's theme.
    Template { n: u32 },
    /// A partial of the project's theme added, or removed if it is there (then the
    /// parent's is used).
    Partial,
    /// The project's own override of a template (`templates/`) added, or removed.
    SiteTemplate,
    /// The theme's stylesheet.
    Stylesheet { n: u32 },
    /// A second stylesheet of the theme added, or removed if it is there.
    Asset,
    /// The theme's parent.
    Parent { contrast: bool },
}

/// One update of the live site: one or more edits, then what changed, together.
#[derive(Clone, Debug)]
pub(crate) struct Step {
    pub(crate) edits: Vec<Edit>,
    /// Report the change as a lost watcher would: reload everything.
    pub(crate) rescan: bool,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let edits: Vec<String> = self.edits.iter().map(|e| format!("{e:?}")).collect();
        write!(f, "{}", edits.join(" + "))?;
        if self.rescan {
            write!(f, " (rescan)")?;
        }
        Ok(())
    }
}

/// Districts of the generated archive, as in its `site.yaml`.
pub(crate) const DISTRICTS: [(&str, &str, &str); 3] = [
    ("taijiang", "台江区", "[福建省, 福州市, 台江区]"),
    ("jinan", "晋安区", "[福建省, 福州市, 晋安区]"),
    ("gulou", "鼓楼区", "[福建省, 福州市, 鼓楼区]"),
];

const ROWS: [&str; 4] = ["new_requests", "granted", "total", "carried_forward"];

/// A random edit.
fn edit(rng: &mut Rng) -> Edit {
    let report = rng.below(64);
    let n = rng.next_u64() as u32 % 1000;
    let place = |rng: &mut Rng| match rng.below(3) {
        0 => Place::Beside(2018 + rng.below(8) as i32),
        1 => Place::NewBody(rng.below(DISTRICTS.len())),
        _ => Place::Elsewhere(rng.below(3)),
    };
    match rng.below(26) {
        0 => Edit::Table2 { report, value: n },
        22 => Edit::SwapYears {
            a: report,
            b: rng.below(64),
        },
        21 => Edit::Reclassify {
            report,
            k: 1 + n % 3,
        },
        1 | 2 => Edit::Table3 {
            report,
            row: rng.below(ROWS.len()),
            column: rng.pick(&[0, 6]),
            value: n % 60,
        },
        3 => Edit::Prose { report, n },
        4 => Edit::Signed {
            report,
            day: 1 + n % 28,
        },
        5 => Edit::DocumentNumber { report, n },
        6 => Edit::Year {
            report,
            year: 2019 + rng.below(6) as i32,
        },
        7 => Edit::ShortName { report, n: n % 4 },
        8 => Edit::Region {
            report,
            district: rng.pick(&[Some(0), Some(1), Some(2), None]),
        },
        9 => Edit::Add {
            from: report,
            to: place(rng),
        },
        10 => Edit::Delete { report },
        11 => Edit::Rename {
            report,
            to: place(rng),
        },
        12 => Edit::Break { report },
        13 => Edit::Repair,
        14 => Edit::SiteTitle { n: n % 3 },
        15 => Edit::DistrictTheme {
            district: rng.below(DISTRICTS.len()),
            theme: rng.pick(&[None, Some("contrast"), Some("official")]),
        },
        16 => Edit::Districts {
            all: rng.below(2) == 0,
        },
        17 => Edit::Template { n: n % 5 },
        18 => Edit::Stylesheet { n: n % 5 },
        23 => Edit::Partial,
        24 => Edit::SiteTemplate,
        25 => Edit::Asset,
        19 => Edit::Parent {
            contrast: rng.below(2) == 0,
        },
        _ => Edit::Prose { report, n },
    }
}

/// A random sequence of `1..=max` steps.
pub(crate) fn sequence(rng: &mut Rng, max: usize) -> Vec<Step> {
    let steps = 1 + rng.below(max);
    (0..steps)
        .map(|_| {
            let edits = if rng.below(6) == 0 {
                2 + rng.below(3)
            } else {
                1
            };
            Step {
                edits: (0..edits).map(|_| edit(rng)).collect(),
                rescan: rng.below(10) == 0,
            }
        })
        .collect()
}

/// A project on disk being edited: its folder, and the text of each report that was
/// broken, to put back.
pub(crate) struct Project {
    pub(crate) root: PathBuf,
    broken: BTreeMap<PathBuf, String>,
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("make folder");
    }
    fs::write(path, text).expect("write");
}

/// `text` with the first line that starts with `start` (after indentation) replaced by
/// `line` (with the same indentation); `text` itself if there is none.
fn set_line(text: &str, start: &str, line: &str) -> String {
    let mut done = false;
    let mut out: Vec<String> = Vec::new();
    for l in text.lines() {
        let trimmed = l.trim_start();
        if !done && trimmed.starts_with(start) {
            let indent = &l[..l.len() - trimmed.len()];
            out.push(format!("{indent}{line}"));
            done = true;
        } else {
            out.push(l.to_owned());
        }
    }
    let mut joined = out.join("\n");
    joined.push('\n');
    joined
}

/// The value of the first `key: value` line, trimmed.
fn value_of(text: &str, key: &str) -> Option<String> {
    text.lines()
        .map(str::trim_start)
        .find_map(|l| l.strip_prefix(key))
        .map(|v| v.trim().to_owned())
}

impl Project {
    pub(crate) fn new(root: &Path) -> Project {
        Project {
            root: root.to_owned(),
            broken: BTreeMap::new(),
        }
    }

    fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    /// The report files, sorted.
    fn reports(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = walkdir::WalkDir::new(self.content())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml") && !p.ends_with("site.yaml"))
            .collect();
        files.sort();
        files
    }

    /// The `index`th report (modulo their number), if there are any.
    fn report(&self, index: usize) -> Option<PathBuf> {
        let all = self.reports();
        (!all.is_empty()).then(|| all[index % all.len()].clone())
    }

    /// A free path for a report going to `place` from `from`.
    fn place(&self, from: &Path, place: Place) -> PathBuf {
        let (folder, year) = match place {
            Place::Beside(year) => (from.parent().unwrap_or(from).to_owned(), year),
            Place::NewBody(d) => (
                self.content()
                    .join(format!("fujian/fuzhou/{}/new-body", DISTRICTS[d].0)),
                2021,
            ),
            Place::Elsewhere(k) => (self.content().join(format!("fujian/quanzhou/b{k}")), 2022),
        };
        let mut path = folder.join(format!("{year}.yaml"));
        let mut k = 1;
        while path.exists() {
            path = folder.join(format!("{year}-{k}.yaml"));
            k += 1;
        }
        path
    }

    /// Edits the report `index` with `f`; what changed.
    fn edit_report(&mut self, index: usize, f: impl Fn(&str) -> String) -> Changes {
        let Some(path) = self.report(index) else {
            return Changes::default();
        };
        write(&path, &f(&read(&path)));
        Changes {
            reports: [path].into(),
            ..Changes::default()
        }
    }

    fn edit_config(&mut self, f: impl Fn(&str) -> String) -> Changes {
        let path = self.content().join("site.yaml");
        write(&path, &f(&read(&path)));
        Changes {
            config: true,
            ..Changes::default()
        }
    }

    fn theme_file(&self, rel: &str) -> PathBuf {
        self.root.join("themes/local").join(rel)
    }

    /// Applies `edit`; returns what a watcher would report.
    pub(crate) fn apply(&mut self, edit: &Edit) -> Changes {
        let theme = Changes {
            theme: true,
            ..Changes::default()
        };
        match *edit {
            Edit::Table2 { report, value } => self.edit_report(report, |t| {
                set_line(t, "licensing:", &format!("licensing: {value}"))
            }),
            Edit::Table3 {
                report,
                row,
                column,
                value,
            } => self.edit_report(report, |t| {
                let key = format!("{}:", ROWS[row]);
                let Some(v) = value_of(t, &key) else {
                    return t.to_owned();
                };
                let mut cells: Vec<String> = v
                    .trim_matches(|c| c == '[' || c == ']')
                    .split(',')
                    .map(|c| c.trim().to_owned())
                    .collect();
                if let Some(cell) = cells.get_mut(column) {
                    *cell = value.to_string();
                }
                set_line(t, &key, &format!("{key} [{}]", cells.join(", ")))
            }),
            Edit::Reclassify { report, k } => self.edit_report(report, |t| reclassify(t, k)),
            Edit::Prose { report, n } => self.edit_report(report, |t| {
                t.replacen("一是", &format!("一是（第{n}次修改）"), 1)
            }),
            Edit::Signed { report, day } => self.edit_report(report, |t| {
                let year = value_of(t, "year:")
                    .and_then(|y| y.parse::<i32>().ok())
                    .unwrap_or(2020);
                set_line(t, "date:", &format!("date: {}-02-{day:02}", year + 1))
            }),
            Edit::DocumentNumber { report, n } => self.edit_report(report, |t| {
                set_line(
                    t,
                    "document_number:",
                    &format!("document_number: 测政办〔2024〕{n}号"),
                )
            }),
            Edit::Year { report, year } => {
                self.edit_report(report, |t| set_line(t, "year:", &format!("year: {year}")))
            }
            Edit::SwapYears { a, b } => {
                let (Some(a), Some(b)) = (self.report(a), self.report(b)) else {
                    return Changes::default();
                };
                let (ta, tb) = (read(&a), read(&b));
                let (Some(ya), Some(yb)) = (value_of(&ta, "year:"), value_of(&tb, "year:")) else {
                    return Changes::default();
                };
                write(&a, &set_line(&ta, "year:", &format!("year: {yb}")));
                write(&b, &set_line(&tb, "year:", &format!("year: {ya}")));
                Changes {
                    reports: [a, b].into(),
                    ..Changes::default()
                }
            }
            Edit::ShortName { report, n } => self.edit_report(report, |t| {
                set_line(t, "short_name:", &format!("short_name: 测试机关{n}"))
            }),
            Edit::Region { report, district } => self.edit_report(report, |t| {
                let region = match district {
                    Some(d) => DISTRICTS[d].2,
                    None => "[福建省, 泉州市, 丰泽区]",
                };
                set_line(t, "region:", &format!("region: {region}"))
            }),
            Edit::Add { from, to } => {
                let Some(source) = self.report(from) else {
                    return Changes::default();
                };
                let target = self.place(&source, to);
                write(&target, &read(&source));
                Changes {
                    reports: [target.clone()].into(),
                    folders: target.parent().map(Path::to_path_buf).into_iter().collect(),
                    ..Changes::default()
                }
            }
            Edit::Delete { report } => {
                let Some(path) = self.report(report) else {
                    return Changes::default();
                };
                fs::remove_file(&path).expect("delete");
                self.broken.remove(&path);
                Changes {
                    reports: [path].into(),
                    ..Changes::default()
                }
            }
            Edit::Rename { report, to } => {
                let Some(path) = self.report(report) else {
                    return Changes::default();
                };
                let target = self.place(&path, to);
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent).expect("make folder");
                }
                fs::rename(&path, &target).expect("rename");
                if let Some(text) = self.broken.remove(&path) {
                    self.broken.insert(target.clone(), text);
                }
                Changes {
                    reports: [path, target].into(),
                    ..Changes::default()
                }
            }
            Edit::Break { report } => {
                let Some(path) = self.report(report) else {
                    return Changes::default();
                };
                let text = read(&path);
                self.broken.entry(path.clone()).or_insert(text);
                write(&path, "table3: [unclosed\n");
                Changes {
                    reports: [path].into(),
                    ..Changes::default()
                }
            }
            Edit::Repair => {
                let mut reports = std::collections::BTreeSet::new();
                for (path, text) in std::mem::take(&mut self.broken) {
                    write(&path, &text);
                    reports.insert(path);
                }
                Changes {
                    reports,
                    ..Changes::default()
                }
            }
            Edit::SiteTitle { n } => {
                self.edit_config(|t| set_line(t, "title:", &format!("title: 测试档案 {n}")))
            }
            Edit::DistrictTheme { district, theme } => self.edit_config(|t| {
                config_with(t, |d, slug| {
                    if d == district {
                        theme.map(|name| format!("    theme: {name}\n"))
                    } else {
                        theme_line(t, slug)
                    }
                })
            }),
            Edit::Districts { all } => self.edit_config(|t| {
                let districts = if all {
                    DISTRICTS.len()
                } else {
                    district_count(t).saturating_sub(1).max(1)
                };
                let mut out = String::new();
                for l in t.lines() {
                    if l.starts_with("districts:") {
                        break;
                    }
                    out.push_str(l);
                    out.push('\n');
                }
                out.push_str("districts:\n");
                for (slug, name, region) in DISTRICTS.iter().take(districts) {
                    out.push_str(&format!(
                        "  - slug: {slug}\n    name: {name}\n    region: {region}\n"
                    ));
                    if let Some(line) = theme_line(t, slug) {
                        out.push_str(&line);
                    }
                }
                out
            }),
            Edit::Template { n } => {
                write(
                    &self.theme_file("templates/base.html"),
                    &format!(
                        "{{% extends \"official/base.html\" %}}{{% block head %}}<meta name=\"x-edit\" content=\"{n}\">{{% endblock head %}}\n"
                    ),
                );
                theme
            }
            Edit::Partial => {
                let path = self.theme_file("templates/partials/status.html");
                if !path.exists() {
                    write(
                        &path,
                        "{%- if r.errors > 0 %}<b>错 {{ r.errors }}</b>{% else %}<i>好</i>{% endif -%}\n",
                    );
                } else {
                    let _ = fs::remove_file(&path);
                }
                theme
            }
            Edit::SiteTemplate => {
                let path = self.root.join("templates/404.html");
                if !path.exists() {
                    write(
                        &path,
                        "{% extends \"base.html\" %}{% block main %}<p>找不到（站点模板）</p>{% endblock main %}\n",
                    );
                } else {
                    let _ = fs::remove_file(&path);
                }
                theme
            }
            Edit::Stylesheet { n } => {
                write(
                    &self.theme_file("static/style.css"),
                    &format!("@import \"../official/style.css\";\n.x-edit {{ order: {n}; }}\n"),
                );
                theme
            }
            Edit::Asset => {
                let path = self.theme_file("static/extra.css");
                if !path.exists() {
                    write(&path, ".x-extra { order: 1; }\n");
                } else {
                    let _ = fs::remove_file(&path);
                }
                theme
            }
            Edit::Parent { contrast } => {
                let parent = if contrast { "contrast" } else { "official" };
                write(
                    &self.theme_file("theme.yaml"),
                    &format!("name: local\ndescription: 测试主题\nextends: {parent}\n"),
                );
                theme
            }
        }
    }
}

/// The seven figures of table 3's row `key` in a report's text.
fn row(text: &str, key: &str) -> Option<Vec<u32>> {
    let v = value_of(text, &format!("{key}:"))?;
    v.trim_matches(|c| c == '[' || c == ']')
        .split(',')
        .map(|c| c.trim().parse().ok())
        .collect()
}

/// `text` with `k` requests of natural persons moved from 予以公开 to 部分公开, in table 3
/// and in the overview's sentence that restates it; `text` itself if it cannot be done.
fn reclassify(text: &str, k: u32) -> String {
    let (Some(granted), Some(partly)) = (row(text, "granted"), row(text, "partly_granted")) else {
        return text.to_owned();
    };
    if granted.len() != 7 || partly.len() != 7 || granted[0] < k || granted[6] < k {
        return text.to_owned();
    }
    let said = format!("予以公开{}件，部分公开{}件", granted[6], partly[6]);
    if !text.contains(&said) {
        return text.to_owned();
    }
    let moved = |row: &[u32], by: i64| -> String {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, v)| {
                if i == 0 || i == 6 {
                    (i64::from(*v) + by).to_string()
                } else {
                    v.to_string()
                }
            })
            .collect();
        format!("[{}]", cells.join(", "))
    };
    let k = i64::from(k);
    let text = set_line(
        text,
        "granted:",
        &format!("granted: {}", moved(&granted, -k)),
    );
    let text = set_line(
        &text,
        "partly_granted:",
        &format!("partly_granted: {}", moved(&partly, k)),
    );
    text.replace(
        &said,
        &format!(
            "予以公开{}件，部分公开{}件",
            i64::from(granted[6]) - k,
            i64::from(partly[6]) + k
        ),
    )
}

/// How many districts `site.yaml`'s text lists.
fn district_count(text: &str) -> usize {
    text.lines().filter(|l| l.starts_with("  - slug:")).count()
}

/// The `theme:` line of district `slug` in `site.yaml`'s text, if it has one.
fn theme_line(text: &str, slug: &str) -> Option<String> {
    let mut lines = text
        .lines()
        .skip_while(|l| *l != format!("  - slug: {slug}"));
    lines.next()?;
    lines
        .take_while(|l| !l.starts_with("  - "))
        .find(|l| l.trim_start().starts_with("theme:"))
        .map(|l| format!("{l}\n"))
}

/// `site.yaml`'s text with each district's `theme:` line as `theme_of(index, slug)` says.
fn config_with(text: &str, theme_of: impl Fn(usize, &str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut district: Option<(usize, String)> = None;
    let mut count = 0;
    let flush = |out: &mut String, district: &Option<(usize, String)>| {
        if let Some((i, slug)) = district {
            if let Some(line) = theme_of(*i, slug) {
                out.push_str(&line);
            }
        }
    };
    for l in text.lines() {
        if let Some(slug) = l.strip_prefix("  - slug: ") {
            flush(&mut out, &district);
            district = Some((count, slug.to_owned()));
            count += 1;
        }
        if l.trim_start().starts_with("theme:") && district.is_some() {
            continue;
        }
        out.push_str(l);
        out.push('\n');
    }
    flush(&mut out, &district);
    out
}
