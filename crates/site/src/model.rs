//! The site model: where each report goes (its page folder, its body's folder and its
//! district) and the frame every page shares (the site's settings, the navigation, the
//! districts). A pure function of the loaded archive and its diagnostics.
//!
//! The views (`crate::views`) read a report through its [`Entry`] and everything else
//! through the [`Frame`]; a live preview compares frames to tell a change of one report
//! from a change of the whole site, so what pages share can only be added to the frame.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use ogi_model::{Archive, District, Document};
use ogi_validate::{Diagnostic, Severity};
use rayon::prelude::*;
use serde::Serialize;

/// Site-wide settings every template sees as `site`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub(crate) struct SiteInfo {
    /// The archive's title.
    pub(crate) title: String,
    /// A sentence under the title.
    pub(crate) description: String,
    /// Prefix of every link, ending in `/`: `/` or `/reports/` or `https://host/reports/`.
    pub(crate) base_url: String,
    /// The language of the pages.
    pub(crate) lang: &'static str,
}

/// A link with a label.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub(crate) struct Link {
    /// Text.
    pub(crate) name: String,
    /// Address, with the base URL.
    pub(crate) url: String,
    /// How many reports are behind the link.
    pub(crate) count: usize,
}

/// Links shared by every page.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub(crate) struct Nav {
    /// Home.
    pub(crate) home: String,
    /// Years, newest first.
    pub(crate) years: Vec<Link>,
    /// Districts.
    pub(crate) districts: Vec<Link>,
    /// The statistics page.
    pub(crate) statistics: String,
    /// The search page, once a search output exists; `None` hides the search box.
    pub(crate) search: Option<String>,
    /// The archive-wide CSV of table 3.
    pub(crate) data: String,
    /// The Atom feed.
    pub(crate) feed: String,
}

/// What every page shares: when it changes, every page may change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Frame {
    /// Site settings.
    pub(crate) site: SiteInfo,
    /// Navigation.
    pub(crate) nav: Nav,
    /// Districts: configured ones, then 其他 if some reports fit none.
    pub(crate) districts: Vec<District>,
    /// The content folder, which report pages name their source relative to.
    pub(crate) content_root: PathBuf,
}

impl Frame {
    /// The address of a folder of the site.
    pub(crate) fn url(&self, dir: &str) -> String {
        format!("{}{dir}/", self.site.base_url)
    }

    /// The link to district `index` (into [`Frame::districts`]), with its report count.
    pub(crate) fn district_link(&self, index: Option<usize>) -> Option<Link> {
        let i = index?;
        let d = self.districts.get(i)?;
        Some(Link {
            name: d.name.clone(),
            url: format!("{}districts/{}/", self.site.base_url, d.slug),
            count: self.nav.districts.get(i).map_or(0, |l| l.count),
        })
    }

    /// `path` relative to the content folder, `/`-separated.
    pub(crate) fn content_path(&self, path: &Path) -> String {
        rel_slash(path, &self.content_root)
    }
}

/// One report with what the site knows about it.
#[derive(Debug)]
pub(crate) struct Entry<'a> {
    /// The loaded file.
    pub(crate) doc: &'a Document,
    /// Findings about it.
    pub(crate) findings: Vec<&'a Diagnostic>,
    /// Output folder of its page, such as `reports/fujian/fuzhou/gulou/wenquan/2020`.
    pub(crate) dir: String,
    /// Its body's page folder, such as `reports/fujian/fuzhou/gulou/wenquan`.
    pub(crate) body_dir: String,
    /// Index into the districts (configured ones, then 其他).
    pub(crate) district: Option<usize>,
}

impl Entry<'_> {
    /// Whether the report has arithmetic errors (published flagged).
    pub(crate) fn flagged(&self) -> bool {
        self.findings.iter().any(|d| d.severity == Severity::Error)
    }
}

/// The whole site's data: the frame, and the reports in site order (by district, body
/// and year).
#[derive(Debug)]
pub struct SiteModel<'a> {
    /// What every page shares.
    pub(crate) frame: Frame,
    /// Reports, by district, body and year.
    pub(crate) entries: Vec<Entry<'a>>,
}

/// Normalizes a base URL to end in `/` (and start with one, when it is a path).
pub(crate) fn normalize_base_url(base: &str) -> String {
    let mut b = base.trim().to_owned();
    if !b.contains("://") && !b.starts_with('/') {
        b.insert(0, '/');
    }
    if !b.ends_with('/') {
        b.push('/');
    }
    b
}

