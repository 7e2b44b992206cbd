//! A shortcut for the prose of a report: the top-level literal blocks (`overview: |` and
//! the like) are most of a report's bytes, and the YAML parser reads them a character at a
//! time. When a file is plainly laid out, those blocks are cut out here, the parser reads
//! the rest, and the blocks' text is put back.
//!
//! The shortcut is only taken where its result cannot differ from the parser's: every line
//! outside a block scalar must be a plain key, sequence entry, comment or one-line value (no
//! quote or bracket left open, no anchor, alias, tag or document marker), and each lifted
//! block must hold only characters the parser accepts, with no line that is blank but not
//! empty. Anything else leaves the text to the parser, and when the parser fails on the
//! rest, the caller parses the whole file again, so errors are always the parser's own.

/// The top-level keys whose literal blocks may be lifted.
pub(crate) const PROSE_KEYS: [&str; 4] = ["preamble", "overview", "problems", "other_matters"];

/// A report's text with its top-level prose blocks cut out, and the words of its comment
/// lines.
pub(crate) struct Lifted {
    /// The text with each lifted block replaced by `key: ""` and each comment line by `#`.
    pub(crate) rest: String,
    /// The lifted values, in the order of [`PROSE_KEYS`].
    pub(crate) values: [Option<String>; 4],
}

/// How a block scalar ends: `|` clips to one line break, `|-` strips, `|+` keeps all.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Chomp {
    Clip,
    Strip,
    Keep,
}

/// Cuts the top-level literal prose blocks out of `text`, or `None` when the text is not
/// laid out plainly enough to be sure of the result (or has no such block).
pub(crate) fn lift(text: &str) -> Option<Lifted> {
    if !plain_chars(text) {
        return None;
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut rest = String::with_capacity(text.len() / 2);
    let mut values: [Option<String>; 4] = Default::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some((slot, chomp)) = prose_header(line) {
            let end = block_end(&lines, i + 1, 0);
            if let Some(value) = literal(&lines[i + 1..end], chomp) {
                if values[slot].is_some() {
                    return None; // written twice: the parser says so
                }
                values[slot] = Some(value);
                rest.push_str(PROSE_KEYS[slot]);
                rest.push_str(": \"\"\n");
                i = end;
                continue;
            }
        }
        match plain_line(line)? {
            Line::Simple => {
                let content = line.trim_start_matches(' ');
                if content.starts_with('#') {
                    // A comment line: the parser skips it, but reads every character of it
                    // first (the table comments are a third of what is left). Its `#` is
                    // kept where it stands, so that it still ends a plain scalar above it.
                    rest.push_str(&line[..line.len() - content.len()]);
                    rest.push_str("#\n");
                } else {
                    rest.push_str(line);
                }
                i += 1;
            }
            Line::BlockHeader => {
                // Some other block scalar: its lines go to the parser unread here.
                let end = block_end(&lines, i + 1, indentation(line));
                for l in &lines[i..end] {
                    rest.push_str(l);
                }
                i = end;
            }
        }
    }
    values
        .iter()
        .any(Option::is_some)
        .then_some(Lifted { rest, values })
}

