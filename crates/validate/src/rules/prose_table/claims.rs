//! Finding the claims: numbers with their unit (件, 起) whose subject, in the same clause,
//! is the report's own requests or their outcomes.

use ogi_model::Report;

use super::numbers::{digit, number};
use super::subjects::{APPLICANTS, JOINERS, NOT_REQUESTS, RECEIVED, REQUEST, Target, subjects};

/// Characters that, just before a number, make it something other than an exact count:
/// 每逐数几近约第上.
fn not_a_count(c: char) -> bool {
    matches!(c, '每' | '逐' | '数' | '几' | '近' | '约' | '第' | '上')
}

/// Characters that end a clause: a number is never tied to a subject across them.
fn is_break(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '；'
            | ';'
            | '！'
            | '？'
            | ','
            | '.'
            | ':'
            | '：'
            | '（'
            | '('
            | '）'
            | ')'
            | '\n'
    )
}

/// The most characters between a subject and its number.
const MAX_GAP: usize = 10;

/// The most characters of a clause looked at before a number.
const WINDOW: usize = 32;

/// A figure the prose states, with the matching figure of table 3 or 4.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// The prose field (`overview`, `problems`, …).
    pub field: &'static str,
    /// Byte range of the phrase in that field.
    pub range: std::ops::Range<usize>,
    /// The phrase as written, such as `受理依申请公开4件`.
    pub phrase: String,
    /// The number the prose states.
    pub stated: i64,
    /// The table's figure (the sum of `paths`), `None` if a cell is blank.
    pub table: Option<i64>,
    /// The cell compared with, in the template's words: `表三 （一）予以公开 · 总计`,
    /// `表三 （一）予以公开 + （二）部分公开 · 总计`.
    pub cell: String,
    /// The YAML paths of the cells whose sum `table` is, each with its figure.
    pub parts: Vec<(String, Option<i64>)>,
}

/// The text of a field without whitespace (a blank line becomes a `\n`, a clause break),
/// each character with its byte offset.
fn squeeze(text: &str) -> Vec<(usize, char)> {
    let mut out = Vec::with_capacity(text.len() / 3);
    let mut newlines = 0;
    for (at, c) in text.char_indices() {
        if c == '\n' {
            newlines += 1;
        } else if c.is_whitespace() || c == '*' {
            continue;
        } else {
            if newlines >= 2 {
                out.push((at, '\n'));
            }
            newlines = 0;
            out.push((at, c));
        }
    }
    out
}

/// Where `word` starts if `chars[from..end]` ends with it: compared from its last
/// character back, so that most places are passed over at the first comparison.
fn word_before(chars: &[(usize, char)], from: usize, end: usize, word: &str) -> Option<usize> {
    let mut i = end;
    for w in word.chars().rev() {
        if i <= from || chars[i - 1].1 != w {
            return None;
        }
        i -= 1;
    }
    Some(i)
}

/// Whether `chars[from..to]` contains `word`.
fn contains(chars: &[(usize, char)], from: usize, to: usize, word: &str) -> bool {
    (from..=to).any(|end| word_before(chars, from, end, word).is_some())
}

/// The subject nearest before `end` within `[from, end)`: its start, end and entry.
fn nearest_subject(
    chars: &[(usize, char)],
    from: usize,
    end: usize,
) -> Option<(usize, usize, Target, bool)> {
    for stop in (from..=end).rev() {
        let mut best: Option<(usize, usize, Target, bool)> = None;
        for (word, target, joinable) in subjects() {
            if let Some(start) = word_before(chars, from, stop, word) {
                best = Some((start, stop, target, joinable));
            }
        }
        if word_before(chars, from, stop, REQUEST).is_some() {
            // 依申请公开, 政府信息公开申请: a request, whatever follows.
            return best.or(Some((stop - 2, stop, Target::Row("new_requests"), false)));
        }
        if best.is_some() {
            return best;
        }
    }
    None
}

