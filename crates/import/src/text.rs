//! Text as printed, made comparable: full-width forms folded, spaces and `&nbsp;` dropped.

/// `s` with full-width ASCII folded to half-width and every kind of space removed, so that
/// `“ 0&nbsp;”`, `０` and `0` compare equal and labels split over lines join up.
pub(crate) fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200b}' | '\u{feff}'))
        .map(fold)
        .collect()
}

/// One character with full-width ASCII folded to half-width.
pub(crate) fn fold(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// `s` with runs of whitespace (including `&nbsp;` and the ideographic space) made one
/// space and the ends trimmed: for prose.
pub(crate) fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{200b}' {
            space = !out.is_empty();
        } else {
            if space {
                // Chinese text takes no spaces between characters; keep one only between
                // two non-Chinese characters (words, figures, addresses).
                let prev = out.chars().last().unwrap_or(' ');
                if !is_cjk(prev) && !is_cjk(c) {
                    out.push(' ');
                }
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Whether `c` is a Chinese character or Chinese punctuation.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{2e80}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{ff00}'..='\u{ffef}' | '“' | '”' | '‘' | '’' | '—' | '…')
}

/// The core of a label: squashed, without its leading enumerators (`三、`, `（一）`, `1.`,
/// also doubled by a typo as in `三三、`) and with brackets and quotes unified.
pub(crate) fn label_core(s: &str) -> String {
    let s: String = squash(s)
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\'' | '《' | '》'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect();
    let mut rest = s.as_str();
    loop {
        let before = rest.len();
        rest = strip_enumerator(rest);
        if rest.len() == before {
            break;
        }
    }
    rest.to_owned()
}

const NUMERALS: &str = "一二三四五六七八九十";

fn strip_enumerator(s: &str) -> &str {
    // (一) or (1)
    if let Some(inner) = s.strip_prefix('(') {
        if let Some(end) = inner.find(')') {
            let n = &inner[..end];
            if !n.is_empty()
                && n.chars()
                    .all(|c| NUMERALS.contains(c) || c.is_ascii_digit())
            {
                return &inner[end + 1..];
            }
        }
    }
    // 三、 / 三三、 / 1. / 1、 / 1．
    let digits: usize = s
        .chars()
        .take_while(|c| NUMERALS.contains(*c) || c.is_ascii_digit())
        .map(char::len_utf8)
        .sum();
    if digits > 0 {
        let rest = &s[digits..];
        for sep in ['、', '.', '．', ',', '，'] {
            if let Some(r) = rest.strip_prefix(sep) {
                return r;
            }
        }
    }
    s
}

/// A figure read from a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Figure {
    /// Nothing printed.
    Blank,
    /// A dash or slash printed where a figure would be: written `~`, with a note.
    Dash(String),
    /// A whole number as printed.
    Number(i64),
    /// Text that is no figure.
    Unreadable(String),
}

/// Reads a count as printed: `0`, `１２`, `1,234`, ` 5 件`; a blank is [`Figure::Blank`].
pub(crate) fn figure(text: &str) -> Figure {
    let s = squash(text);
    if s.is_empty() {
        return Figure::Blank;
    }
    if tidy(&text.chars().map(fold).collect::<String>()).contains(' ') {
        // `7 8`: one figure or two run together? Not a guess to make.
        return Figure::Unreadable(tidy(text));
    }
    if s.chars()
        .all(|c| matches!(c, '-' | '—' | '–' | '/' | '－' | '一' | '―'))
    {
        return Figure::Dash(s);
    }
    let body = s
        .strip_suffix('件')
        .or_else(|| s.strip_suffix('个'))
        .unwrap_or(&s);
    let digits: String = body.chars().filter(|c| *c != ',').collect();
    let unsigned = digits.strip_prefix(['-', '+']).unwrap_or(&digits);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) && unsigned.len() <= 12
    {
        if let Ok(n) = digits.trim_start_matches('+').parse::<i64>() {
            return Figure::Number(n);
        }
    }
    Figure::Unreadable(s)
}

/// Whether the text is an amount such as `75394432.52元` or `0.35万元`.
pub(crate) fn looks_like_money(text: &str) -> bool {
    let s = squash(text);
    let s = s
        .strip_suffix("万元")
        .or_else(|| s.strip_suffix('元'))
        .unwrap_or(&s);
    let s = s.replace(',', "");
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        && s.bytes().any(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_as_printed() {
        assert_eq!(figure(" 0\u{a0}\u{a0}"), Figure::Number(0));
        assert_eq!(figure("１２"), Figure::Number(12));
        assert_eq!(figure("\u{a0}"), Figure::Blank);
        assert_eq!(figure("—"), Figure::Dash("—".into()));
        assert!(matches!(figure("7 8"), Figure::Unreadable(_)));
        assert!(matches!(figure("约5"), Figure::Unreadable(_)));
    }

    #[test]
    fn label_cores_drop_enumerators_and_typos() {
        assert_eq!(label_core("三三、本年度办理结果"), "本年度办理结果");
        assert_eq!(label_core("（ 三 ）不予公开"), "不予公开");
        assert_eq!(label_core("1.属于国家秘密"), "属于国家秘密");
        assert_eq!(label_core("３．危及“三安全一稳定”"), "危及三安全一稳定");
        assert_eq!(label_core("（七）总计"), "总计");
    }
}
