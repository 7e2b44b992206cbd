//! The nesting budget: how deep a YAML file may nest before any parser that slows down
//! with depth reads it.
//!
//! Both YAML parsers ogi uses (libyaml under serde_yaml, and saphyr for the source map)
//! keep one entry per open flow collection and walk all of them at every token, so a file
//! of n `[` takes time proportional to n²: a 4 MiB file of brackets would take hours. A
//! report nests five levels at most; files nesting deeper than [`MAX_DEPTH`] are refused
//! here, after one pass that stops at the first collection past the budget, so that every
//! file is read in time linear in its size.

/// How many collections (mappings and sequences, block or flow) may nest in a YAML file.
pub const MAX_DEPTH: usize = 64;

/// What a file nesting too deep is told, in both languages.
pub(crate) fn too_deep_message() -> crate::Message {
    crate::Message::new(
        format!("the YAML nests more than {MAX_DEPTH} levels deep here"),
        format!("YAML 的嵌套在这里超过了 {MAX_DEPTH} 层"),
    )
}

/// Where a file first nests deeper than [`MAX_DEPTH`]: 1-based line and column, and the
/// offset in characters from the start of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TooDeep {
    /// Line of the collection that opened one level too many, counting from 1.
    pub(crate) line: usize,
    /// Its column in characters, counting from 1.
    pub(crate) column: usize,
}

/// Nearly every file: fewer brackets than the limit, whatever they mean, and no line
/// indented or led by `- `/`? ` indicators so far that its column could reach the limit.
///
/// Runs over every byte of every report, so it is written for speed: a count the compiler
/// vectorizes, then lines found with `memchr` (a `str` split on a `char`), not byte by byte.
fn surely_shallow(text: &str) -> bool {
    // Counted in bytes per chunk of 255 (no chunk overflows one), so that the compiler
    // uses all the lanes of a vector; a count past the limit stops at the chunk.
    let mut brackets = 0usize;
    for chunk in text.as_bytes().chunks(255) {
        let n = chunk
            .iter()
            .fold(0u8, |n, &b| n + u8::from((b == b'[') | (b == b'{')));
        brackets += usize::from(n);
        if brackets > MAX_DEPTH {
            return false;
        }
    }
    text.split('\n').all(|line| {
        let line = line.as_bytes();
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        indent < MAX_DEPTH / 2 && compact_indicators(&line[indent..]).0 < MAX_DEPTH / 2
    })
}

/// How many `- ` and `? ` indicators lead `line` (each opens a block collection on the
/// same line), and where the node after them starts.
fn compact_indicators(line: &[u8]) -> (usize, usize) {
    let (mut count, mut i) = (0, 0);
    while i < line.len()
        && matches!(line[i], b'-' | b'?')
        && matches!(line.get(i + 1), None | Some(b' ' | b'\t' | b'\r'))
    {
        count += 1;
        i += 1;
        while i < line.len() && matches!(line[i], b' ' | b'\t') {
            i += 1;
        }
    }
    (count, i)
}

