//! An Atom feed of reports, newest first.

use std::fmt::Write;

use super::{Output, RenderContext};
use crate::error::BuildError;
use crate::views::{Group, Listing};
use crate::write::{OutputFile, Sink};
use crate::xml::escape;

/// Most recent reports as an Atom feed.
pub(crate) struct Feed;

/// How many reports the feed lists.
const ENTRIES: usize = 50;

/// The date a report is filed under: its signing date, else the end of January after
/// the year it reports on.
fn date(l: &Listing) -> Option<ogi_model::Date> {
    l.signed
        .or_else(|| ogi_model::Date::new(l.summary.year + 1, 1, 31))
}

impl Output for Feed {
    fn name(&self) -> &'static str {
        "feed"
    }

    fn render(&self, cx: &RenderContext<'_>, sink: &dyn Sink) -> Result<(), BuildError> {
        let frame = &cx.model.frame;
        if !cx.stale.group(&Group::All) {
            return Ok(());
        }
        let mut entries = cx.listings.of(&Group::All);
        entries.sort_by(|a, b| date(b).cmp(&date(a)).then(a.dir.cmp(&b.dir)));
        entries.truncate(ENTRIES);
        let updated = entries
            .first()
            .and_then(|l| date(l))
            .map_or_else(|| "1970-01-01".to_owned(), |d| d.to_string());
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n",
        );
        let _ = writeln!(xml, "  <title>{}</title>", escape(&frame.site.title));
        let _ = writeln!(xml, "  <id>{}</id>", escape(&frame.nav.home));
        let _ = writeln!(xml, "  <link href=\"{}\"/>", escape(&frame.nav.home));
        let _ = writeln!(
            xml,
            "  <link rel=\"self\" href=\"{}\"/>",
            escape(&frame.nav.feed)
        );
        let _ = writeln!(xml, "  <updated>{updated}T00:00:00Z</updated>");
        let _ = writeln!(
            xml,
            "  <author><name>{}</name></author>",
            escape(&frame.site.title)
        );
        for l in entries {
            let s = &l.summary;
            let day = date(l).map_or_else(|| "1970-01-01".to_owned(), |d| d.to_string());
            let _ = writeln!(xml, "  <entry>");
            let _ = writeln!(xml, "    <title>{}</title>", escape(&s.title));
            let _ = writeln!(xml, "    <id>{}</id>", escape(&s.url));
            let _ = writeln!(xml, "    <link href=\"{}\"/>", escape(&s.url));
            let _ = writeln!(xml, "    <updated>{day}T00:00:00Z</updated>");
            let summary = format!(
                "{}，{} 年度，{}",
                s.body_name,
                s.year,
                s.document_number.as_deref().unwrap_or("")
            );
            let _ = writeln!(
                xml,
                "    <summary>{}</summary>",
                escape(summary.trim_end_matches('，'))
            );
            let _ = writeln!(xml, "  </entry>");
        }
        xml.push_str("</feed>\n");
        sink.emit(OutputFile::new("feed.xml", xml))
    }
}
