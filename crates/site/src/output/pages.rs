//! HTML pages through the themes' templates: home, years, districts, bodies, reports,
//! statistics and 404. A district's pages take its theme; city-wide pages the default.

use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::skeleton::Skeletons;
use super::{Output, RenderContext};
use crate::error::BuildError;
use crate::prose::text_of;
use crate::theme::Templates;
use crate::views::{
    Group, Listing, body_view, district_view, home_view, report_view, statistics_view, year_view,
};
use crate::write::{OutputFile, Sink};

/// Every HTML page.
pub(crate) struct Pages;

/// What every template sees as `page`.
#[derive(Serialize)]
struct PageInfo<'a> {
    /// `home`, `year`, `district`, `body`, `report`, `statistics` or `404`.
    kind: &'a str,
    /// The page's title (without the site title).
    title: String,
    /// Its address.
    url: String,
}

/// What the search page sees as `search`.
#[derive(Serialize)]
struct SearchInfo {
    /// The index folder, ending in `/`.
    index: String,
    /// The client script.
    script: String,
}

enum Job<'a> {
    Home,
    Statistics,
    NotFound,
    Search,
    /// A year's page; its view is made when the page is rendered.
    Year(i32),
    /// A district's page, by index into the frame's districts.
    District(usize),
    /// A body's page, by its folder.
    Body(&'a str),
    /// A report's page, by index into the entries.
    Report(usize),
}

/// What a page is made from besides the frame and its theme's templates.
enum Inputs {
    /// Nothing else.
    Nothing,
    /// The listings of a group of reports.
    Group(Group),
    /// One report (by index into the entries).
    Entry(usize),
}

impl Job<'_> {
    /// The template that renders this page.
    fn template(&self) -> &'static str {
        match self {
            Job::Home => "index.html",
            Job::Statistics => "statistics.html",
            Job::NotFound => "404.html",
            Job::Search => "search.html",
            Job::Year(_) => "year.html",
            Job::District(_) => "district.html",
            Job::Body(..) => "body.html",
            Job::Report(_) => "report.html",
        }
    }

    /// What the page shows: its view is made from these alone, and it is rendered again
    /// when they changed.
    fn inputs(&self) -> Inputs {
        match self {
            Job::Home | Job::Statistics => Inputs::Group(Group::All),
            Job::Year(year) => Inputs::Group(Group::Year(*year)),
            Job::District(i) => Inputs::Group(Group::District(*i)),
            Job::Body(dir) => Inputs::Group(Group::Body((*dir).to_owned())),
            Job::Report(i) => Inputs::Entry(*i),
            Job::NotFound | Job::Search => Inputs::Nothing,
        }
    }

    /// The district whose theme the page takes (an index into the frame's districts), or
    /// `None` for city-wide pages, which take the default theme.
    fn district(&self, cx: &RenderContext<'_>, list: &[&Listing]) -> Option<usize> {
        match self {
            Job::Home | Job::Statistics | Job::NotFound | Job::Search | Job::Year(_) => None,
            Job::District(i) => Some(*i),
            Job::Body(_) => list.first().and_then(|l| l.district),
            Job::Report(i) => cx.model.entries.get(*i).and_then(|e| e.district),
        }
    }
}

