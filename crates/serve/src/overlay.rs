//! The error overlay: while the content has errors, every served page shows them on top,
//! as `ogi check` prints them (file, line, rule, message), in Chinese: editors of Chinese
//! reports read it.

use ogi_site::{LiveSite, xml_escape};
use ogi_validate::{Format, Lang, Severity, Sources};

/// What the overlay says of a theme or page that fails: the details (template names and
/// the template engine's English) go to the terminal.
const PROBLEM_ZH: &str = "错误：主题模板无法编译或页面渲染失败，站点未能更新；详细原因见终端输出";

/// The lines of the overlay in `lang` (errors only, short format), or none when there is
/// nothing wrong. The page shows them in Chinese; the terminal in the command's language.
pub(crate) fn lines(site: &LiveSite, lang: Lang) -> Vec<String> {
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
        if ogi_validate::render(&errors, &sources, Format::Short, lang, &mut out).is_ok() {
            lines.extend(
                String::from_utf8_lossy(&out)
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(str::to_owned),
            );
        }
    }
    if let Some(problem) = site.problem() {
        match lang {
            Lang::En => lines.extend(problem.lines().map(|l| format!("error: {l}"))),
            Lang::Zh => lines.push(PROBLEM_ZH.to_owned()),
        }
    }
    lines
}

/// The overlay's HTML for `lines`, or `None` when there are none.
pub(crate) fn html(lines: &[String], blocked: bool) -> Option<String> {
    if lines.is_empty() {
        return None;
    }
    let note = if blocked {
        "这些错误使站点无法更新，页面显示的是上一次成功构建的结果。"
    } else {
        "报告含有勾稽关系错误，已照常发布并标注。"
    };
    let mut html = String::from(
        "<div id=\"ogi-overlay\" role=\"alert\" style=\"position:fixed;z-index:2147483647;left:0;right:0;top:0;max-height:60vh;overflow:auto;margin:0;padding:12px 16px;background:#fff4f4;color:#600;border-bottom:3px solid #c00;font:14px/1.5 monospace;overflow-wrap:anywhere;box-shadow:0 2px 8px rgba(0,0,0,.3)\">",
    );
    html.push_str(&format!(
        "<strong>预览发现 {} 个问题</strong> <button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"float:right\">关闭</button><p style=\"margin:4px 0\">{}</p><ul style=\"margin:0;padding-left:1.2em\">",
        lines.len(),
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
pub(crate) fn inject(page: &str, overlay: Option<&str>, script: &str) -> String {
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

    /// Runs of two or more ASCII letters in the text of `html` (tags removed) that are not
    /// a rule id (`T3-BALANCE`, `YAML-SYNTAX`), part of a file path or inside `code`.
    pub(crate) fn english_words(html: &str) -> Vec<String> {
        let mut text = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => {
                    in_tag = false;
                    text.push(' ');
                }
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        ogi_model::english_words(&text)
    }

    #[test]
    fn chinese_lines_make_an_overlay_without_english() {
        use ogi_model::{Level, ScaffoldOptions, parse_report, scaffold};
        let text = scaffold(&ScaffoldOptions {
            body: "测试街道办事处".into(),
            short_name: None,
            level: Level::Township,
            region: vec!["某省".into()],
            year: 2022,
            edition: None,
        });
        let sums = text.replace(
            "new_requests: [0, 0, 0, 0, 0, 0, 0]",
            "new_requests: [1, 0, 0, 0, 0, 0, 2]",
        );
        let doc = parse_report("content/某省/2022.yaml".as_ref(), sums).expect("loads");
        let broken = text.replace("  total: ", "  totl: ");
        let load_error = parse_report("content/某省/2023.yaml".as_ref(), broken.clone())
            .expect_err("does not load");
        let unclosed = text.replace(
            "granted: [0, 0, 0, 0, 0, 0, 0]",
            "granted: [0, 0, 0, 0, 0, 0, 0",
        );
        let syntax =
            parse_report("content/某省/2024.yaml".as_ref(), unclosed).expect_err("does not load");
        let found = ogi_validate::combine(
            &[load_error, syntax],
            ogi_validate::check_report(&doc),
            Vec::new(),
        );
        let errors: Vec<_> = found
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        let mut out = Vec::new();
        ogi_validate::render(
            &errors,
            &Sources::default(),
            Format::Short,
            Lang::Zh,
            &mut out,
        )
        .expect("renders");
        let lines: Vec<String> = String::from_utf8_lossy(&out)
            .lines()
            .map(str::to_owned)
            .collect();
        assert!(lines.len() >= 4, "{lines:#?}");
        for blocked in [true, false] {
            let page = html(&lines, blocked).unwrap_or_default();
            assert!(page.contains("错误[T3-ROW-SUM]"), "{page}");
            assert!(page.contains("错误[YAML-SCHEMA]"), "{page}");
            assert!(page.contains("没有闭合"), "{page}");
            assert_eq!(english_words(&page), Vec::<String>::new(), "{page}");
        }
        // The rule can fail: English lines are caught.
        let mut english = Vec::new();
        ogi_validate::render(
            &errors,
            &Sources::default(),
            Format::Short,
            Lang::En,
            &mut english,
        )
        .expect("renders");
        let english: Vec<String> = String::from_utf8_lossy(&english)
            .lines()
            .map(str::to_owned)
            .collect();
        assert!(!english_words(&html(&english, true).unwrap_or_default()).is_empty());
    }

    #[test]
    fn overlay_lines_are_escaped_and_absent_without_problems() {
        assert_eq!(html(&[], true), None);
        let out = html(&["a.yaml:3:1: error[X]: <b>".to_owned()], true).unwrap_or_default();
        assert!(out.contains("a.yaml:3:1: error[X]: &lt;b&gt;"));
        assert!(out.contains("id=\"ogi-overlay\""));
    }
}
