//! An Atom feed of reports, newest first.

use std::fmt::Write;

use super::{Output, OutputFile, RenderContext, Sink, xml_escape};
use crate::BuildError;

/// Most recent reports as an Atom feed.
pub(crate) struct Feed;

/// How many reports the feed lists.
const ENTRIES: usize = 50;

impl Output for Feed {
    fn name(&self) -> &'static str {
        "feed"
    }

    fn render(&self, cx: &RenderContext<'_>, sink: &dyn Sink) -> Result<(), BuildError> {
        let m = cx.model;
        // Only what the lists show of a report goes into this file.
        if !cx.scope.lists() {
            return Ok(());
        }
        let mut entries: Vec<_> = m.entries.iter().collect();
        let date = |e: &&crate::context::Entry<'_>| {
            e.doc
                .report
                .signed
                .as_ref()
                .map(|s| s.date)
                .or_else(|| ogi_model::Date::new(e.doc.report.year + 1, 1, 31))
        };
        entries.sort_by(|a, b| date(b).cmp(&date(a)).then(a.dir.cmp(&b.dir)));
        entries.truncate(ENTRIES);
        let updated = entries
            .first()
            .and_then(date)
            .map_or_else(|| "1970-01-01".to_owned(), |d| d.to_string());
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n",
        );
        let _ = writeln!(xml, "  <title>{}</title>", xml_escape(&m.site.title));
        let _ = writeln!(xml, "  <id>{}</id>", xml_escape(&m.nav.home));
        let _ = writeln!(xml, "  <link href=\"{}\"/>", xml_escape(&m.nav.home));
        let _ = writeln!(
            xml,
            "  <link rel=\"self\" href=\"{}\"/>",
            xml_escape(&m.nav.feed)
        );
        let _ = writeln!(xml, "  <updated>{updated}T00:00:00Z</updated>");
        let _ = writeln!(
            xml,
            "  <author><name>{}</name></author>",
            xml_escape(&m.site.title)
        );
        for e in entries {
            let r = &e.doc.report;
            let url = m.url(&e.dir);
            let day = date(&e).map_or_else(|| "1970-01-01".to_owned(), |d| d.to_string());
            let _ = writeln!(xml, "  <entry>");
            let _ = writeln!(xml, "    <title>{}</title>", xml_escape(&r.display_title()));
            let _ = writeln!(xml, "    <id>{}</id>", xml_escape(&url));
            let _ = writeln!(xml, "    <link href=\"{}\"/>", xml_escape(&url));
            let _ = writeln!(xml, "    <updated>{day}T00:00:00Z</updated>");
            let summary = format!(
                "{}，{} 年度，{}",
                r.body.name,
                r.year,
                r.document_number.as_deref().unwrap_or("")
            );
            let _ = writeln!(
                xml,
                "    <summary>{}</summary>",
                xml_escape(summary.trim_end_matches('，'))
            );
            let _ = writeln!(xml, "  </entry>");
        }
        xml.push_str("</feed>\n");
        sink.emit(OutputFile::new("feed.xml", xml))
    }
}
