//! The report's prose and facts: title, year, body, 文号, signature, contact, and the
//! paragraphs split into the format's sections.

use ogi_model::{Contact, Date, ExtraSection, Text};

use crate::text::squash;

/// What the prose says.
#[derive(Debug, Default)]
pub(crate) struct Prose {
    /// The title as printed.
    pub(crate) title: Option<String>,
    /// The year from the title.
    pub(crate) year: Option<i32>,
    /// The body, from the title (the words before the year).
    pub(crate) body: Option<String>,
    /// 文号.
    pub(crate) document_number: Option<String>,
    /// Signature: the last lines, a body and a date.
    pub(crate) signed: Option<(String, Date)>,
    /// Contact details from the preamble.
    pub(crate) contact: Option<Contact>,
    /// The sections.
    pub(crate) text: Text,
}

const NUMERALS: &str = "一二三四五六七八九十";

/// The section number of a heading paragraph such as `三、收到和处理…` (1-based), if it is
/// one: a Chinese numeral, `、`, and a short line.
fn heading_number(p: &str) -> Option<usize> {
    let s = squash(p);
    let (num, rest) = s.split_once('、')?;
    if num.is_empty() || !num.chars().all(|c| NUMERALS.contains(c)) || rest.chars().count() > 40 {
        return None;
    }
    // 三三、 (a typo seen in published reports) is 三.
    let last = num.chars().last()?;
    let n = if num.chars().count() >= 2 && num.starts_with('十') {
        10 + NUMERALS.find(last).map(|b| b / 3 + 1).unwrap_or(0)
    } else {
        NUMERALS.find(last)? / 3 + 1
    };
    Some(n)
}

/// Whether `p` is a sub-heading such as `（一）主动公开方面` on its own line.
fn subheading(p: &str) -> bool {
    let s = squash(p);
    let Some(rest) = s.strip_prefix('（').or_else(|| s.strip_prefix('(')) else {
        return false;
    };
    let Some((num, title)) = rest.split_once(['）', ')']) else {
        return false;
    };
    !num.is_empty()
        && num.chars().all(|c| NUMERALS.contains(c))
        && !title.is_empty()
        && title.chars().count() <= 30
        && !title.ends_with(['。', '；'])
}

/// `年度报告` titles: `某某2021年度政府信息公开工作年度报告` and its variants.
pub(crate) fn is_title(p: &str) -> bool {
    let s = squash(p);
    s.contains("政府信息公开")
        && s.ends_with("报告")
        && s.chars().count() <= 60
        && year_of(&s).is_some()
}

/// The first year (2008–2100) written as four digits followed by 年.
pub(crate) fn year_of(s: &str) -> Option<i32> {
    let chars: Vec<char> = s.chars().collect();
    chars.windows(5).find_map(|w| {
        if w[..4].iter().all(char::is_ascii_digit) && w[4] == '年' {
            let y: String = w[..4].iter().collect();
            y.parse().ok().filter(|y| (2008..=2100).contains(y))
        } else {
            None
        }
    })
}

/// Reads the prose from the paragraphs (tables removed) and a title from metadata.
pub(crate) fn read(paragraphs: &[String], meta_title: Option<&str>) -> Prose {
    let mut prose = Prose::default();
    let title_at = paragraphs.iter().take(10).position(|p| is_title(p));
    prose.title = title_at
        .map(|i| {
            let title = squash(&paragraphs[i]);
            // A title printed on two lines: the body's name above `2024年…报告`.
            match i.checked_sub(1).map(|j| squash(&paragraphs[j])) {
                Some(above)
                    if title.starts_with(|c: char| c.is_ascii_digit())
                        && !above.is_empty()
                        && above.chars().count() <= 30
                        && !above.contains(['。', '：', ':']) =>
                {
                    format!("{above}{title}")
                }
                _ => title,
            }
        })
        .or_else(|| meta_title.filter(|t| is_title(t)).map(squash));
    if let Some(title) = &prose.title {
        prose.year = year_of(title);
        let body: String = title.chars().take_while(|c| !c.is_ascii_digit()).collect();
        if !body.is_empty() {
            prose.body = Some(body);
        }
    }
    let start = title_at.map_or(0, |i| i + 1);
    // Sections by their numbered headings.
    let mut current: Option<usize> = None;
    let mut sections: Vec<(usize, String, Vec<String>)> = Vec::new();
    let mut preamble: Vec<String> = Vec::new();
    for p in &paragraphs[start..] {
        if let Some(n) = heading_number(p) {
            let expected = current.map_or(1, |c| c + 1);
            if n == expected || n > expected && n <= expected + 1 {
                current = Some(n);
                sections.push((n, squash(p), Vec::new()));
                continue;
            }
        }
        match sections.last_mut() {
            Some((_, _, body)) => body.push(p.clone()),
            None => preamble.push(p.clone()),
        }
    }
    // Front matter: 文号 and dates printed before the text proper.
    preamble.retain(|p| {
        let s = squash(p);
        if s.contains('〔') && s.ends_with('号') && s.chars().count() <= 30 {
            prose.document_number = Some(s);
            return false;
        }
        !(s.starts_with("时间:") || s.starts_with("发布时间") || s.starts_with("来源:"))
    });
    // Signature: a trailing body line and date line of the last section.
    if let Some((_, _, body)) = sections.last_mut() {
        if let Some(date) = body.last().and_then(|l| chinese_date(l)) {
            let by = body.len().checked_sub(2).map(|i| squash(&body[i]));
            if let Some(by) = by.filter(|b| b.chars().count() <= 30 && !b.ends_with('。')) {
                prose.signed = Some((by, date));
                body.truncate(body.len() - 2);
            }
        }
    }
    prose.contact = contact(&preamble.join("\n"));
    prose.text.preamble = markdown(&preamble);
    for (n, heading, body) in sections {
        let text = markdown(&body);
        match n {
            1 => prose.text.overview = text,
            // 二、三、四 hold the tables; the format has no prose for them.
            2..=4 => {}
            5 => prose.text.problems = text,
            6 => prose.text.other_matters = text,
            _ => prose.text.extra_sections.push(ExtraSection {
                heading,
                body: text,
            }),
        }
    }
    prose
}