/// Checks that `text` nests at most [`MAX_DEPTH`] collections deep, in one pass over its
/// bytes, before any YAML parser reads it: block collections by their indentation and
/// their `- `/`? ` indicators, flow collections (`[…]`, `{…}`) by their brackets.
///
/// The scan reads YAML the way the parsers do where it matters for brackets: quoted
/// scalars, comments and block scalars (`|`, `>`) are skipped, a `[` inside a plain scalar
/// in block context is text, anchors and tags before a collection are passed over. Where
/// it is unsure it counts a bracket, so a file it passes is never deeper than the limit
/// (at worst, a file of deliberately odd layout is refused with a clear message).
pub(crate) fn check_depth(text: &str) -> Result<(), TooDeep> {
    if surely_shallow(text) {
        return Ok(());
    }
    let bytes = text.as_bytes();
    let mut flow = 0usize;
    let mut quote: Option<u8> = None;
    // Lines more indented than this are the content of a block scalar.
    let mut block_scalar: Option<usize> = None;
    // Whether a node may start here (after an indicator), rather than inside a plain scalar.
    let mut node_start = true;
    // The indentation of each open block collection.
    let mut indents: Vec<usize> = Vec::new();
    for (number, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let blank = line[indent..]
            .iter()
            .all(|&b| matches!(b, b' ' | b'\t' | b'\r'));
        if let Some(parent) = block_scalar {
            if blank || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        let column = |i: usize| {
            // Characters, not bytes: count the bytes that start one.
            line[..i].iter().filter(|&&b| (b & 0xC0) != 0x80).count() + 1
        };
        let mut i = indent;
        if flow == 0 && quote.is_none() {
            node_start = true;
            // Document markers stand where a node may follow on the same line.
            if indent == 0 && (line.starts_with(b"---") || line.starts_with(b"...")) {
                i = 3;
            } else if !blank && line[indent] != b'#' {
                while indents.last().is_some_and(|&top| top > indent) {
                    indents.pop();
                }
                if indents.last() != Some(&indent) {
                    indents.push(indent);
                }
                let (compact, after) = compact_indicators(&line[indent..]);
                if indents.len() + compact > MAX_DEPTH {
                    return Err(TooDeep {
                        line: number + 1,
                        column: column(indent + after),
                    });
                }
            }
        }
        while i < line.len() {
            let c = line[i];
            let next = line.get(i + 1).copied();
            let space_after = matches!(next, None | Some(b' ' | b'\t' | b'\r'));
            if let Some(q) = quote {
                if q == b'"' && c == b'\\' {
                    i += 2;
                    continue;
                }
                if c == q {
                    if q == b'\'' && next == Some(b'\'') {
                        i += 2;
                        continue;
                    }
                    quote = None;
                    node_start = false;
                }
                i += 1;
                continue;
            }
            let after_space = i == 0 || matches!(line[i - 1], b' ' | b'\t');
            match c {
                b' ' | b'\t' | b'\r' => {}
                b'#' if after_space => break,
                b'[' | b'{' if flow > 0 || node_start => {
                    flow += 1;
                    if flow > MAX_DEPTH {
                        return Err(TooDeep {
                            line: number + 1,
                            column: column(i),
                        });
                    }
                    node_start = true;
                }
                b']' | b'}' if flow > 0 => {
                    flow -= 1;
                    node_start = false;
                }
                b',' if flow > 0 => node_start = true,
                b'"' | b'\'' if node_start => quote = Some(c),
                b':' if space_after || flow > 0 => node_start = true,
                b'-' | b'?' if node_start && space_after => {}
                b'&' | b'!' if node_start => {
                    // An anchor or a tag: the node follows it.
                    while i < line.len() && !matches!(line[i], b' ' | b'\t') {
                        i += 1;
                    }
                    continue;
                }
                b'|' | b'>' if node_start && flow == 0 => {
                    block_scalar = Some(indent);
                    break;
                }
                _ => node_start = false,
            }
            i += 1;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(open: &str, close: &str, n: usize) -> String {
        format!(
            "edition: 2019\ntable2: {}{}\n",
            open.repeat(n),
            close.repeat(n)
        )
    }

    #[test]
    fn a_report_passes() {
        let seed = include_str!("../../../content/fujian/fuzhou/gulou/wenquan/2020.yaml");
        assert_eq!(check_depth(seed), Ok(()));
    }

    #[test]
    fn deep_flow_collections_are_refused_at_the_first_level_too_many() {
        let deep = nested("[", "]", MAX_DEPTH + 1);
        assert_eq!(
            check_depth(&deep),
            Err(TooDeep {
                line: 2,
                column: 9 + MAX_DEPTH
            })
        );
        assert_eq!(check_depth(&nested("[", "]", MAX_DEPTH - 1)), Ok(()));
        let maps = format!("a: {}1{}\n", "{a: ".repeat(100), "}".repeat(100));
        assert_eq!(check_depth(&maps).map_err(|e| e.line), Err(1));
    }

    #[test]
    fn quotes_comments_anchors_and_markers_neither_hide_nor_add_brackets() {
        let deep = "[".repeat(MAX_DEPTH + 1);
        for hidden in [
            format!("a: \"{deep}\"\n"),
            format!("a: '{deep}'\n"),
            format!("a: x {deep}\n"),
            format!("a: 1 # {deep}\n"),
            format!("a: |\n  {deep}\n  x\nb: 1\n"),
            format!("a: [\"]]]\", '{deep}', b]\n"),
        ] {
            assert_eq!(check_depth(&hidden), Ok(()), "{hidden}");
        }
        for found in [
            format!("a: &x !!seq {deep}\n"),
            format!("--- {deep}\n"),
            format!("- - ? {deep}\n"),
            format!("{}x\n", "- ".repeat(MAX_DEPTH + 1)),
            (0..=MAX_DEPTH)
                .map(|i| format!("{}k:\n", " ".repeat(i)))
                .collect(),
            format!("a: [\"]]]\" {deep}\n"),
            format!("a: ['it''s', \"\\\"\", {deep}\n"),
            format!("a: |\n  x\nb: {deep}\n"),
            format!("a: \"x\n  y\" \nb: {deep}\n"),
            format!("a: [x,\n  {deep}\n"),
        ] {
            assert!(check_depth(&found).is_err(), "{found}");
        }
    }

    #[test]
    fn brackets_in_prose_are_no_error() {
        let prose = format!("overview: |\n  {}\n", "[".repeat(500));
        assert_eq!(check_depth(&prose), Ok(()));
    }
}
