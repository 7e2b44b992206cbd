//! The error overlay: while the content has errors, every served page shows them on top,
//! as `ogi check` prints them (file, line, rule, message).

use ogi_site::{LiveSite, xml_escape};
use ogi_validate::{Format, Severity, Sources};

/// The lines of the overlay (errors only, short format), or none when there is nothing wrong.
pub fn lines(site: &LiveSite) -> Vec<String> {
    let errors: Vec<_> = site
        .diagnostics()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    let mut lines = Vec::new();
    if !errors.is_empty() {
        let mut out = Vec::new();
        let sources =
            Sources::from_archive(&site.loaded().archive).shown_from(&site.options().project.cwd);
        if ogi_validate::render(&errors, &sources, Format::Short, &mut out).is_ok() {
            lines.extend(
                String::from_utf8_lossy(&out)
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_owned),
            );
        }
    }
    if let Some(problem) = site.problem() {
        lines.extend(problem.lines().map(|l| format!("error: {l}")));
    }
    lines
}

/// The overlay's HTML for `lines`, or `None` when there are none.
pub fn html(lines: &[String], blocked: bool) -> Option<String> {
    if lines.is_empty() {
        return None;
    }
    let note = if blocked {
        "这些错误使站点无法更新，页面显示的是上一次成功构建的结果。The site could not be updated; this page is from the last good build."
    } else {
        "报告含有勾稽关系错误，已照常发布并标注。The reports are published, flagged."
    };
    let mut html = String::from(
        "<div id=\"ogi-overlay\" role=\"alert\" style=\"position:fixed;z-index:2147483647;left:0;right:0;top:0;max-height:60vh;overflow:auto;margin:0;padding:12px 16px;background:#fff4f4;color:#600;border-bottom:3px solid #c00;font:14px/1.5 monospace;box-shadow:0 2px 8px rgba(0,0,0,.3)\">",
    );
    html.push_str(&format!(
        "<strong>ogi: {} 个问题 / {} problem{}</strong> <button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"float:right\">关闭</button><p style=\"margin:4px 0\">{}</p><ul style=\"margin:0;padding-left:1.2em\">",
        lines.len(),
        lines.len(),
        if lines.len() == 1 { "" } else { "s" },
        xml_escape(note)
    ));
    for line in lines {
        html.push_str("<li class=\"ogi-diagnostic\">");
        html.push_str(&xml_escape(line));
        html.push_str("</li>");
    }
    html.push_str("</ul></div>\n");
    Some(html)
}

/// `page` with the overlay after its `<body>` tag and the reload script before `</body>`.
pub fn inject(page: &str, overlay: Option<&str>, script: &str) -> String {
    let mut out = String::with_capacity(page.len() + script.len() + overlay.map_or(0, str::len));
    let body_open = page
        .find("<body")
        .and_then(|at| page[at..].find('>').map(|end| at + end + 1));
    let body_close = page.rfind("</body>");
    match (overlay, body_open) {
        (Some(overlay), Some(at)) => {
            out.push_str(&page[..at]);
            out.push_str(overlay);
            match body_close.filter(|c| *c >= at) {
                Some(close) => {
                    out.push_str(&page[at..close]);
                    out.push_str(script);
                    out.push_str(&page[close..]);
                }
                None => {
                    out.push_str(&page[at..]);
                    out.push_str(script);
                }
            }
        }
        (overlay, _) => {
            let close = body_close.unwrap_or(page.len());
            out.push_str(&page[..close]);
            if let Some(overlay) = overlay {
                out.push_str(overlay);
            }
            out.push_str(script);
            out.push_str(&page[close..]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_goes_after_body_and_the_script_before_its_end() {
        let page = "<html><body class=\"x\"><p>hi</p></body></html>";
        let out = inject(
            page,
            Some("<div id=\"ogi-overlay\"></div>"),
            "<script></script>",
        );
        assert_eq!(
            out,
            "<html><body class=\"x\"><div id=\"ogi-overlay\"></div><p>hi</p><script></script></body></html>"
        );
        assert_eq!(
            inject(page, None, "<s>"),
            "<html><body class=\"x\"><p>hi</p><s></body></html>"
        );
        assert_eq!(inject("plain", None, "<s>"), "plain<s>");
    }

    #[test]
    fn overlay_lines_are_escaped_and_absent_without_problems() {
        assert_eq!(html(&[], true), None);
        let out = html(&["a.yaml:3:1: error[X]: <b>".to_owned()], true).unwrap_or_default();
        assert!(out.contains("a.yaml:3:1: error[X]: &lt;b&gt;"));
        assert!(out.contains("id=\"ogi-overlay\""));
    }
}
