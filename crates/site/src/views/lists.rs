//! The pages that list reports: home, a year's, a district's and a body's. Each is made
//! from the [`Listing`]s of its group and the frame, nothing else.

use serde::Serialize;

use super::listing::{Listing, ReportSummary};
use super::statistics::{outcome_chart, totals_by_year};
use crate::charts::{Series, stacked_bars};
use crate::model::{Frame, Link};
use crate::outcomes::{OUTCOME_LABELS, YearOutcomes};

/// A body's page: its reports over the years and their trends.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct BodyView {
    /// Full name (of the latest report).
    pub(crate) name: String,
    /// Short name.
    pub(crate) short_name: String,
    /// Level in Chinese.
    pub(crate) level: &'static str,
    /// Region path.
    pub(crate) region_path: String,
    /// District.
    pub(crate) district: Option<Link>,
    /// Page address.
    pub(crate) url: String,
    /// Reports by year, oldest first.
    pub(crate) reports: Vec<ReportSummary>,
    /// Table 3 figures by year.
    pub(crate) trend: Vec<YearOutcomes>,
    /// Outcome labels, for table headers.
    pub(crate) outcome_labels: [&'static str; 6],
    /// Requests received per year, as SVG.
    pub(crate) requests_chart: String,
    /// Outcomes per year, as SVG.
    pub(crate) outcomes_chart: String,
}

/// Reports of one district within a list.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct DistrictGroup {
    /// The district (or 其他 for reports outside every configured district).
    pub(crate) district: Link,
    /// Its reports.
    pub(crate) reports: Vec<ReportSummary>,
}

/// A year's index page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct YearView {
    /// The year.
    pub(crate) year: i32,
    /// Page address.
    pub(crate) url: String,
    /// Number of reports.
    pub(crate) count: usize,
    /// Reports grouped by district.
    pub(crate) groups: Vec<DistrictGroup>,
}

/// A body within a district page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct BodyEntry {
    /// Short name.
    pub(crate) name: String,
    /// Level.
    pub(crate) level: &'static str,
    /// Body page.
    pub(crate) url: String,
    /// Its reports, oldest first.
    pub(crate) reports: Vec<ReportSummary>,
}

/// A district's index page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct DistrictView {
    /// URL-safe name.
    pub(crate) slug: String,
    /// Name.
    pub(crate) name: String,
    /// Region path.
    pub(crate) region_path: String,
    /// Page address.
    pub(crate) url: String,
    /// Number of reports.
    pub(crate) count: usize,
    /// Bodies with their reports.
    pub(crate) bodies: Vec<BodyEntry>,
    /// Table 3 totals by year.
    pub(crate) trend: Vec<YearOutcomes>,
    /// Outcome labels, for table headers.
    pub(crate) outcome_labels: [&'static str; 6],
    /// Outcomes by year, as SVG.
    pub(crate) chart: String,
}

/// The home page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct HomeView {
    /// The latest year with reports.
    pub(crate) latest_year: Option<i32>,
    /// Its reports.
    pub(crate) latest: Vec<ReportSummary>,
    /// Every body, by name.
    pub(crate) bodies: Vec<Link>,
    /// Number of reports.
    pub(crate) reports: usize,
    /// Reports with errors.
    pub(crate) flagged: usize,
}

/// The page of the body at folder `dir` whose reports (oldest first) are `list`.
pub(crate) fn body_view(frame: &Frame, dir: &str, list: &[&Listing]) -> BodyView {
    let latest = list.last();
    let trend: Vec<YearOutcomes> = list
        .iter()
        .map(|l| {
            let mut row = YearOutcomes::new(l.summary.year);
            row.add(&l.outcomes, l.report_ref(), l.flagged());
            row
        })
        .collect();
    let years: Vec<String> = trend.iter().map(|t| t.year.to_string()).collect();
    let requests_chart = stacked_bars(
        "requests",
        &new_requests_title(),
        &years,
        &[Series {
            name: "本年新收".into(),
            values: trend.iter().map(|t| t.outcomes.new_requests).collect(),
        }],
    );
    let outcomes_chart = outcome_chart("outcomes", "本年度办理结果", &trend);
    BodyView {
        name: latest
            .map(|l| l.summary.body_name.clone())
            .unwrap_or_default(),
        short_name: latest
            .map(|l| l.summary.body_short.clone())
            .unwrap_or_default(),
        level: latest.map_or("", |l| l.summary.level),
        region_path: latest.map(|l| l.region.join(" › ")).unwrap_or_default(),
        district: list.first().and_then(|l| l.summary.district.clone()),
        url: frame.url(dir),
        reports: list.iter().map(|l| l.summary.clone()).collect(),
        trend,
        outcome_labels: OUTCOME_LABELS,
        requests_chart,
        outcomes_chart,
    }
}