/// Outcome subjects joined to the one starting at `start`, going back: the start of the
/// first and the targets, in order.
fn joined(
    chars: &[(usize, char)],
    from: usize,
    start: usize,
    target: Target,
) -> (usize, Vec<Target>) {
    let mut targets = vec![target];
    let mut start = start;
    'outer: loop {
        for joiner in JOINERS {
            let Some(before) = word_before(chars, 0, start, joiner) else {
                continue;
            };
            for (word, t, joinable) in subjects() {
                if !joinable {
                    continue;
                }
                if let Some(first) = word_before(chars, from, before, word) {
                    targets.insert(0, t);
                    start = first;
                    continue 'outer;
                }
            }
        }
        return (start, targets);
    }
}

/// Whether `c` is part of a number as the prose writes it.
fn is_number(c: char) -> bool {
    c.is_ascii_digit() || digit(c).is_some() || c == '十' || c == '百'
}

/// Which claims to make.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wanted {
    /// Every claim.
    All,
    /// Only the claims whose table figure is known and differs from the prose's: the
    /// others are passed over before their cell's names are put into words.
    Mismatched,
}

/// The claim whose number ends at `chars[unit]` (a 件 or 起), if it is one (and `wanted`).
fn claim_at(
    report: &Report,
    field: &'static str,
    text: &str,
    chars: &[(usize, char)],
    unit: usize,
    wanted: Wanted,
) -> Option<Claim> {
    let mut start = unit;
    while start > 0 && is_number(chars[start - 1].1) {
        start -= 1;
    }
    // 每一件, 数十件, 近百件, 约120件, 第3件: not a count the table restates.
    if start > 0 && not_a_count(chars[start - 1].1) {
        return None;
    }
    let figure: Vec<char> = chars[start..unit].iter().map(|(_, c)| *c).collect();
    let stated = number(&figure)?;
    // The clause before the number.
    let mut from = start;
    while from > 0 && start - from < WINDOW && !is_break(chars[from - 1].1) {
        from -= 1;
    }
    let after: String = chars[unit + 1..]
        .iter()
        .take(12)
        .map(|(_, c)| *c)
        .take_while(|c| !is_break(*c))
        .collect();
    let (phrase_start, targets) = match nearest_subject(chars, from, start) {
        Some((s, e, target, joinable)) => {
            if start - e > MAX_GAP || NOT_REQUESTS.iter().any(|w| contains(chars, e, start, w)) {
                return None;
            }
            if target == Target::Row("new_requests") {
                // 申请: which requests the clause counts.
                let carried = subjects()
                    .filter(|(_, t, _)| {
                        matches!(t, Target::Row("carried_over" | "carried_forward"))
                    })
                    .find(|(w, ..)| contains(chars, from, start, w));
                let applicants = APPLICANTS.iter().find(|(w, _)| contains(chars, from, s, w));
                if let Some((word, t, _)) = carried {
                    (from_word(chars, from, start, word), vec![t])
                } else if let Some(&(word, t)) = applicants {
                    (from_word(chars, from, s, word), vec![t])
                } else if let Some(verb) = RECEIVED.iter().find(|w| contains(chars, from, s, w)) {
                    (from_word(chars, from, s, verb), vec![target])
                } else {
                    return None;
                }
            } else if joinable {
                joined(chars, from, s, target)
            } else {
                (s, vec![target])
            }
        }
        // 收到70件申请, 1件结转下年度继续办理: the subject after the unit.
        None if after.starts_with(REQUEST) || after.starts_with("政府信息公开申请") => {
            let verb = RECEIVED.iter().find(|w| contains(chars, from, start, w))?;
            (
                from_word(chars, from, start, verb),
                vec![Target::Row("new_requests")],
            )
        }
        None if after.starts_with("结转下年") => (start, vec![Target::Row("carried_forward")]),
        None => return None,
    };
    if NOT_REQUESTS.iter().any(|w| after.starts_with(w)) {
        return None;
    }
    if wanted == Wanted::Mismatched {
        let table: Option<i64> = targets.iter().map(|t| t.figure(report)).sum();
        if table.is_none_or(|t| t == stated) {
            return None;
        }
    }
    let mut parts = Vec::new();
    let mut names = Vec::new();
    let mut column = "总计";
    for target in &targets {
        let (cells, name, col) = target.cells(report);
        parts.extend(cells.into_iter().map(|(p, v)| (p, v.map(|v| v.get()))));
        names.push(name);
        column = col;
    }
    let table_no = targets[0].table();
    let cell = format!(
        "表{} {} · {column}",
        if table_no == 4 { "四" } else { "三" },
        names.join(" + ")
    );
    let table: Option<i64> = parts.iter().map(|(_, v)| *v).sum();
    let range = chars[phrase_start].0..chars[unit].0 + chars[unit].1.len_utf8();
    Some(Claim {
        field,
        phrase: text[range.clone()].to_owned(),
        range,
        stated,
        table,
        cell,
        parts,
    })
}

