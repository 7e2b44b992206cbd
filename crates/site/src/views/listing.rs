//! What the lists of the site show of one report: its [`Listing`]. The pages that list
//! reports (home, years, districts, bodies, statistics) and the feed and sitemap are built
//! from listings alone, never from the report itself, so a live preview can tell whether
//! a save changed them by comparing the report's listing before and after: what a list
//! shows and what decides that it must be made again cannot drift apart.

use std::collections::{BTreeSet, HashMap};

use ogi_model::Date;
use ogi_model::table3::TOTAL_COLUMN;
use ogi_validate::Severity;
use serde::Serialize;

use crate::model::{Entry, Frame, Link};
use crate::outcomes::{Outcomes, ReportRef};

/// A report as it appears in lists.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub(crate) struct ReportSummary {
    /// Title as printed (or built from body and year).
    pub(crate) title: String,
    /// Year reported on.
    pub(crate) year: i32,
    /// `2019` or `2021`.
    pub(crate) edition: i32,
    /// Body's full name.
    pub(crate) body_name: String,
    /// Body's short name (or full name).
    pub(crate) body_short: String,
    /// Body page.
    pub(crate) body_url: String,
    /// Level in Chinese.
    pub(crate) level: &'static str,
    /// District, if the report belongs to one of the configured districts.
    pub(crate) district: Option<Link>,
    /// Report page.
    pub(crate) url: String,
    /// Number of error findings.
    pub(crate) errors: usize,
    /// Number of warnings.
    pub(crate) warnings: usize,
    /// Document number (文号).
    pub(crate) document_number: Option<String>,
    /// Signing date, `YYYY-MM-DD`.
    pub(crate) signed_date: Option<String>,
    /// Table 3 一、本年新收 · 总计.
    pub(crate) new_requests: Option<i64>,
}

/// A report as it appears in lists.
pub(crate) fn summary(frame: &Frame, e: &Entry<'_>) -> ReportSummary {
    let r = &e.doc.report;
    let count = |s: Severity| e.findings.iter().filter(|d| d.severity == s).count();
    ReportSummary {
        title: r.display_title(),
        year: r.year,
        edition: r.edition.year(),
        body_name: r.body.name.clone(),
        body_short: r.body.display_name().to_owned(),
        body_url: frame.url(&e.body_dir),
        level: r.body.level.label(),
        district: frame.district_link(e.district),
        url: frame.url(&e.dir),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        document_number: r.document_number.clone(),
        signed_date: r.signed.as_ref().map(|s| s.date.to_string()),
        new_requests: r.table3.new_requests.cell(TOTAL_COLUMN).map(|c| c.get()),
    }
}

/// Everything the lists read of one report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Listing {
    /// As printed in a list.
    pub(crate) summary: ReportSummary,
    /// Its page folder (the feed's order among reports of one day).
    pub(crate) dir: String,
    /// Its body's page folder.
    pub(crate) body_dir: String,
    /// Index into the districts.
    pub(crate) district: Option<usize>,
    /// The body's region, province first.
    pub(crate) region: Vec<String>,
    /// Table 3's totals.
    pub(crate) outcomes: Outcomes,
    /// The signing date.
    pub(crate) signed: Option<Date>,
}

impl Listing {
    /// The listing of `e`.
    pub(crate) fn of(frame: &Frame, e: &Entry<'_>) -> Listing {
        let r = &e.doc.report;
        Listing {
            summary: summary(frame, e),
            dir: e.dir.clone(),
            body_dir: e.body_dir.clone(),
            district: e.district,
            region: r.body.region.clone(),
            outcomes: Outcomes::of(r),
            signed: r.signed.as_ref().map(|s| s.date),
        }
    }

    /// Whether the report has arithmetic errors (published flagged).
    pub(crate) fn flagged(&self) -> bool {
        self.summary.errors > 0
    }

    /// The report as named in a note under a sum.
    pub(crate) fn report_ref(&self) -> ReportRef {
        ReportRef {
            title: self.summary.title.clone(),
            url: self.summary.url.clone(),
        }
    }