fn rel_slash(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The page folder of the report at `path` and its body's: the file's folders below the
/// content folder, as slugs, under `reports/`.
fn folders(path: &Path, root: &Path) -> (String, String) {
    let rel = rel_slash(path, root);
    let mut segments: Vec<String> = rel
        .split('/')
        .map(|s| ogi_model::slug(s.trim_end_matches(".yaml").trim_end_matches(".yml")))
        .collect();
    let file = segments.pop().unwrap_or_default();
    if segments.is_empty() {
        (format!("reports/{file}/report"), format!("reports/{file}"))
    } else {
        let body_dir = format!("reports/{}", segments.join("/"));
        (format!("{body_dir}/{file}"), body_dir)
    }
}

impl<'a> SiteModel<'a> {
    /// Builds the model from a loaded archive and its diagnostics.
    pub(crate) fn new(
        archive: &'a Archive,
        diagnostics: &'a [Diagnostic],
        base_url: &str,
    ) -> SiteModel<'a> {
        let config = archive.config.clone();
        let base = normalize_base_url(base_url);
        let mut districts: Vec<District> = config
            .as_ref()
            .map(|c| c.districts.clone())
            .unwrap_or_default();
        let configured = districts.len();
        // Keyed by the path's bytes: hashing a `Path` walks its components, 10,000 times.
        let mut by_file: HashMap<&std::ffi::OsStr, Vec<&Diagnostic>> = HashMap::new();
        for d in diagnostics {
            by_file.entry(d.file.as_os_str()).or_default().push(d);
        }
        let mut entries: Vec<Entry<'a>> = archive
            .documents
            .par_iter()
            .map(|doc| {
                let (dir, body_dir) = folders(&doc.path, &archive.root);
                let region = &doc.report.body.region;
                let district = districts[..configured]
                    .iter()
                    .position(|d| !d.region.is_empty() && region.starts_with(&d.region));
                Entry {
                    doc,
                    findings: by_file
                        .get(doc.path.as_os_str())
                        .cloned()
                        .unwrap_or_default(),
                    dir,
                    body_dir,
                    district,
                }
            })
            .collect();
        if entries.iter().any(|e| e.district.is_none()) && !entries.is_empty() {
            districts.push(District {
                slug: "other".into(),
                name: "其他".into(),
                region: Vec::new(),
                theme: None,
                theme_options: Default::default(),
            });
            let other = districts.len() - 1;
            for e in entries.iter_mut().filter(|e| e.district.is_none()) {
                e.district = Some(other);
            }
        }
        entries.sort_by(|a, b| {
            (a.district, &a.body_dir, a.doc.report.year).cmp(&(
                b.district,
                &b.body_dir,
                b.doc.report.year,
            ))
        });
        let nav = navigation(&base, &entries, &districts);
        let site = SiteInfo {
            title: config.as_ref().map_or_else(
                || "政府信息公开工作年度报告档案".to_owned(),
                |c| c.title.clone(),
            ),
            description: config
                .as_ref()
                .and_then(|c| c.description.clone())
                .unwrap_or_default(),
            base_url: base,
            lang: "zh-CN",
        };
        SiteModel {
            frame: Frame {
                site,
                nav,
                districts,
                content_root: archive.root.clone(),
            },
            entries,
        }
    }

    /// The data the report page of the `index`th report (in site order) shows, as its
    /// template sees it under `report`; `None` past the last report.
    pub fn report_page(&self, index: usize) -> Option<impl Serialize> {
        let e = self.entries.get(index)?;
        Some(crate::views::report_view(
            &self.frame,
            e,
            &e.doc.report.text,
        ))
    }

    /// How many reports the site has.
    pub fn reports(&self) -> usize {
        self.entries.len()
    }
}

/// The links every page shows: home, each year and district with its report count, the
/// statistics, search, data and feed.
fn navigation(base: &str, entries: &[Entry<'_>], districts: &[District]) -> Nav {
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    let mut per_district = vec![0usize; districts.len()];
    for e in entries {
        *years.entry(e.doc.report.year).or_default() += 1;
        if let Some(d) = e.district {
            per_district[d] += 1;
        }
    }
    Nav {
        home: base.to_owned(),
        years: years
            .iter()
            .rev()
            .map(|(y, n)| Link {
                name: y.to_string(),
                url: format!("{base}years/{y}/"),
                count: *n,
            })
            .collect(),
        districts: districts
            .iter()
            .zip(&per_district)
            .map(|(d, n)| Link {
                name: d.name.clone(),
                url: format!("{base}districts/{}/", d.slug),
                count: *n,
            })
            .collect(),
        statistics: format!("{base}statistics/"),
        search: Some(format!("{base}search.html")),
        data: format!("{base}data/table3.csv"),
        feed: format!("{base}feed.xml"),
    }
}

#[cfg(test)]
mod tests {
    use super::{folders, normalize_base_url};
    use std::path::Path;

    #[test]
    fn base_urls_end_in_a_slash_and_paths_start_with_one() {
        assert_eq!(normalize_base_url("reports"), "/reports/");
        assert_eq!(normalize_base_url(" /a/ "), "/a/");
        assert_eq!(
            normalize_base_url("https://x.example/a"),
            "https://x.example/a/"
        );
    }

    #[test]
    fn a_report_goes_below_its_folders_and_one_at_the_top_gets_its_own() {
        let root = Path::new("/c");
        assert_eq!(
            folders(Path::new("/c/福建省/温泉街道/2020.yaml"), root).1,
            format!(
                "reports/{}/{}",
                ogi_model::slug("福建省"),
                ogi_model::slug("温泉街道")
            )
        );
        assert_eq!(
            folders(Path::new("/c/x.yaml"), root),
            ("reports/x/report".to_owned(), "reports/x".to_owned())
        );
    }
}