/// Where `word` starts in `chars[from..to]` (its first occurrence), or `from`.
fn from_word(chars: &[(usize, char)], from: usize, to: usize, word: &str) -> usize {
    (from..=to)
        .find_map(|end| word_before(chars, from, end, word))
        .unwrap_or(from)
}

/// How many characters of the squeezed text [`claim_at`] reads before its number at most:
/// the clause ([`WINDOW`]), the character before it, and a joiner (及, 以及…) before that.
const BEFORE_NUMBER: usize = WINDOW + 1 + 2 + 4;

/// How many characters of the squeezed text before a unit [`window`] takes: enough for a
/// number of up to 8 characters (a longer one is read in the whole field).
const WINDOW_BEFORE: usize = BEFORE_NUMBER + 8;

/// What [`squeeze`] gives around the unit (件, 起) at byte `at` of `text`, into `out`: at
/// most [`WINDOW_BEFORE`] characters before it (more only to end at a character), the
/// unit, and the 12 characters after it that [`claim_at`] reads. Returns the unit's index
/// in `out`, and whether `out` starts where the squeezed field starts.
///
/// The squeezed text is made from the unit backwards here, not from the field's start: a
/// blank line (two line breaks or more between two characters kept) becomes a `\n` before
/// the second of them, as [`squeeze`] makes it.
fn window(text: &str, at: usize, out: &mut Vec<(usize, char)>) -> (usize, bool) {
    out.clear();
    let mut newlines = 0;
    // The character kept after the one being read (the unit, at first).
    let mut right = at;
    let mut whole = true;
    for (i, c) in text[..at].char_indices().rev() {
        if c == '\n' {
            newlines += 1;
            continue;
        }
        if c.is_whitespace() || c == '*' {
            continue;
        }
        if newlines >= 2 {
            out.push((right, '\n'));
        }
        newlines = 0;
        if out.len() >= WINDOW_BEFORE {
            whole = false;
            break;
        }
        out.push((i, c));
        right = i;
    }
    if whole && newlines >= 2 {
        out.push((right, '\n'));
    }
    out.reverse();
    let unit = out.len();
    let Some(c) = text[at..].chars().next() else {
        return (unit, whole);
    };
    out.push((at, c));
    let mut newlines = 0;
    let mut after = 0;
    let from = at + c.len_utf8();
    for (i, c) in text[from..].char_indices() {
        if c == '\n' {
            newlines += 1;
        } else if !(c.is_whitespace() || c == '*') {
            if newlines >= 2 {
                out.push((from + i, '\n'));
                after += 1;
            }
            newlines = 0;
            if after >= 12 {
                break;
            }
            out.push((from + i, c));
            after += 1;
            if after >= 12 {
                break;
            }
        }
    }
    (unit, whole)
}

