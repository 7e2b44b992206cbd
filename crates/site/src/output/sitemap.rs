//! `sitemap.xml` and `robots.txt`.

use std::fmt::Write;

use super::{Output, RenderContext};
use crate::error::BuildError;
use crate::views::Group;
use crate::write::{OutputFile, Sink};
use crate::xml::escape;

/// Lists every HTML page for search engines.
pub(crate) struct Sitemap;

impl Output for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn render(&self, cx: &RenderContext<'_>, sink: &dyn Sink) -> Result<(), BuildError> {
        let frame = &cx.model.frame;
        if !cx.stale.group(&Group::All) {
            return Ok(());
        }
        let all = cx.listings.of(&Group::All);
        let mut urls: Vec<(String, Option<String>)> = vec![
            (frame.nav.home.clone(), None),
            (frame.nav.statistics.clone(), None),
        ];
        urls.extend(frame.nav.years.iter().map(|l| (l.url.clone(), None)));
        urls.extend(frame.nav.districts.iter().map(|l| (l.url.clone(), None)));
        let mut last_body: Option<&str> = None;
        for l in &all {
            if last_body != Some(l.body_dir.as_str()) {
                urls.push((l.summary.body_url.clone(), None));
                last_body = Some(&l.body_dir);
            }
        }
        for l in &all {
            urls.push((l.summary.url.clone(), l.summary.signed_date.clone()));
        }
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (url, lastmod) in urls {
            let _ = write!(xml, "  <url><loc>{}</loc>", escape(&url));
            if let Some(date) = lastmod {
                let _ = write!(xml, "<lastmod>{date}</lastmod>");
            }
            xml.push_str("</url>\n");
        }
        xml.push_str("</urlset>\n");
        let robots = format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            frame.site.base_url
        );
        sink.emit(OutputFile::new("sitemap.xml", xml))?;
        sink.emit(OutputFile::new("robots.txt", robots))
    }
}