/// Paragraphs as Markdown: one per paragraph, sub-headings as `###`.
fn markdown(paragraphs: &[String]) -> String {
    paragraphs
        .iter()
        .map(|p| {
            let p = escape(p.trim());
            if subheading(&p) {
                format!("### {p}")
            } else {
                p
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Escapes what Markdown would read as markup at the start of a paragraph.
fn escape(p: &str) -> String {
    let mut out = String::with_capacity(p.len());
    if p.starts_with(['#', '>', '-', '+', '*', '='])
        || p.starts_with(|c: char| c.is_ascii_digit()) && p.contains(". ")
    {
        out.push('\\');
    }
    for c in p.chars() {
        if matches!(c, '*' | '_' | '`' | '<' | '[') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A date written `2022年1月20日` making up the whole line.
fn chinese_date(line: &str) -> Option<Date> {
    let s = squash(line);
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The value after `key` (`邮编：350003；…` gives `350003`), up to the next separator.
fn after(text: &str, keys: &[&str], stop: &[char]) -> Option<String> {
    keys.iter().find_map(|key| {
        let at = text.find(key)? + key.len();
        let rest = text[at..].trim_start_matches([':', '：', ' ', '为']);
        let value: String = rest.chars().take_while(|c| !stop.contains(c)).collect();
        let value = value.trim().trim_end_matches(['。', '）', ')']).to_owned();
        (!value.is_empty() && value.chars().count() <= 60).then_some(value)
    })
}

fn contact(preamble: &str) -> Option<Contact> {
    let stops = ['；', ';', '，', ',', '。', '\n', '）', ')'];
    let phone = after(preamble, &["电话/传真", "联系电话", "电话"], &stops);
    let fax =
        after(preamble, &["电话/传真"], &stops).or_else(|| after(preamble, &["传真"], &stops));
    let c = Contact {
        address: after(
            preamble,
            &["联系地址", "地址"],
            &['；', ';', '，', ',', '。', '\n', '（', '('],
        ),
        postcode: after(preamble, &["邮编", "邮政编码"], &stops),
        phone,
        fax,
        email: after(preamble, &["电子邮箱", "邮箱"], &stops),
        ..Contact::default()
    };
    let any = [&c.address, &c.postcode, &c.phone, &c.fax, &c.email]
        .iter()
        .any(|v| v.is_some());
    any.then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_and_typos() {
        assert_eq!(
            heading_number("三、收到和处理政府信息公开申请情况"),
            Some(3)
        );
        assert_eq!(
            heading_number("三三、收到和处理政府信息公开申请情况"),
            Some(3)
        );
        assert_eq!(heading_number("一、总体情况"), Some(1));
        assert_eq!(heading_number("2021年，我区以习近平…"), None);
        assert!(subheading("（一）主动公开情况"));
        assert!(!subheading(
            "（一）主动公开方面。按照“公开为常态”的要求，推行……。"
        ));
    }

    #[test]
    fn contact_from_the_preamble() {
        let c = contact("联系地址：平潭综合实验区北厝金井湾片区管委会大楼主楼14层；邮编：350400；电话/传真：0591-23165370。").expect("contact");
        assert_eq!(c.postcode.as_deref(), Some("350400"));
        assert_eq!(c.phone.as_deref(), Some("0591-23165370"));
        assert_eq!(c.fax.as_deref(), Some("0591-23165370"));
        assert_eq!(
            c.address.as_deref(),
            Some("平潭综合实验区北厝金井湾片区管委会大楼主楼14层")
        );
    }
}