/// The byte offsets of the units (件, 起) in `text`, into `out`, in order. Runs over all
/// the prose of every report, so it is written for speed: each unit is looked for with a
/// vectorized substring search (units are rare), and the two lists are merged.
fn units(text: &str, out: &mut Vec<usize>) {
    static FINDERS: std::sync::OnceLock<[memchr::memmem::Finder<'static>; 2]> =
        std::sync::OnceLock::new();
    let [jian, qi] = FINDERS.get_or_init(|| {
        [
            memchr::memmem::Finder::new("件"),
            memchr::memmem::Finder::new("起"),
        ]
    });
    out.clear();
    let bytes = text.as_bytes();
    out.extend(jian.find_iter(bytes));
    let first = out.len();
    out.extend(qi.find_iter(bytes));
    if first > 0 && first < out.len() {
        out.sort_unstable();
    }
}

/// Every count the prose restates, with the table's figure for it.
///
/// Each unit (件, 起) is read in a [`window`] of the squeezed text around it rather than in
/// the whole field squeezed: a report's prose is long and its units few. Only a number so
/// long that [`claim_at`] could read past the window's start is read in the whole field.
pub fn prose_claims(report: &Report) -> Vec<Claim> {
    claims(report, Wanted::All)
}

/// The claims of [`prose_claims`] whose table figure is known and differs from the
/// prose's, in the same order: what the rule reports.
pub(super) fn mismatched_claims(report: &Report) -> Vec<Claim> {
    claims(report, Wanted::Mismatched)
}

/// The claims of `report` that are `wanted`, by field and position.
fn claims(report: &Report, wanted: Wanted) -> Vec<Claim> {
    let mut claims = Vec::new();
    let mut local = Vec::new();
    let mut found = Vec::new();
    for (field, text) in report.text.fields() {
        let mut whole: Option<Vec<(usize, char)>> = None;
        units(text, &mut found);
        for &at in &found {
            let (unit, complete) = window(text, at, &mut local);
            let digits = local[..unit]
                .iter()
                .rev()
                .take_while(|(_, c)| is_number(*c))
                .count();
            if complete || unit - digits >= BEFORE_NUMBER {
                claims.extend(claim_at(report, field, text, &local, unit, wanted));
                continue;
            }
            let chars = whole.get_or_insert_with(|| squeeze(text));
            if let Ok(unit) = chars.binary_search_by_key(&at, |&(i, _)| i) {
                // A blank line's `\n` shares the offset of the character after it.
                let unit = if chars[unit].1 == '\n' {
                    unit + 1
                } else {
                    unit
                };
                claims.extend(claim_at(report, field, text, chars, unit, wanted));
            }
        }
    }
    claims.sort_by_key(|c| (c.field, c.range.start));
    claims
}

/// [`prose_claims`] as it reads each field whole: what the windows must agree with.
#[cfg(test)]
pub(super) fn prose_claims_whole(report: &Report) -> Vec<Claim> {
    let mut claims = Vec::new();
    for (field, text) in report.text.fields() {
        let chars = squeeze(text);
        for (i, &(_, c)) in chars.iter().enumerate() {
            if c == '件' || c == '起' {
                claims.extend(claim_at(report, field, text, &chars, i, Wanted::All));
            }
        }
    }
    claims.sort_by_key(|c| (c.field, c.range.start));
    claims
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_found_wherever_they_stand() {
        for len in 0..200 {
            for at in [0, 1, 2, 61, 62, 63, 64, 65, 127, 128] {
                let mut text: String = "文a".repeat(len);
                let cut = text.char_indices().nth(at).map_or(text.len(), |(i, _)| i);
                text.insert_str(cut, "件x起");
                let mut found = Vec::new();
                units(&text, &mut found);
                let expected: Vec<usize> =
                    text.match_indices(['件', '起']).map(|(i, _)| i).collect();
                assert_eq!(found, expected, "{len} {at}");
            }
        }
    }
}
