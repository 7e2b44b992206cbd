//! HTML pages through the themes' templates: home, years, districts, bodies, reports,
//! statistics and 404. A district's pages take its theme; city-wide pages the default.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::{Output, OutputFile, RenderContext, Sink};
use crate::BuildError;
use crate::theme::{Templates, tera_message};

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
    /// A district's page, by index into the model's districts.
    District(usize),
    Body(&'a str, Vec<&'a crate::context::Entry<'a>>),
    Report(&'a crate::context::Entry<'a>),
}

impl Job<'_> {
    /// The district whose theme the page takes (an index into the model's districts), or
    /// `None` for city-wide pages, which take the default theme.
    fn district(&self) -> Option<usize> {
        match self {
            Job::Home | Job::Statistics | Job::NotFound | Job::Search | Job::Year(_) => None,
            Job::District(i) => Some(*i),
            Job::Body(_, list) => list.first().and_then(|e| e.district),
            Job::Report(e) => e.district,
        }
    }
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
}

/// The pages an incremental render must redo: those whose template is affected, and those
/// that show a changed report (its page, its body's, its year's, its district's, the home
/// page and the statistics).
struct Wanted<'s> {
    scope: &'s crate::Scope,
    years: HashSet<i32>,
    districts: HashSet<usize>,
    bodies: HashSet<&'s str>,
}

impl<'s> Wanted<'s> {
    fn new(cx: &'s RenderContext<'_>) -> Wanted<'s> {
        let m = cx.model;
        let mut wanted = Wanted {
            scope: cx.scope,
            years: HashSet::new(),
            districts: HashSet::new(),
            bodies: HashSet::new(),
        };
        for e in m.entries.iter().filter(|e| cx.scope.report(&e.dir)) {
            wanted.years.insert(e.doc.report.year);
            if let Some(d) = e.district {
                wanted.districts.insert(d);
            }
            wanted.bodies.insert(e.body_dir.as_str());
        }
        wanted
    }

    fn covers(&self, job: &Job<'_>) -> bool {
        self.scope.template(job.template())
            || match job {
                Job::Home | Job::Statistics => self.scope.lists(),
                Job::NotFound | Job::Search => false,
                Job::Year(year) => self.scope.lists() && self.years.contains(year),
                Job::District(i) => self.scope.lists() && self.districts.contains(i),
                Job::Body(dir, _) => self.bodies.contains(dir),
                Job::Report(e) => self.scope.report(&e.dir),
            }
    }
}

impl Output for Pages {
    fn name(&self) -> &'static str {
        "pages"
    }

    fn render(&self, cx: &RenderContext<'_>, sink: &dyn Sink) -> Result<(), BuildError> {
        let m = cx.model;
        // The common variables under each theme: the default's first, then each district's.
        let bases: Vec<(Context, &Templates)> = std::iter::once(None)
            .chain((0..m.districts.len()).map(Some))
            .map(|district| {
                let theme = cx.themes.for_district(district);
                let mut base = Context::new();
                base.insert("site", &m.site);
                base.insert("nav", &m.nav);
                base.insert("theme", &theme.vars(&m.site.base_url));
                (base, theme.templates)
            })
            .collect();
        let mut jobs: Vec<Job<'_>> = vec![Job::Home, Job::Statistics, Job::NotFound, Job::Search];
        jobs.extend(
            m.nav
                .years
                .iter()
                .filter_map(|l| l.name.parse().ok())
                .map(Job::Year),
        );
        jobs.extend((0..m.districts.len()).map(Job::District));
        jobs.extend(
            m.bodies()
                .into_iter()
                .map(|(dir, list)| Job::Body(dir, list)),
        );
        jobs.extend(m.entries.iter().map(Job::Report));
        if !cx.scope.is_everything() {
            let wanted = Wanted::new(cx);
            jobs.retain(|job| wanted.covers(job));
        }
        let total = jobs.len();
        let done = AtomicUsize::new(0);
        jobs.par_iter().try_for_each(|job| {
            let themed = job.district().and_then(|i| bases.get(i + 1));
            let Some((base, templates)) = themed.or(bases.first()) else {
                return Ok(());
            };
            let mut ctx = base.clone();
            let (template, path, kind, title, url) = match job {
                Job::Home => {
                    ctx.insert("home", &m.home_view());
                    (
                        "index.html",
                        "index.html".to_owned(),
                        "home",
                        m.site.title.clone(),
                        m.nav.home.clone(),
                    )
                }
                Job::Statistics => {
                    ctx.insert("stats", &m.statistics_view());
                    (
                        "statistics.html",
                        "statistics/index.html".to_owned(),
                        "statistics",
                        "统计".to_owned(),
                        m.nav.statistics.clone(),
                    )
                }
                Job::Search => {
                    let index = format!("{}search/", m.site.base_url);
                    ctx.insert(
                        "search",
                        &SearchInfo {
                            script: format!("{index}search.js"),
                            index,
                        },
                    );
                    (
                        "search.html",
                        "search.html".to_owned(),
                        "search",
                        "搜索".to_owned(),
                        format!("{}search.html", m.site.base_url),
                    )
                }
                Job::NotFound => (
                    "404.html",
                    "404.html".to_owned(),
                    "404",
                    "页面不存在".to_owned(),
                    format!("{}404.html", m.site.base_url),
                ),
                Job::Year(year) => {
                    let view = m.year_view(*year);
                    ctx.insert("year", &view);
                    (
                        "year.html",
                        format!("years/{}/index.html", view.year),
                        "year",
                        format!("{} 年度报告", view.year),
                        view.url.clone(),
                    )
                }
                Job::District(i) => {
                    let Some(view) = m.district_view(*i) else {
                        return Ok(());
                    };
                    ctx.insert("district", &view);
                    (
                        "district.html",
                        format!("districts/{}/index.html", view.slug),
                        "district",
                        view.name.clone(),
                        view.url.clone(),
                    )
                }
                Job::Body(dir, list) => {
                    let view = m.body_view(dir, list);
                    let title = view.short_name.clone();
                    let url = view.url.clone();
                    ctx.insert("body", &view);
                    ("body.html", format!("{dir}/index.html"), "body", title, url)
                }
                Job::Report(e) => {
                    let view = m.report_view(e);
                    let title = view.summary.title.clone();
                    let url = view.summary.url.clone();
                    ctx.insert("report", &view);
                    (
                        "report.html",
                        format!("{}/index.html", e.dir),
                        "report",
                        title,
                        url,
                    )
                }
            };
            ctx.insert("page", &PageInfo { kind, title, url });
            let html = templates
                .tera
                .render(template, &ctx)
                .map_err(|e| BuildError::Template {
                    template: format!("{template} (theme {})", templates.theme),
                    message: tera_message(&e),
                })?;
            sink.emit(OutputFile::new(path, html))?;
            (cx.progress)(done.fetch_add(1, Ordering::Relaxed) + 1, total);
            Ok(())
        })
    }
}
