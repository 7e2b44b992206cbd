//! Markdown to HTML: the one place pulldown-cmark's options are set.
//!
//! Raw HTML in content is shown as text, never passed through; links and images keep
//! only safe schemes. Bold lead-ins that end in Chinese punctuation
//! (`**一是坚持主动公开。**街道…`), which CommonMark's flanking rules leave unclosed,
//! render bold.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// Marks that stand in for `**` pairs while CommonMark parses; private-use code points.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Renders `markdown` to sanitized HTML.
pub(crate) fn to_html(markdown: &str) -> String {
    let source = mark_strong_pairs(markdown);
    let parser = Parser::new_ext(
        &source,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, parser);
    out.replace(OPEN, "<strong>").replace(CLOSE, "</strong>")
}

/// Keeps http, https, mailto, tel and relative URLs; anything else becomes `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let trimmed: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = trimmed
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| !s.contains(['/', '?', '#']));
    match scheme {
        None | Some("http" | "https" | "mailto" | "tel") => url,
        Some(_) => CowStr::Borrowed("#"),
    }
}

/// Replaces each `**…**` pair within a line by marks that CommonMark leaves alone.
///
/// CommonMark does not close `**` after `。` when a Chinese character follows, so
/// `**一是坚持主动公开。**街道` would print its asterisks. Pairs are matched left to right
/// on each line; code spans and escaped asterisks are left as they are.
fn mark_strong_pairs(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut in_fence = false;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_fence || !line.contains("**") || line.contains('`') {
            out.push_str(line);
            continue;
        }
        let positions: Vec<usize> = pair_positions(line);
        let mut last = 0;
        for (n, at) in positions.iter().enumerate() {
            out.push_str(&line[last..*at]);
            out.push(if n % 2 == 0 { OPEN } else { CLOSE });
            last = at + 2;
        }
        out.push_str(&line[last..]);
    }
    out
}

/// Byte offsets of `**` delimiters that pair up (an even number of them).
fn pair_positions(line: &str) -> Vec<usize> {
    let bytes = line.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == b'*' && bytes[i + 1] == b'*' {
            // A run of three or more is left to CommonMark.
            let run = bytes[i..].iter().take_while(|&&b| b == b'*').count();
            if run == 2 {
                found.push(i);
            }
            i += run;
            continue;
        }
        i += 1;
    }
    if found.len() % 2 == 1 {
        found.pop();
    }
    // A pair must enclose something.
    let mut pairs = Vec::with_capacity(found.len());
    for pair in found.chunks(2) {
        if let [open, close] = pair {
            if close > &(open + 2) {
                pairs.extend([*open, *close]);
            }
        }
    }
    pairs
}

/// The plain text of `markdown`: what a reader sees, for excerpts and search.
pub(crate) fn to_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(&mark_strong_pairs(markdown)) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !out.ends_with('\n') => {
                out.push('\n')
            }
            _ => {}
        }
    }
    out.replace([OPEN, CLOSE], "").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_bold_lead_ins_render_bold() {
        let html = to_html("**一是坚持主动公开。**街道对法定主动公开的政府信息，按时发布。");
        assert_eq!(
            html,
            "<p><strong>一是坚持主动公开。</strong>街道对法定主动公开的政府信息，按时发布。</p>\n"
        );
        let two = to_html("**五是加强制度执**行。**落实新要求。**正确执行");
        assert_eq!(two.matches("<strong>").count(), 2, "{two}");
        assert!(!two.contains("**"));
    }

    #[test]
    fn raw_html_is_text_and_unsafe_links_are_dropped() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)> [x](javascript:alert(1)) [y]( JavaScript:alert(1)) [ok](https://gov.cn) <http://www.gl.gov.cn>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.to_lowercase().contains("href=\"javascript"), "{html}");
        assert!(html.contains("href=\"https://gov.cn\""));
        assert!(html.contains("href=\"http://www.gl.gov.cn\""));
    }

    #[test]
    fn sub_heads_and_text() {
        let md = "### （一）基本情况\n\n**一是**公开。";
        assert!(to_html(md).starts_with("<h3>（一）基本情况</h3>"));
        assert_eq!(to_text(md), "（一）基本情况\n一是公开。");
    }

    #[test]
    fn code_and_escapes_are_left_alone() {
        assert_eq!(to_html(r"\*\*not bold\*\*"), "<p>**not bold**</p>\n");
        assert!(to_html("`**x**`").contains("<code>**x**</code>"));
    }
}
