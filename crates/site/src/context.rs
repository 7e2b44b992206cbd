//! The site model: every page's data, computed once from the loaded archive and its
//! diagnostics. A pure function of its inputs; templates only read it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use ogi_model::table3::TOTAL_COLUMN;
use ogi_model::{Archive, Contact, District, Document, SECTION_HEADINGS};
use ogi_validate::{Diagnostic, Lang, Severity};
use rayon::prelude::*;
use serde::Serialize;

use crate::charts::{Series, stacked_bars};
use crate::markdown;
use crate::outcomes::OUTCOME_LABELS;
use crate::outcomes::{Outcomes, ReportRef, YearOutcomes};
use crate::tables::{self, Table};

/// Site-wide settings every template sees as `site`.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct SiteInfo {
    /// The archive's title.
    pub title: String,
    /// A sentence under the title.
    pub description: String,
    /// Prefix of every link, ending in `/`: `/` or `/reports/` or `https://host/reports/`.
    pub base_url: String,
    /// The language of the pages.
    pub lang: &'static str,
}

/// A link with a label.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Link {
    /// Text.
    pub name: String,
    /// Address, with the base URL.
    pub url: String,
    /// How many reports are behind the link.
    pub count: usize,
}

/// A report as it appears in lists.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ReportSummary {
    /// Title as printed (or built from body and year).
    pub title: String,
    /// Year reported on.
    pub year: i32,
    /// `2019` or `2021`.
    pub edition: i32,
    /// Body's full name.
    pub body_name: String,
    /// Body's short name (or full name).
    pub body_short: String,
    /// Body page.
    pub body_url: String,
    /// Level in Chinese.
    pub level: &'static str,
    /// District, if the report belongs to one of the configured districts.
    pub district: Option<Link>,
    /// Report page.
    pub url: String,
    /// Number of error findings.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Document number (文号).
    pub document_number: Option<String>,
    /// Signing date, `YYYY-MM-DD`.
    pub signed_date: Option<String>,
    /// Table 3 一、本年新收 · 总计.
    pub new_requests: Option<i64>,
}

/// A finding shown on a report page.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// Rule id.
    pub code: &'static str,
    /// Cell, message, expected and actual, in one line, in Chinese (pages are for the public).
    pub message: String,
    /// The cell's template label, if the finding is about a cell.
    pub cell: Option<String>,
    /// Anchor of the cell on the page, if any.
    pub anchor: Option<String>,
    /// Line in the YAML file.
    pub line: Option<usize>,
    /// Notes, in Chinese.
    pub notes: Vec<String>,
}

impl Finding {
    /// The finding of diagnostic `d`, linked to the cell `anchor` on its page, if any.
    pub fn of(d: &Diagnostic, anchor: Option<String>) -> Finding {
        Finding {
            severity: d.severity.as_str(),
            code: d.code,
            message: d.headline(Lang::Zh),
            cell: d.cell.clone(),
            anchor,
            line: d.span.map(|s| s.line),
            notes: d.notes.iter().map(|n| n.zh.clone()).collect(),
        }
    }
}

/// A section of the report in template order.
#[derive(Clone, Debug, Serialize)]
pub struct Section {
    /// `overview`, `proactive`, `requests`, `review`, `problems`, `other_matters`, or `extra`.
    pub key: String,
    /// Heading as printed.
    pub heading: String,
    /// Rendered Markdown; empty for the table sections.
    pub html: String,
    /// Which table the section holds: `table2`, `table3`, `table4`, or none.
    pub table: Option<&'static str>,
    /// Anchor id.
    pub id: String,
}

/// Signature block.
#[derive(Clone, Debug, Serialize)]
pub struct Signed {
    /// Signing body.
    pub by: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `2021年1月15日`.
    pub date_cn: String,
}

/// Statistics period.
#[derive(Clone, Debug, Serialize)]
pub struct PeriodView {
    /// `YYYY-MM-DD`.
    pub start: String,
    /// `YYYY-MM-DD`.
    pub end: String,
    /// `2020年1月1日`.
    pub start_cn: String,
    /// `2020年12月31日`.
    pub end_cn: String,
}