impl Output for Pages {
    fn name(&self) -> &'static str {
        "pages"
    }

    fn render(&self, cx: &RenderContext<'_>, sink: &dyn Sink) -> Result<(), BuildError> {
        let m = cx.model;
        let frame = &m.frame;
        // The common variables under each theme: the default's first, then each district's.
        let bases: Vec<(Context, &Templates)> = std::iter::once(None)
            .chain((0..frame.districts.len()).map(Some))
            .map(|district| {
                let theme = cx.themes.for_district(district);
                let mut base = Context::new();
                base.insert("site", &frame.site);
                base.insert("nav", &frame.nav);
                base.insert("theme", &theme.vars(&frame.site.base_url));
                (base, theme.templates)
            })
            .collect();
        let mut jobs: Vec<Job<'_>> = vec![Job::Home, Job::Statistics, Job::NotFound, Job::Search];
        jobs.extend(
            frame
                .nav
                .years
                .iter()
                .filter_map(|l| l.name.parse().ok())
                .map(Job::Year),
        );
        jobs.extend((0..frame.districts.len()).map(Job::District));
        jobs.extend(cx.listings.bodies().iter().map(|dir| Job::Body(dir)));
        jobs.extend((0..m.entries.len()).map(Job::Report));
        // Each page with what it is made from, if that changed or its theme's templates did.
        let jobs: Vec<(Job<'_>, Vec<&Listing>, &(Context, &Templates))> = jobs
            .into_iter()
            .filter_map(|job| {
                let inputs = job.inputs();
                let list = match &inputs {
                    Inputs::Group(group) => cx.listings.of(group),
                    Inputs::Entry(_) | Inputs::Nothing => Vec::new(),
                };
                let themed = job.district(cx, &list).and_then(|i| bases.get(i + 1));
                let base = themed.or(bases.first())?;
                let stale = cx.stale.templates(&base.1.theme)
                    || match &inputs {
                        Inputs::Group(group) => cx.stale.group(group),
                        Inputs::Entry(i) => cx.stale.entry(*i),
                        Inputs::Nothing => cx.stale.is_everything(),
                    };
                stale.then_some((job, list, base))
            })
            .collect();
        let total = jobs.len();
        let done = AtomicUsize::new(0);
        let skeletons = Skeletons::default();
        jobs.par_iter()
            .try_for_each(|(job, list, (base, templates))| {
                let mut ctx = base.clone();
                let template = job.template();
                let (path, kind, title, url) = match job {
                    Job::Home => {
                        ctx.insert("home", &home_view(list));
                        (
                            "index.html".to_owned(),
                            "home",
                            frame.site.title.clone(),
                            frame.nav.home.clone(),
                        )
                    }
                    Job::Statistics => {
                        ctx.insert("stats", &statistics_view(frame, list));
                        (
                            "statistics/index.html".to_owned(),
                            "statistics",
                            "统计".to_owned(),
                            frame.nav.statistics.clone(),
                        )
                    }
                    Job::Search => {
                        let index = format!("{}search/", frame.site.base_url);
                        ctx.insert(
                            "search",
                            &SearchInfo {
                                script: format!("{index}search.js"),
                                index,
                            },
                        );
                        (
                            "search.html".to_owned(),
                            "search",
                            "搜索".to_owned(),
                            format!("{}search.html", frame.site.base_url),
                        )
                    }
                    Job::NotFound => (
                        "404.html".to_owned(),
                        "404",
                        "页面不存在".to_owned(),
                        format!("{}404.html", frame.site.base_url),
                    ),
                    Job::Year(year) => {
                        let view = year_view(frame, *year, list);
                        ctx.insert("year", &view);
                        (
                            format!("years/{}/index.html", view.year),
                            "year",
                            format!("{} 年度报告", view.year),
                            view.url.clone(),
                        )
                    }
                    Job::District(i) => {
                        let Some(view) = district_view(frame, *i, list) else {
                            return Ok(());
                        };
                        ctx.insert("district", &view);
                        (
                            format!("districts/{}/index.html", view.slug),
                            "district",
                            view.name.clone(),
                            view.url.clone(),
                        )
                    }
                    Job::Body(dir) => {
                        let view = body_view(frame, dir, list);
                        let title = view.short_name.clone();
                        let url = view.url.clone();
                        ctx.insert("body", &view);
                        (format!("{dir}/index.html"), "body", title, url)
                    }
                    Job::Report(i) => {
                        let Some(e) = m.entries.get(*i) else {
                            return Ok(());
                        };
                        let prose = text_of(cx.prose, e.doc)?;
                        let mut view = report_view(frame, e, &prose);
                        let mut every_table = true;
                        for section in &mut view.sections {
                            let table = match section.table {
                                Some(key @ "table2") => (key, &view.table2),
                                Some(key @ "table3") => (key, &view.table3),
                                Some(key @ "table4") => (key, &view.table4),
                                _ => continue,
                            };
                            section.table_html = table
                                .1
                                .as_ref()
                                .and_then(|t| skeletons.render(templates, table.0, t));
                            every_table &= section.table_html.is_some();
                        }
                        // Turning ~200 cells into template values was a third of a report
                        // page's time: skip it when the tables are made and nothing else
                        // reads them.
                        if every_table && !templates.reads_report_tables {
                            view.table2 = None;
                            view.table3 = None;
                            view.table4 = None;
                        }
                        let title = view.summary.title.clone();
                        let url = view.summary.url.clone();
                        ctx.insert("report", &view);
                        (format!("{}/index.html", e.dir), "report", title, url)
                    }
                };
                ctx.insert("page", &PageInfo { kind, title, url });
                let html = templates.tera.render(template, &ctx).map_err(|source| {
                    BuildError::Template {
                        template: format!("{template} (theme {})", templates.theme),
                        source,
                    }
                })?;
                sink.emit(OutputFile::new(path, html))?;
                (cx.progress)(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                Ok(())
            })
    }
}
