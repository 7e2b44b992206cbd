//! Numbers as the prose writes them: Arabic digits, or Chinese numerals up to 九百九十九.

/// The value of one digit, Arabic or Chinese.
pub(super) fn digit(c: char) -> Option<i64> {
    match c {
        '0'..='9' => Some(c as i64 - '0' as i64),
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// Reads a number (Arabic, or Chinese up to 九百九十九) that is the whole of `s`.
pub(super) fn number(s: &[char]) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    if s.iter().all(char::is_ascii_digit) {
        return s.iter().collect::<String>().parse().ok();
    }
    let mut value = 0i64;
    let mut pending: Option<i64> = None;
    for &c in s {
        let unit = match c {
            '百' => 100,
            '十' => 10,
            _ => {
                let d = digit(c)?;
                if pending.is_some() || c.is_ascii_digit() {
                    return None;
                }
                pending = Some(d);
                continue;
            }
        };
        value += pending.take().unwrap_or(1) * unit;
    }
    Some(value + pending.unwrap_or(0))
}