/// Download links of a report.
#[derive(Clone, Debug, Serialize)]
pub struct Downloads {
    /// The YAML source.
    pub yaml: String,
    /// JSON document.
    pub json: String,
    /// CSV of the tables.
    pub csv: String,
}

/// Everything a report page shows.
#[derive(Clone, Debug, Serialize)]
pub struct ReportView {
    /// The report in lists.
    #[serde(flatten)]
    pub summary: ReportSummary,
    /// Body's region path, `福建省 › 福州市 › 鼓楼区`.
    pub region_path: String,
    /// Region names from the province down.
    pub region: Vec<String>,
    /// The edition's notice, `国办公开办函〔2019〕60号`.
    pub edition_notice: &'static str,
    /// Signature.
    pub signed: Option<Signed>,
    /// Statistics period.
    pub period: Option<PeriodView>,
    /// Contact details.
    pub contact: Option<Contact>,
    /// Preamble, rendered.
    pub preamble_html: String,
    /// The six sections (and any extra ones), in order.
    pub sections: Vec<Section>,
    /// Table 2 laid out.
    pub table2: Table,
    /// Table 3 laid out.
    pub table3: Table,
    /// Table 4 laid out.
    pub table4: Table,
    /// Validation findings.
    pub findings: Vec<Finding>,
    /// Downloads.
    pub downloads: Downloads,
    /// The YAML file, relative to the project.
    pub source: String,
}

/// A body's page: its reports over the years and their trends.
#[derive(Clone, Debug, Serialize)]
pub struct BodyView {
    /// Full name (of the latest report).
    pub name: String,
    /// Short name.
    pub short_name: String,
    /// Level in Chinese.
    pub level: &'static str,
    /// Region path.
    pub region_path: String,
    /// District.
    pub district: Option<Link>,
    /// Page address.
    pub url: String,
    /// Reports by year, oldest first.
    pub reports: Vec<ReportSummary>,
    /// Table 3 figures by year.
    pub trend: Vec<YearOutcomes>,
    /// Outcome labels, for table headers.
    pub outcome_labels: [&'static str; 6],
    /// Requests received per year, as SVG.
    pub requests_chart: String,
    /// Outcomes per year, as SVG.
    pub outcomes_chart: String,
}

/// Reports of one district within a list.
#[derive(Clone, Debug, Serialize)]
pub struct DistrictGroup {
    /// The district (or 其他 for reports outside every configured district).
    pub district: Link,
    /// Its reports.
    pub reports: Vec<ReportSummary>,
}

/// A year's index page.
#[derive(Clone, Debug, Serialize)]
pub struct YearView {
    /// The year.
    pub year: i32,
    /// Page address.
    pub url: String,
    /// Number of reports.
    pub count: usize,
    /// Reports grouped by district.
    pub groups: Vec<DistrictGroup>,
}

/// A body within a district page.
#[derive(Clone, Debug, Serialize)]
pub struct BodyEntry {
    /// Short name.
    pub name: String,
    /// Level.
    pub level: &'static str,
    /// Body page.
    pub url: String,
    /// Its reports, oldest first.
    pub reports: Vec<ReportSummary>,
}

/// A district's index page.
#[derive(Clone, Debug, Serialize)]
pub struct DistrictView {
    /// URL-safe name.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Region path.
    pub region_path: String,
    /// Page address.
    pub url: String,
    /// Number of reports.
    pub count: usize,
    /// Bodies with their reports.
    pub bodies: Vec<BodyEntry>,
    /// Table 3 totals by year.
    pub trend: Vec<YearOutcomes>,
    /// Outcome labels, for table headers.
    pub outcome_labels: [&'static str; 6],
    /// Outcomes by year, as SVG.
    pub chart: String,
}

/// The statistics page: table-3 outcomes totalled per district and year.
#[derive(Clone, Debug, Serialize)]
pub struct StatisticsView {
    /// One block per district, then the whole archive.
    pub blocks: Vec<StatisticsBlock>,
    /// Outcome labels, for table headers.
    pub labels: [&'static str; 6],
}

/// Statistics of one district (or the whole archive).
#[derive(Clone, Debug, Serialize)]
pub struct StatisticsBlock {
    /// The district, or the archive.
    pub name: String,
    /// Anchor id.
    pub id: String,
    /// Rows by year.
    pub rows: Vec<YearOutcomes>,
    /// The chart, as SVG.
    pub chart: String,
}

/// The home page.
#[derive(Clone, Debug, Serialize)]
pub struct HomeView {
    /// The latest year with reports.
    pub latest_year: Option<i32>,
    /// Its reports.
    pub latest: Vec<ReportSummary>,
    /// Every body, by name.
    pub bodies: Vec<Link>,
    /// Number of reports.
    pub reports: usize,
    /// Reports with errors.
    pub flagged: usize,
}

/// Links shared by every page.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Nav {
    /// Home.
    pub home: String,
    /// Years, newest first.
    pub years: Vec<Link>,
    /// Districts.
    pub districts: Vec<Link>,
    /// The statistics page.
    pub statistics: String,
    /// The search page, once a search output exists; `None` hides the search box.
    pub search: Option<String>,
    /// The archive-wide CSV of table 3.
    pub data: String,
    /// The Atom feed.
    pub feed: String,
}

/// One report with what the site knows about it.
#[derive(Debug)]
pub struct Entry<'a> {
    /// The loaded file.
    pub doc: &'a Document,
    /// Findings about it.
    pub findings: Vec<&'a Diagnostic>,
    /// Output folder of its page, such as `reports/fujian/fuzhou/gulou/wenquan/2020`.
    pub dir: String,
    /// Its body's page folder, such as `reports/fujian/fuzhou/gulou/wenquan`.
    pub body_dir: String,
    /// Index into the districts (configured ones, then 其他).
    pub district: Option<usize>,
}

impl Entry<'_> {
    /// Whether the report has arithmetic errors (published flagged).
    pub fn flagged(&self) -> bool {
        self.findings.iter().any(|d| d.severity == Severity::Error)
    }
}