/// The index page of `year`, whose reports are `list`.
pub(crate) fn year_view(frame: &Frame, year: i32, list: &[&Listing]) -> YearView {
    let mut groups: Vec<DistrictGroup> = Vec::new();
    for l in list {
        let link = l.summary.district.clone().unwrap_or(Link {
            name: "其他".into(),
            url: String::new(),
            count: 0,
        });
        match groups.last_mut() {
            Some(g) if g.district == link => g.reports.push(l.summary.clone()),
            _ => groups.push(DistrictGroup {
                district: link,
                reports: vec![l.summary.clone()],
            }),
        }
    }
    YearView {
        year,
        url: format!("{}years/{year}/", frame.site.base_url),
        count: list.len(),
        groups,
    }
}

/// The index page of district `i` (an index into the frame's districts), whose reports
/// are `list`; `None` if there is no such district.
pub(crate) fn district_view(frame: &Frame, i: usize, list: &[&Listing]) -> Option<DistrictView> {
    let d = frame.districts.get(i)?;
    let mut bodies: Vec<BodyEntry> = Vec::new();
    for l in list {
        let url = &l.summary.body_url;
        match bodies.last_mut() {
            Some(b) if b.url == *url => b.reports.push(l.summary.clone()),
            _ => bodies.push(BodyEntry {
                name: l.summary.body_short.clone(),
                level: l.summary.level,
                url: url.clone(),
                reports: vec![l.summary.clone()],
            }),
        }
    }
    let trend = totals_by_year(list);
    let chart = outcome_chart(
        &format!("district-{}", d.slug),
        &format!("{} 本年度办理结果", d.name),
        &trend,
    );
    Some(DistrictView {
        slug: d.slug.clone(),
        name: d.name.clone(),
        region_path: d.region.join(" › "),
        url: format!("{}districts/{}/", frame.site.base_url, d.slug),
        count: list.len(),
        bodies,
        trend,
        outcome_labels: OUTCOME_LABELS,
        chart,
    })
}

/// The home page, whose reports are `all`.
pub(crate) fn home_view(all: &[&Listing]) -> HomeView {
    let latest_year = all.iter().map(|l| l.summary.year).max();
    let latest = all
        .iter()
        .filter(|l| Some(l.summary.year) == latest_year)
        .map(|l| l.summary.clone())
        .collect();
    let mut bodies: Vec<Link> = Vec::new();
    let mut last_dir: Option<&str> = None;
    for l in all {
        if last_dir == Some(l.body_dir.as_str()) {
            if let Some(b) = bodies.last_mut() {
                // The latest report names the body.
                b.name.clone_from(&l.summary.body_short);
                b.count += 1;
            }
        } else {
            bodies.push(Link {
                name: l.summary.body_short.clone(),
                url: l.summary.body_url.clone(),
                count: 1,
            });
            last_dir = Some(&l.body_dir);
        }
    }
    bodies.sort_by(|a, b| a.name.cmp(&b.name).then(a.url.cmp(&b.url)));
    HomeView {
        latest_year,
        latest,
        bodies,
        reports: all.len(),
        flagged: all.iter().filter(|l| l.flagged()).count(),
    }
}

/// The requests chart's title: table 3's 本年新收 row label as the model gives it, without
/// its ordinal (`本年新收政府信息公开申请数量`).
fn new_requests_title() -> String {
    ogi_model::table3::Table3::all_specs()
        .into_iter()
        .find(|s| s.role == ogi_model::table3::RowRole::NewRequests)
        .map(|s| {
            s.label
                .split_once('、')
                .map_or(s.label, |(_, rest)| rest)
                .to_owned()
        })
        .unwrap_or_default()
}