    /// The groups the report is listed in: every list page shows one group.
    pub(crate) fn groups(&self) -> Vec<Group> {
        let mut groups = vec![
            Group::All,
            Group::Year(self.summary.year),
            Group::Body(self.body_dir.clone()),
        ];
        groups.extend(self.district.map(Group::District));
        groups
    }
}

/// A set of reports that one list shows.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Group {
    /// Every report: the home and statistics pages, the feed, the sitemap.
    All,
    /// A year's reports.
    Year(i32),
    /// A district's reports (an index into the districts).
    District(usize),
    /// A body's reports (its page folder).
    Body(String),
}

/// Every report's listing, in site order, and the groups they form.
#[derive(Clone, Debug, Default)]
pub(crate) struct Listings {
    all: Vec<Listing>,
    groups: HashMap<Group, Vec<usize>>,
    /// Body folders in site order.
    bodies: Vec<String>,
}

impl Listings {
    /// The listings `all` (in site order), grouped.
    pub(crate) fn new(all: Vec<Listing>) -> Listings {
        let mut groups: HashMap<Group, Vec<usize>> = HashMap::new();
        let mut bodies: Vec<String> = Vec::new();
        for (i, l) in all.iter().enumerate() {
            if bodies.last() != Some(&l.body_dir) {
                bodies.push(l.body_dir.clone());
            }
            for g in l.groups() {
                groups.entry(g).or_default().push(i);
            }
        }
        Listings {
            all,
            groups,
            bodies,
        }
    }

    /// The listings of `group`, in site order.
    pub(crate) fn of(&self, group: &Group) -> Vec<&Listing> {
        self.groups
            .get(group)
            .map(|ix| ix.iter().filter_map(|&i| self.all.get(i)).collect())
            .unwrap_or_default()
    }

    /// The body folders, in site order.
    pub(crate) fn bodies(&self) -> &[String] {
        &self.bodies
    }

    /// Replaces the listings at the indices of `changed` with the new ones; returns the
    /// groups whose lists differ (those the old or the new listing was in).
    pub(crate) fn replace(&mut self, changed: Vec<(usize, Listing)>) -> BTreeSet<Group> {
        let mut touched = BTreeSet::new();
        let mut regroup = false;
        for (i, now) in changed {
            let Some(before) = self.all.get_mut(i) else {
                continue;
            };
            if *before == now {
                continue;
            }
            let (old, new) = (before.groups(), now.groups());
            regroup |= old != new;
            touched.extend(old);
            touched.extend(new);
            *before = now;
        }
        if regroup {
            *self = Listings::new(std::mem::take(&mut self.all));
        }
        touched
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(dir: &str, body: &str, year: i32, district: usize) -> Listing {
        Listing {
            summary: ReportSummary {
                title: dir.into(),
                year,
                edition: 2021,
                body_name: body.into(),
                body_short: body.into(),
                body_url: format!("/{body}/"),
                level: "",
                district: None,
                url: format!("/{dir}/"),
                errors: 0,
                warnings: 0,
                document_number: None,
                signed_date: None,
                new_requests: None,
            },
            dir: dir.into(),
            body_dir: body.into(),
            district: Some(district),
            region: Vec::new(),
            outcomes: Outcomes::default(),
            signed: None,
        }
    }

    #[test]
    fn a_changed_listing_touches_the_groups_it_left_and_joined() {
        let mut l = Listings::new(vec![
            listing("a/2020", "a", 2020, 0),
            listing("a/2021", "a", 2021, 0),
            listing("b/2020", "b", 2020, 1),
        ]);
        assert_eq!(l.bodies(), ["a", "b"]);
        assert_eq!(l.of(&Group::Year(2020)).len(), 2);
        assert!(
            l.replace(vec![(0, listing("a/2020", "a", 2020, 0))])
                .is_empty()
        );
        let touched = l.replace(vec![(2, listing("b/2020", "b", 2021, 1))]);
        for g in [
            Group::All,
            Group::Year(2020),
            Group::Year(2021),
            Group::District(1),
        ] {
            assert!(touched.contains(&g), "{g:?} in {touched:?}");
        }
        assert!(!touched.contains(&Group::District(0)));
        assert_eq!(l.of(&Group::Year(2021)).len(), 2);
        assert_eq!(l.of(&Group::Year(2020)).len(), 1);
    }
}