/// Whether every character of `text` is one the YAML reader accepts and keeps as it is,
/// with `\n` the only line break: no control character but tab and line feed, no C1 control
/// (NEL among them), no LS or PS (the parser starts a line at each), no byte-order mark,
/// U+FFFE or U+FFFF. Runs over every byte of a report, so it is written for speed: one
/// pass the compiler vectorizes.
pub(crate) fn plain_chars(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Each byte with the two after it (zeros past the end, where no character starts that
    // needs them: the text is UTF-8), tested without branches, so that the whole loop is
    // vectorized: one pass instead of one per character looked for.
    let bad = |b0: u8, b1: u8, b2: u8| {
        let control = ((b0 < 0x20) & (b0 != b'\t') & (b0 != b'\n')) | (b0 == 0x7F);
        // U+0080–U+009F are encoded as C2 80–C2 9F.
        let c1 = (b0 == 0xC2) & (b1 < 0xA0);
        // U+2028, U+2029: E2 80 A8, E2 80 A9.
        let separator = (b0 == 0xE2) & (b1 == 0x80) & ((b2 | 1) == 0xA9);
        // U+FEFF: EF BB BF; U+FFFE, U+FFFF: EF BF BE, EF BF BF.
        let special =
            (b0 == 0xEF) & (((b1 == 0xBB) & (b2 == 0xBF)) | ((b1 == 0xBF) & ((b2 | 1) == 0xBF)));
        control | c1 | separator | special
    };
    let n = bytes.len();
    let body = n.saturating_sub(2);
    let found = bytes[..body]
        .iter()
        .zip(&bytes[1.min(n)..])
        .zip(&bytes[2.min(n)..])
        .fold(false, |acc, ((&b0, &b1), &b2)| acc | bad(b0, b1, b2));
    let tail = (body..n).any(|i| {
        let at = |j: usize| bytes.get(j).copied().unwrap_or(0);
        bad(at(i), at(i + 1), at(i + 2))
    });
    !(found || tail)
}

/// The slot and chomping of a line such as `overview: |`, at the start of a line.
fn prose_header(line: &str) -> Option<(usize, Chomp)> {
    let (key, after) = line.split_once(':')?;
    let slot = PROSE_KEYS.iter().position(|k| *k == key)?;
    let after = after.strip_suffix('\n')?;
    let header = after.strip_prefix(' ')?.trim_matches(' ');
    let chomp = match header {
        "|" => Chomp::Clip,
        "|-" => Chomp::Strip,
        "|+" => Chomp::Keep,
        _ => return None,
    };
    Some((slot, chomp))
}

/// Whether a line holds nothing but spaces (or nothing).
pub(crate) fn blank(line: &str) -> bool {
    line.trim_end_matches('\n')
        .trim_start_matches(' ')
        .is_empty()
}

/// How many spaces a line starts with.
pub(crate) fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Where the block scalar whose lines start at `start`, under a key indented `key_indent`
/// spaces, ends: its indentation is that of its first line that is not blank, and it ends
/// before the first line that is not blank and is indented less.
pub(crate) fn block_end(lines: &[&str], start: usize, key_indent: usize) -> usize {
    let Some(first) = (start..lines.len()).find(|&j| !blank(lines[j])) else {
        return lines.len();
    };
    let indent = indentation(lines[first]);
    if indent <= key_indent {
        return first;
    }
    (first..lines.len())
        .find(|&j| !blank(lines[j]) && indentation(lines[j]) < indent)
        .unwrap_or(lines.len())
}

/// The value of a literal block whose lines are `body`, if it is plain enough to be sure:
/// every line ends in a line break, none is blank without being empty, and none starts
/// with a tab. (Its characters were checked with the whole text, in `plain_chars`.)
pub(crate) fn literal(body: &[&str], chomp: Chomp) -> Option<String> {
    let first = body.iter().find(|l| !blank(l))?;
    let indent = indentation(first);
    let mut value = String::with_capacity(body.iter().map(|l| l.len()).sum());
    // Empty lines not yet written: they count only if a content line follows, or `|+`.
    let mut pending = 0usize;
    for line in body {
        let content = line.strip_suffix('\n')?;
        if content.is_empty() {
            pending += 1;
            continue;
        }
        let text = content.get(indent..)?;
        if indentation(content) < indent
            || text.trim_start_matches(' ').is_empty()
            || text.starts_with('\t')
        {
            return None;
        }
        for _ in 0..pending {
            value.push('\n');
        }
        pending = 0;
        value.push_str(text);
        value.push('\n');
    }
    match chomp {
        Chomp::Clip => {}
        Chomp::Strip => {
            value.pop();
        }
        Chomp::Keep => {
            for _ in 0..pending {
                value.push('\n');
            }
        }
    }
    Some(value)
}

/// What a line outside the lifted blocks is.
enum Line {
    /// A comment, a key, a sequence entry or a one-line value.
    Simple,
    /// A key or entry whose value is a block scalar (`|` or `>`) on the following lines.
    BlockHeader,
}

/// Classifies a line, or `None` when it may not be plain: an open quote or bracket, an
/// anchor, alias, tag, directive, document marker, tab, or anything unexpected.
fn plain_line(line: &str) -> Option<Line> {
    let content = line.strip_suffix('\n').unwrap_or(line);
    if content.contains(['\t', '\r']) || content.starts_with("---") || content.starts_with("...") {
        return None;
    }
    let mut rest = content.trim_start_matches(' ');
    loop {
        if rest.is_empty() || rest.starts_with('#') {
            return Some(Line::Simple);
        }
        if rest == "-" {
            return Some(Line::Simple);
        }
        if let Some(after) = rest.strip_prefix("- ") {
            rest = after.trim_start_matches(' ');
            continue;
        }
        let key_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        if key_len > 0 {
            if let Some(after) = rest[key_len..].strip_prefix(':') {
                if after.is_empty() {
                    return Some(Line::Simple);
                }
                if let Some(after) = after.strip_prefix(' ') {
                    rest = after.trim_start_matches(' ');
                    if rest.is_empty() || rest.starts_with('#') {
                        return Some(Line::Simple);
                    }
                    break;
                }
            }
        }
        break;
    }
    value_line(rest)
}

/// Checks a value that starts a line's remainder: it must end on this line.
fn value_line(value: &str) -> Option<Line> {
    let first = value.chars().next()?;
    let after = match first {
        '|' | '>' => {
            // An explicit indentation (`|2`) is left to the parser.
            let header = value
                .split(" #")
                .next()
                .unwrap_or(value)
                .trim_end_matches(' ');
            return matches!(&header[1..], "" | "-" | "+").then_some(Line::BlockHeader);
        }
        '"' => closing_double(value)?,
        '\'' => closing_single(value)?,
        '[' | '{' => closing_bracket(value)?,
        '&' | '*' | '!' | '%' | '@' | '`' | '?' | ',' | ']' | '}' => return None,
        // A plain scalar: it cannot run on to a line less indented than its key, and its
        // continuation lines are checked as lines of their own.
        _ => return (!value.contains(": \"") && !value.contains(": '")).then_some(Line::Simple),
    };
    let after = after.trim_start_matches(' ');
    (after.is_empty() || after.starts_with('#')).then_some(Line::Simple)
}

/// The text after the closing quote of a double-quoted scalar that opens `value`.
fn closing_double(value: &str) -> Option<&str> {
    let mut escaped = false;
    for (i, c) in value.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some(&value[i + 1..]),
            _ => {}
        }
    }
    None
}

