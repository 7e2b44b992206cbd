//! `sitemap.xml` and `robots.txt`.

use std::fmt::Write;

use super::{Output, OutputFile, RenderContext, Sink, xml_escape};
use crate::BuildError;

/// Lists every HTML page for search engines.
pub(crate) struct Sitemap;

impl Output for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn render(&self, cx: &RenderContext<'_>, sink: &dyn Sink) -> Result<(), BuildError> {
        let m = cx.model;
        // Only what the lists show of a report goes into this file.
        if !cx.scope.lists() {
            return Ok(());
        }
        let mut urls: Vec<(String, Option<String>)> =
            vec![(m.nav.home.clone(), None), (m.nav.statistics.clone(), None)];
        urls.extend(m.nav.years.iter().map(|l| (l.url.clone(), None)));
        urls.extend(m.nav.districts.iter().map(|l| (l.url.clone(), None)));
        for (dir, _) in m.bodies() {
            urls.push((m.url(dir), None));
        }
        for e in &m.entries {
            urls.push((
                m.url(&e.dir),
                e.doc.report.signed.as_ref().map(|s| s.date.to_string()),
            ));
        }
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (url, lastmod) in urls {
            let _ = write!(xml, "  <url><loc>{}</loc>", xml_escape(&url));
            if let Some(date) = lastmod {
                let _ = write!(xml, "<lastmod>{date}</lastmod>");
            }
            xml.push_str("</url>\n");
        }
        xml.push_str("</urlset>\n");
        let robots = format!(
            "User-agent: *\nAllow: /\nSitemap: {}sitemap.xml\n",
            m.site.base_url
        );
        sink.emit(OutputFile::new("sitemap.xml", xml))?;
        sink.emit(OutputFile::new("robots.txt", robots))
    }
}
