//! The values of `site.yaml` that end up in pages as links or in a stylesheet: addresses
//! (`base_url`, `nav_links`, URL-kind theme options) and colours. A page of the archive
//! must not carry a `javascript:` link or arbitrary CSS because an option said so.
//!
//! Which options are which is read from their names: `url`, `logo`, names ending in
//! `_url` or `_link` and every `url:` inside a list of links are addresses; names ending
//! in `color` are colours. Addresses may be http(s), `mailto:` or relative paths;
//! colours are CSS colours (`#rgb`, `#rrggbb`, `#rrggbbaa`, a colour name, `rgb()`/`hsl()`
//! with numbers).

use std::path::Path;

use crate::SiteConfig;
use crate::load::{LoadError, LoadErrorKind};
use crate::message::Message;
use crate::source_map::SourceMap;
use crate::theme::{OptionValue, ThemeOptions};

/// Checks an address a page links to: http(s), `mailto:` or a relative path, without
/// spaces, control characters or backslashes (which browsers read as `/`), and not
/// scheme-relative (`//host`, another site).
pub fn check_url(url: &str) -> Result<(), Message> {
    let refuse = |why_en: &str, why_zh: &str| {
        Err(Message::new(
            format!(
                "`{url}` is not an address a page may link to: {why_en}; use http://, https://, mailto: or a path such as /reports/"
            ),
            format!(
                "`{url}` 不能作为页面上的链接：{why_zh}；请使用 http://、https://、mailto: 开头的地址或 /reports/ 这样的路径"
            ),
        ))
    };
    if url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return refuse(
            "it holds spaces, control characters or `\\`",
            "其中含有空格、控制字符或 `\\`",
        );
    }
    let scheme_end = url.find(':').filter(|&i| {
        let scheme = &url[..i];
        !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    match scheme_end.map(|i| url[..i].to_ascii_lowercase()) {
        Some(s) if s == "http" || s == "https" => {
            if url[s.len() + 1..].starts_with("//") && url.len() > s.len() + 3 {
                Ok(())
            } else {
                refuse("it names no host", "没有主机名")
            }
        }
        Some(s) if s == "mailto" => Ok(()),
        Some(_) => refuse(
            "only http(s) and mailto: addresses are allowed",
            "只允许 http(s) 与 mailto: 地址",
        ),
        None if url.starts_with("//") => refuse(
            "an address starting with // leads to another site",
            "以 // 开头的地址会指向其他网站",
        ),
        None => Ok(()),
    }
}

/// Checks a CSS colour: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, a colour name, or
/// `rgb()`, `rgba()`, `hsl()`, `hsla()` of numbers. Empty means "not set".
pub fn check_color(value: &str) -> Result<(), Message> {
    let v = value.trim();
    let hex = v.strip_prefix('#').is_some_and(|h| {
        matches!(h.len(), 3 | 4 | 6 | 8) && h.chars().all(|c| c.is_ascii_hexdigit())
    });
    let name = !v.is_empty() && v.len() <= 32 && v.chars().all(|c| c.is_ascii_alphabetic());
    let function = ["rgb(", "rgba(", "hsl(", "hsla("].iter().any(|f| {
        v.to_ascii_lowercase()
            .strip_prefix(f)
            .and_then(|r| r.strip_suffix(')'))
            .is_some_and(|args| {
                args.chars().all(|c| {
                    c.is_ascii_digit()
                        || matches!(
                            c,
                            ' ' | '.'
                                | ','
                                | '%'
                                | '/'
                                | '-'
                                | 'd'
                                | 'e'
                                | 'g'
                                | 't'
                                | 'u'
                                | 'r'
                                | 'n'
                        )
                })
            })
    });
    if value.is_empty() || hex || name || function {
        Ok(())
    } else {
        Err(Message::new(
            format!(
                "`{value}` is not a CSS colour: write it as #1a5fb4, a colour name such as navy, or rgb(26, 95, 180)"
            ),
            format!(
                "`{value}` 不是 CSS 颜色：请写成 #1a5fb4、navy 这样的颜色名，或 rgb(26, 95, 180)"
            ),
        ))
    }
}

/// What kind of value an option holds, by its name.
enum Kind {
    Url,
    Color,
    Other,
}

fn kind(name: &str) -> Kind {
    if name == "url" || name == "logo" || name.ends_with("_url") || name.ends_with("_link") {
        Kind::Url
    } else if name.ends_with("color") {
        Kind::Color
    } else {
        Kind::Other
    }
}

/// Each address and colour in `value` (the option `name`, at `path`), checked.
fn check_option(name: &str, path: &str, value: &OptionValue, out: &mut Vec<(String, Message)>) {
    match value {
        OptionValue::Text(text) => {
            let checked = match kind(name) {
                Kind::Url if !text.is_empty() => check_url(text),
                Kind::Color => check_color(text),
                _ => Ok(()),
            };
            if let Err(m) = checked {
                out.push((path.to_owned(), m));
            }
        }
        OptionValue::List(items) => {
            for (i, item) in items.iter().enumerate() {
                check_option(name, &format!("{path}[{i}]"), item, out);
            }
        }
        OptionValue::Map(map) => {
            for (key, item) in map {
                check_option(key, &format!("{path}.{key}"), item, out);
            }
        }
        _ => {}
    }
}

fn check_options(prefix: &str, options: &ThemeOptions, out: &mut Vec<(String, Message)>) {
    for (name, value) in options {
        check_option(name, &format!("{prefix}.{name}"), value, out);
    }
}

/// Checks the addresses and colours of a loaded `site.yaml`; the first refusal names its
/// line.
pub(crate) fn check_config(path: &Path, text: &str, config: &SiteConfig) -> Result<(), LoadError> {
    let mut found = Vec::new();
    if let Err(m) = check_url(&config.base_url) {
        found.push(("base_url".to_owned(), m));
    }
    check_options("theme_options", &config.theme_options, &mut found);
    for (i, d) in config.districts.iter().enumerate() {
        check_options(
            &format!("districts[{i}].theme_options"),
            &d.theme_options,
            &mut found,
        );
    }
    let Some((at, message)) = found.into_iter().next() else {
        return Ok(());
    };
    let span = SourceMap::build(text).ok().and_then(|map| map.nearest(&at));
    Err(LoadError {
        path: path.to_owned(),
        kind: LoadErrorKind::Schema,
        message,
        span,
        help: Some(Message::new(
            "links on the site's pages may be http(s), mailto: or paths; colours must be CSS colours (docs/themes.md, theme options)",
            "网站页面上的链接只能是 http(s)、mailto: 或路径；颜色必须是 CSS 颜色（见 docs/themes.md 的主题选项一节）",
        )),
        text: Some(text.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_safe_addresses_pass() {
        for ok in [
            "/",
            "/reports/",
            "https://example.gov.cn/a?b=1#c",
            "http://x.cn",
            "mailto:a@b.cn",
            "reports/",
            "./a",
            "../a",
            "#top",
            "?q=1",
        ] {
            assert_eq!(check_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "javascript:alert(42)",
            "JavaScript:alert(1)",
            "javascript://%0aalert(document.domain)//",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
            "//evil.example/",
            "/\\evil.example",
            "https:evil",
            "http://",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_css_colours_pass() {
        for ok in [
            "",
            "#fff",
            "#1a5fb4",
            "#1a5fb4cc",
            "navy",
            "rgb(26, 95, 180)",
            "hsl(210deg 50% 40% / 0.5)",
        ] {
            assert_eq!(check_color(ok), Ok(()), "{ok}");
        }
        for bad in [
            "red; } body { display: none",
            "url(https://evil.example/x.png)",
            "#12345",
            "expression(alert(1))",
            "rgb(1,2,3);background:url(x)",
            "red</style><script>alert(1)</script>",
        ] {
            assert!(check_color(bad).is_err(), "{bad}");
        }
    }
}