/// The text after the closing quote of a single-quoted scalar that opens `value`.
fn closing_single(value: &str) -> Option<&str> {
    let bytes = value.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(&value[i + 1..]);
        }
        i += 1;
    }
    None
}

/// The text after the bracket that closes the flow collection opening `value`, if it
/// closes on this line with only plain items and quoted scalars inside.
fn closing_bracket(value: &str) -> Option<&str> {
    let mut depth = 0usize;
    let mut i = 0;
    while i < value.len() {
        let rest = &value[i..];
        let c = rest.chars().next()?;
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(&value[i + 1..]);
                }
            }
            '"' => {
                let after = closing_double(rest)?;
                i = value.len() - after.len();
                continue;
            }
            '\'' => {
                let after = closing_single(rest)?;
                i = value.len() - after.len();
                continue;
            }
            '#' | '&' | '*' | '!' | '|' | '>' | '?' => return None,
            _ => {}
        }
        i += c.len_utf8();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    struct Prose {
        #[serde(default)]
        preamble: String,
        #[serde(default)]
        overview: String,
        #[serde(default)]
        problems: String,
        #[serde(default)]
        other_matters: String,
        #[serde(default)]
        title: Option<String>,
        #[serde(default)]
        rows: Option<serde_yaml::Value>,
        #[serde(default)]
        extra: Option<serde_yaml::Value>,
    }

    /// The lifted parse gives what the full parse gives, or the shortcut is not taken.
    fn same(text: &str) -> bool {
        let full: Result<Prose, _> = serde_yaml::from_str(text);
        let Some(lifted) = lift(text) else {
            return false;
        };
        let mut quick: Prose = match serde_yaml::from_str(&lifted.rest) {
            Ok(p) => p,
            Err(_) => {
                assert!(
                    full.is_err(),
                    "the shortcut failed where the parser did not: {text:?}"
                );
                return true;
            }
        };
        for (slot, value) in lifted.values.into_iter().enumerate() {
            if let Some(v) = value {
                let field = match slot {
                    0 => &mut quick.preamble,
                    1 => &mut quick.overview,
                    2 => &mut quick.problems,
                    _ => &mut quick.other_matters,
                };
                *field = v;
            }
        }
        assert_eq!(full.ok(), Some(quick), "{text:?}");
        true
    }

    #[test]
    fn plain_blocks_are_lifted_exactly() {
        for text in [
            "overview: |\n  一是。\n\n  **二是。**\n",
            "overview: |\n  a\n\n\n# 五\nproblems: |-\n  b\n  c\n\nother_matters: |+\n  d\n\n\n",
            "preamble: |\n\n  leading empty line\n    more indented\n  back\ntitle: x\n",
            "title: \"a: b\"  # c\noverview: |\n  x\nrows: [1, 2, \"3]\"]\nextra:\n  - a: 1\n    b: {c: 'd''e'}\n",
            "extra:\n  body: >\n    folded \"quote\n    here\noverview: |\n  kept\n",
            "overview: |\n  trailing spaces   \n  # not a comment\n  key: not a key\n",
            "overview: |\n  a\tb\n",
            "overview: |\n  x\n\n# comment at column 0\n\nproblems: |\n  y\n",
            "overview: |\n  --- not a marker\n  ... nor this\n",
            "title: word\n  # a comment ends the plain scalar\n  more\noverview: |\n  x\n",
            "title: word\n# 注释\nrows:\n  # 注释 [1, 2]\n  - 1\noverview: |\n  x\n",
            "rows:\n  - a\n    # c\n    b\noverview: |\n  x\n",
        ] {
            assert!(same(text), "not lifted: {text:?}");
        }
    }

    #[test]
    fn anything_unusual_is_left_to_the_parser() {
        for text in [
            "title: \"open\noverview: |\n  x\"\n",
            "extra: {a: 1,\noverview: |\n  x}\n",
            "overview: |2\n   x\n",
            "overview: >\n  folded\n",
            "overview: &a |\n  x\n",
            "overview: |\n  x\n   \n  y\n",
            "overview: |\n  x\u{85}y\n",
            "overview: |\n  bell\u{7}\n",
            "overview: |\n\tx\n",
            "overview: |\n  x\n  \ty\n",
            "overview: |\n  x",
            "---\noverview: |\n  x\n",
            "title: *alias\noverview: |\n  x\n",
            "overview: |\n  x\noverview: |\n  y\n",
            "title: x\n",
        ] {
            assert!(!same(text), "lifted: {text:?}");
        }
    }

    #[test]
    fn the_byte_check_agrees_with_the_reader_on_every_character() {
        // What the reader accepts (\r and NEL too, but they are line breaks), less LS, PS
        // and the byte-order mark.
        let reader = |c: char| {
            matches!(c, '\t' | ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
                && !matches!(c, '\u{FEFF}' | '\u{2028}' | '\u{2029}')
        };
        for c in (0..0x11_0000)
            .filter_map(char::from_u32)
            .filter(|c| *c != '\n')
        {
            let text = format!("a{c}b");
            assert_eq!(plain_chars(&text), reader(c), "U+{:04X}", u32::from(c));
        }
    }

    /// Random documents of report-like lines: wherever the shortcut is taken, it agrees.
    #[test]
    fn random_documents_agree_with_the_parser() {
        const PIECES: [&str; 27] = [
            " ", "  ", "\t", "#", ":", ": ", "- ", "\"", "'", "[", "]", "{", "}", "|", ">", "&a",
            "*a", "!", "x", "街道", "---", "\u{85}", "\u{2028}", "%", "\\", "''", " #",
        ];
        const KEYS: [&str; 13] = [
            "overview: |",
            "problems: |-",
            "other_matters: |+",
            "preamble: |",
            "title:",
            "rows:",
            "extra:",
            "title: \"a",
            "rows: [1,",
            "extra:\n  - body: |",
            "extra:\n  body: >-",
            "title: 'a",
            "overview: |\n  a\n  b",
        ];
        let mut state = 0x2545_f491_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut taken = 0;
        for _ in 0..4000 {
            let mut text = String::new();
            for _ in 0..1 + next(4) {
                text.push_str(KEYS[next(KEYS.len())]);
                text.push('\n');
                for _ in 0..next(4) {
                    let indent = [0, 1, 2, 2, 2, 4][next(6)];
                    text.push_str(&" ".repeat(indent));
                    for _ in 0..next(4) {
                        text.push_str(if next(3) == 0 {
                            PIECES[next(PIECES.len())]
                        } else {
                            "文字"
                        });
                    }
                    text.push('\n');
                }
            }
            taken += usize::from(same(&text));
        }
        assert!(taken > 100, "the shortcut was taken only {taken} times");
    }

    #[test]
    fn a_block_that_ends_badly_still_parses_as_the_parser_says() {
        // A line less indented than the block but not at column 0: the parser decides.
        let text = "overview: |\n    x\n  y\n";
        assert!(lift(text).is_none() || same(text));
    }
}