/// The whole site's data.
#[derive(Debug)]
pub struct SiteModel<'a> {
    /// Site settings.
    pub site: SiteInfo,
    /// Navigation.
    pub nav: Nav,
    /// Reports, by district, body and year.
    pub entries: Vec<Entry<'a>>,
    /// Districts: configured ones, then 其他 if some reports fit none.
    pub districts: Vec<District>,
    /// Findings about files that are not reports (none when the build proceeds).
    pub content_root: PathBuf,
}

/// Normalizes a base URL to end in `/` (and start with one, when it is a path).
pub fn normalize_base_url(base: &str) -> String {
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

impl<'a> SiteModel<'a> {
    /// Builds the model from a loaded archive and its diagnostics.
    pub fn new(
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
                let rel = rel_slash(&doc.path, &archive.root);
                let mut segments: Vec<String> = rel
                    .split('/')
                    .map(|s| ogi_model::slug(s.trim_end_matches(".yaml").trim_end_matches(".yml")))
                    .collect();
                let file = segments.pop().unwrap_or_default();
                let body_dir = if segments.is_empty() {
                    format!("reports/{file}")
                } else {
                    format!("reports/{}", segments.join("/"))
                };
                let dir = if segments.is_empty() {
                    format!("reports/{file}/report")
                } else {
                    format!("{body_dir}/{file}")
                };
                let region = &doc.report.body.region;
                let district = districts[..configured]
                    .iter()
                    .position(|d| !d.region.is_empty() && region.starts_with(&d.region));
                Entry {
                    doc,
                    findings: if by_file.is_empty() {
                        Vec::new()
                    } else {
                        by_file
                            .get(doc.path.as_os_str())
                            .cloned()
                            .unwrap_or_default()
                    },
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
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        let mut per_district = vec![0usize; districts.len()];
        for e in &entries {
            *years.entry(e.doc.report.year).or_default() += 1;
            if let Some(d) = e.district {
                per_district[d] += 1;
            }
        }
        let nav = Nav {
            home: base.clone(),
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
        };
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
            site,
            nav,
            entries,
            districts,
            content_root: archive.root.clone(),
        }
    }

    /// The address of a folder of the site.
    pub fn url(&self, dir: &str) -> String {
        format!("{}{dir}/", self.site.base_url)
    }

    fn district_link(&self, index: Option<usize>) -> Option<Link> {
        let i = index?;
        let d = self.districts.get(i)?;
        Some(Link {
            name: d.name.clone(),
            url: format!("{}districts/{}/", self.site.base_url, d.slug),
            count: self.nav.districts.get(i).map_or(0, |l| l.count),
        })
    }

    /// A report as it appears in lists.
    pub fn summary(&self, e: &Entry<'_>) -> ReportSummary {
        let r = &e.doc.report;
        let count = |s: Severity| e.findings.iter().filter(|d| d.severity == s).count();
        ReportSummary {
            title: r.display_title(),
            year: r.year,
            edition: r.edition.year(),
            body_name: r.body.name.clone(),
            body_short: r.body.display_name().to_owned(),
            body_url: self.url(&e.body_dir),
            level: r.body.level.label(),
            district: self.district_link(e.district),
            url: self.url(&e.dir),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            document_number: r.document_number.clone(),
            signed_date: r.signed.as_ref().map(|s| s.date.to_string()),
            new_requests: r.table3.new_requests.cell(TOTAL_COLUMN).map(|c| c.get()),
        }
    }

    /// Everything the report page of `e` shows.
    pub fn report_view(&self, e: &Entry<'_>) -> ReportView {
        let r = &e.doc.report;
        let severity_of = |label: &str| -> Option<&'static str> {
            e.findings
                .iter()
                .filter(|d| d.cell.as_deref() == Some(label))
                .map(|d| d.severity)
                .max()
                .map(Severity::as_str)
        };
        let table2 = tables::table2(r, &severity_of);
        let table3 = tables::table3(r, &severity_of);
        let table4 = tables::table4(r, &severity_of);
        let mut anchors: HashMap<&str, &str> = HashMap::new();
        for t in [&table2, &table3, &table4] {
            for row in &t.rows {
                for c in &row.cells {
                    anchors.insert(c.label.as_str(), c.id.as_str());
                }
            }
        }
        let findings = e
            .findings
            .iter()
            .map(|d| {
                Finding::of(
                    d,
                    d.cell
                        .as_deref()
                        .and_then(|c| anchors.get(c))
                        .map(|a| (*a).to_owned()),
                )
            })
            .collect();
        let h = &r.text.headings;
        let printed = [
            &h.overview,
            &h.proactive,
            &h.requests,
            &h.review,
            &h.problems,
            &h.other_matters,
        ];
        let bodies = [
            Some(&r.text.overview),
            None,
            None,
            None,
            Some(&r.text.problems),
            Some(&r.text.other_matters),
        ];
        let table_of = [
            None,
            Some("table2"),
            Some("table3"),
            Some("table4"),
            None,
            None,
        ];
        let mut sections: Vec<Section> = SECTION_HEADINGS
            .iter()
            .zip(printed)
            .zip(bodies.iter().zip(table_of))
            .map(|(((key, heading), printed), (body, table))| Section {
                key: (*key).to_owned(),
                heading: printed.clone().unwrap_or_else(|| (*heading).to_owned()),
                html: body.map(|b| markdown::to_html(b)).unwrap_or_default(),
                table,
                id: (*key).replace('_', "-"),
            })
            .collect();
        for (i, extra) in r.text.extra_sections.iter().enumerate() {
            sections.push(Section {
                key: "extra".into(),
                heading: extra.heading.clone(),
                html: markdown::to_html(&extra.body),
                table: None,
                id: format!("extra-{}", i + 1),
            });
        }
        let period = r.statistics_period().map(|p| PeriodView {
            start: p.start.to_string(),
            end: p.end.to_string(),
            start_cn: p.start.chinese(),
            end_cn: p.end.chinese(),
        });
        let base = self.url(&e.dir);
        ReportView {
            summary: self.summary(e),
            region_path: r.body.region.join(" › "),
            region: r.body.region.clone(),
            edition_notice: r.edition.notice(),
            signed: r.signed.as_ref().map(|s| Signed {
                by: s.by.clone(),
                date: s.date.to_string(),
                date_cn: s.date.chinese(),
            }),
            period,
            contact: r.contact.clone(),
            preamble_html: markdown::to_html(&r.text.preamble),
            sections,
            table2,
            table3,
            table4,
            findings,
            downloads: Downloads {
                yaml: format!("{base}report.yaml"),
                json: format!("{base}report.json"),
                csv: format!("{base}report.csv"),
            },
            source: format!("content/{}", rel_slash(&e.doc.path, &self.content_root)),
        }
    }

    /// Reports grouped by body folder, in entry order.
    pub fn bodies(&self) -> Vec<(&str, Vec<&Entry<'a>>)> {
        let mut out: Vec<(&str, Vec<&Entry<'a>>)> = Vec::new();
        for e in &self.entries {
            match out.last_mut() {
                Some((dir, list)) if *dir == e.body_dir => list.push(e),
                _ => out.push((&e.body_dir, vec![e])),
            }
        }
        out
    }

    /// The page of a body whose reports (oldest first) are `list`.
    pub fn body_view(&self, dir: &str, list: &[&Entry<'_>]) -> BodyView {
        let latest = list.last().map(|e| &e.doc.report);
        let trend: Vec<YearOutcomes> = list
            .iter()
            .map(|e| {
                let mut row = YearOutcomes::new(e.doc.report.year);
                row.add(
                    &Outcomes::of(&e.doc.report),
                    self.report_ref(e),
                    e.flagged(),
                );
                row
            })
            .collect();
        let years: Vec<String> = trend.iter().map(|t| t.year.to_string()).collect();
        let requests_chart = stacked_bars(
            "requests",
            "本年新收政府信息公开申请数量",
            &years,
            &[Series {
                name: "本年新收".into(),
                values: trend.iter().map(|t| t.outcomes.new_requests).collect(),
            }],
        );
        let outcomes_chart = outcome_chart("outcomes", "本年度办理结果", &trend);
        BodyView {
            name: latest.map(|r| r.body.name.clone()).unwrap_or_default(),
            short_name: latest
                .map(|r| r.body.display_name().to_owned())
                .unwrap_or_default(),
            level: latest.map_or("", |r| r.body.level.label()),
            region_path: latest
                .map(|r| r.body.region.join(" › "))
                .unwrap_or_default(),
            district: list.first().and_then(|e| self.district_link(e.district)),
            url: self.url(dir),
            reports: list.iter().map(|e| self.summary(e)).collect(),
            trend,
            outcome_labels: OUTCOME_LABELS,
            requests_chart,
            outcomes_chart,
        }
    }

    /// The index page of `year`.
    pub fn year_view(&self, year: i32) -> YearView {
        let list: Vec<&Entry<'_>> = self
            .entries
            .iter()
            .filter(|e| e.doc.report.year == year)
            .collect();
        YearView {
            year,
            url: format!("{}years/{year}/", self.site.base_url),
            count: list.len(),
            groups: self.group_by_district(&list),
        }
    }

    fn group_by_district(&self, list: &[&Entry<'_>]) -> Vec<DistrictGroup> {
        let mut groups: Vec<DistrictGroup> = Vec::new();
        for e in list {
            let link = self.district_link(e.district).unwrap_or(Link {
                name: "其他".into(),
                url: String::new(),
                count: 0,
            });
            match groups.last_mut() {
                Some(g) if g.district == link => g.reports.push(self.summary(e)),
                _ => groups.push(DistrictGroup {
                    district: link,
                    reports: vec![self.summary(e)],
                }),
            }
        }
        groups
    }

    /// The index page of district `i` (an index into [`SiteModel::districts`]), if any.
    pub fn district_view(&self, i: usize) -> Option<DistrictView> {
        let d = self.districts.get(i)?;
        let list: Vec<&Entry<'_>> = self
            .entries
            .iter()
            .filter(|e| e.district == Some(i))
            .collect();
        let mut bodies: Vec<BodyEntry> = Vec::new();
        for e in &list {
            let url = self.url(&e.body_dir);
            match bodies.last_mut() {
                Some(b) if b.url == url => b.reports.push(self.summary(e)),
                _ => bodies.push(BodyEntry {
                    name: e.doc.report.body.display_name().to_owned(),
                    level: e.doc.report.body.level.label(),
                    url,
                    reports: vec![self.summary(e)],
                }),
            }
        }
        let trend = self.totals_by_year(&list);
        let chart = outcome_chart(
            &format!("district-{}", d.slug),
            &format!("{} 本年度办理结果", d.name),
            &trend,
        );
        Some(DistrictView {
            slug: d.slug.clone(),
            name: d.name.clone(),
            region_path: d.region.join(" › "),
            url: format!("{}districts/{}/", self.site.base_url, d.slug),
            count: list.len(),
            bodies,
            trend,
            outcome_labels: OUTCOME_LABELS,
            chart,
        })
    }

    /// The statistics page.
    pub fn statistics_view(&self) -> StatisticsView {
        let mut blocks = Vec::new();
        for (i, d) in self.districts.iter().enumerate() {
            let list: Vec<&Entry<'_>> = self
                .entries
                .iter()
                .filter(|e| e.district == Some(i))
                .collect();
            let rows = self.totals_by_year(&list);
            let id = format!("stats-{}", d.slug);
            let chart = outcome_chart(&id, &format!("{} 政府信息公开申请办理结果", d.name), &rows);
            blocks.push(StatisticsBlock {
                name: d.name.clone(),
                id,
                rows,
                chart,
            });
        }
        let all: Vec<&Entry<'_>> = self.entries.iter().collect();
        let rows = self.totals_by_year(&all);
        let chart = outcome_chart("stats-all", "全部机关 政府信息公开申请办理结果", &rows);
        blocks.push(StatisticsBlock {
            name: "全部".into(),
            id: "stats-all".into(),
            rows,
            chart,
        });
        StatisticsView {
            blocks,
            labels: OUTCOME_LABELS,
        }
    }

    /// Table 3 totals of `list` by year, with the notes on what was derived, incomplete
    /// or flagged.
    fn totals_by_year(&self, list: &[&Entry<'_>]) -> Vec<YearOutcomes> {
        let mut years: BTreeMap<i32, YearOutcomes> = BTreeMap::new();
        for e in list {
            let year = e.doc.report.year;
            years
                .entry(year)
                .or_insert_with(|| YearOutcomes::new(year))
                .add(
                    &Outcomes::of(&e.doc.report),
                    self.report_ref(e),
                    e.flagged(),
                );
        }
        years.into_values().collect()
    }

    /// A report as named in a note under a sum.
    fn report_ref(&self, e: &Entry<'_>) -> ReportRef {
        let s = self.summary(e);
        ReportRef {
            title: s.title,
            url: s.url,
        }
    }

    /// The home page.
    pub fn home_view(&self) -> HomeView {
        let latest_year = self.entries.iter().map(|e| e.doc.report.year).max();
        let latest = self
            .entries
            .iter()
            .filter(|e| Some(e.doc.report.year) == latest_year)
            .map(|e| self.summary(e))
            .collect();
        let mut bodies: Vec<Link> = self
            .bodies()
            .into_iter()
            .map(|(dir, list)| Link {
                name: list
                    .last()
                    .map(|e| e.doc.report.body.display_name().to_owned())
                    .unwrap_or_default(),
                url: self.url(dir),
                count: list.len(),
            })
            .collect();
        bodies.sort_by(|a, b| a.name.cmp(&b.name).then(a.url.cmp(&b.url)));
        HomeView {
            latest_year,
            latest,
            bodies,
            reports: self.entries.len(),
            flagged: self.entries.iter().filter(|e| e.flagged()).count(),
        }
    }
}

fn outcome_chart(id: &str, title: &str, rows: &[YearOutcomes]) -> String {
    let years: Vec<String> = rows.iter().map(|t| t.year.to_string()).collect();
    let series: Vec<Series> = OUTCOME_LABELS
        .iter()
        .enumerate()
        .map(|(i, name)| Series {
            name: (*name).to_owned(),
            values: rows
                .iter()
                .map(|t| t.outcomes.outcome_values()[i])
                .collect(),
        })
        .collect();
    stacked_bars(id, title, &years, &series)
}
