//! The differential test of the fast path for reports (`src/fast.rs`): on every report of the
//! repository and on thousands of inputs made from them (every line of two generated
//! reports edited in each of the ways people and tools write YAML: blanks, quoted and odd
//! numbers, comments, tabs, CRLF, odd indentation, anchors and aliases, tags, block instead
//! of flow sequences, duplicate and unknown keys, broken quotes and brackets; then random
//! edits), wherever the fast path reads a report it must read what the full parse reads,
//! and `parse_report` (fast path, then prose shortcut, then full parse) must give what the
//! full parse gives, report or error, to the message, line, column and help.
//!
//! `OGI_FAST_PATH_RANDOM=N` sets how many random inputs are tried (default 1,000);
//! `OGI_FAST_PATH_ALL=1` tries every edit on every line (some 15,000 inputs) instead of a
//! spread of them.

use std::path::{Path, PathBuf};

use ogi_model::{parse_report, parse_report_fast, parse_report_unlifted};

/// How many inputs were tried and how many of them the fast path read.
#[derive(Default)]
struct Tally {
    inputs: usize,
    fast: usize,
}

/// Holds the paths to the same result on `text`; `name` says where it came from.
fn compare(name: &str, text: &str, tally: &mut Tally) {
    let path = Path::new("2020.yaml");
    tally.inputs += 1;
    let full = parse_report_unlifted(path, text.to_owned());
    if let Some(fast) = parse_report_fast(text) {
        tally.fast += 1;
        match &full {
            Ok(doc) => assert!(
                doc.report == fast,
                "{name}: the fast path reads another report than the parser:\n{text}"
            ),
            Err(e) => panic!("{name}: the fast path reads what the parser refuses ({e}):\n{text}"),
        }
    }
    match (parse_report(path, text.to_owned()), full) {
        (Ok(a), Ok(b)) => assert!(a.report == b.report, "{name}: reports differ:\n{text}"),
        (Err(a), Err(b)) => assert_eq!(
            format!("{a:?}"),
            format!("{b:?}"),
            "{name}: errors differ:\n{text}"
        ),
        (a, b) => panic!(
            "{name}: parse_report {} but the full parse {}:\n{text}",
            if a.is_ok() { "loads" } else { "fails" },
            if b.is_ok() { "loads" } else { "fails" },
        ),
    }
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The generated reports that the edits start from, one of each edition.
fn generated() -> Vec<(String, String)> {
    ["generated-2019-edition.yaml", "generated-2021-edition.yaml"]
        .iter()
        .map(|name| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fast-path")
                .join(name);
            let text = std::fs::read_to_string(&path).expect("the generated report");
            ((*name).to_owned(), text)
        })
        .collect()
}

/// Every report file of the repository: content/, the end-to-end fixtures, the crates'
/// test folders.
fn repository_reports() -> Vec<(String, String)> {
    let root = repo();
    let mut files = Vec::new();
    for folder in ["content", "tests/e2e/fixtures", "crates"] {
        files.extend(ogi_model::discover(&root.join(folder)).0);
    }
    files
        .iter()
        .filter(|p| !p.components().any(|c| c.as_os_str() == "target"))
        .filter_map(|p| {
            let bytes = std::fs::read(p).ok()?;
            Some((
                p.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ))
        })
        .collect()
}

/// Values that replace a scalar value: every kind of scalar and of mistake.
const VALUES: &[&str] = &[
    "~",
    "null",
    "NULL",
    "Null",
    "",
    "# only a comment",
    "\"5\"",
    "'5'",
    "'it''s'",
    "\"a\\tb\"",
    "\"\"",
    "05",
    "+5",
    "-5",
    "-0",
    "5.0",
    "1e3",
    "0x5",
    "0o7",
    ".inf",
    "true",
    "False",
    "abc",
    "a b",
    "4294967296",
    "99999999999999999999",
    "&a 1",
    "*a",
    "!!str 5",
    "!!int 5",
    "[1, 2]",
    "[1, 2, 3]",
    "[1, 2, 3, 4, 5, 6, 7]",
    "[]",
    "[~, null, , 1]",
    "[1, 2,]",
    "[1, [2]]",
    "{a: 1}",
    "{}",
    "|\n    text",
    ">\n    text",
    "- 1",
    "-",
    "\"unclosed",
    "'unclosed",
    "[1,",
    "a: b",
    "a:b",
    "x #c",
    "x#c",
    "\"x\"#c",
    "\"x\" y",
    "2021-01-15",
    "2021-02-30",
    "department",
    "'department'",
    "108426.00",
    "3.5万元",
    "%x",
    "@x",
    "`x`",
    "? x",
    "http://x/#y",
];

/// Each of [`VALUES`] replaces the value of one line in `SPREAD` (a different line for each
/// value), which keeps the test short; `OGI_FAST_PATH_ALL=1` puts every value on every line.
const SPREAD: usize = 5;

/// The lines of `text` with `line` replaced by `with` (which may be several lines, or none).
fn replace_line(lines: &[&str], line: usize, with: &str) -> String {
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i == line {
            out.push_str(with);
        } else {
            out.push_str(l);
        }
    }
    out
}

/// `text` with its long lines (the prose) cut short, so that thousands of edited copies
/// parse in little time; lines with quotes or brackets are kept whole.
fn shorten(text: &str) -> String {
    text.split_inclusive('\n')
        .map(|line| {
            if line.len() <= 90 || line.contains(['"', '\'', '[', ']', '{', '}']) {
                return line.to_owned();
            }
            let cut = boundary(line, 90);
            format!("{}\n", &line[..cut])
        })
        .collect()
}

/// The inputs made from `text` by editing one line at a time, or the whole text.
fn edits(text: &str) -> Vec<String> {
    let spread = if std::env::var_os("OGI_FAST_PATH_ALL").is_some() {
        1
    } else {
        SPREAD
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = vec![
        format!("\u{feff}{text}"),
        text.replace('\n', "\r\n"),
        format!("---\n{text}"),
        format!("%YAML 1.1\n---\n{text}"),
        format!("{text}...\n"),
        format!("{text}---\n"),
        text.trim_end_matches('\n').to_owned(),
        text.replace("  ", "    "),
        text.replace("  ", "\t"),
        text.replace("table3:", "table3: &t"),
        text.replace(": [", ":  ["),
        text.replace(", ", ","),
        text.replace(", ", " , "),
        text.replace("]\n", "]  # 注\n"),
    ];
    for (i, line) in lines.iter().enumerate() {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let indent = body.len() - body.trim_start_matches(' ').len();
        let rest = &body[indent..];
        let pad = " ".repeat(indent);
        let mut with = |s: String| out.push(replace_line(&lines, i, &s));
        with(String::new());
        with(format!("{line}{line}"));
        with(format!(" {line}"));
        with(format!("  {line}"));
        if indent > 0 {
            with(line[1..].to_owned());
        }
        with(format!("{body}   \n"));
        with(format!("{body} # 注释\n"));
        with(format!("{body}#x\n"));
        with(format!("{body}\r\n"));
        with(format!("{pad}\t{rest}\n"));
        with(format!("{pad}# {rest}\n"));
        let Some((key, value)) = rest.split_once(':') else {
            continue;
        };
        let value = value.trim_start_matches(' ');
        with(format!("{pad}{key}x:{}\n", &rest[key.len() + 1..]));
        with(format!("{pad}\"{key}\": {value}\n"));
        with(format!("{pad}{key} : {value}\n"));
        with(format!("{pad}{key}:\t{value}\n"));
        if value.is_empty() || value.starts_with('|') {
            continue;
        }
        with(format!("{pad}{key}: \"{value}\"\n"));
        with(format!("{pad}{key}: '{value}'\n"));
        with(format!("{pad}{key}: &anchor {value}\n"));
        with(format!("{pad}{key}: !!str {value}\n"));
        with(format!("{pad}{key}:\n{pad}  {value}\n"));
        with(format!("{pad}{key}: {value}\n{pad}  more\n"));
        // Each value on every `SPREAD`th line (a different one for each value), unless
        // `OGI_FAST_PATH_ALL` asks for every value on every line.
        for (k, v) in VALUES.iter().enumerate() {
            if (k + i) % spread != 0 {
                continue;
            }
            let v = v.replace('\n', &format!("\n{pad}"));
            with(format!("{pad}{key}: {v}\n"));
        }
        // A flow sequence as a block sequence, each item edited.
        if let Some(items) = value
            .split(" #")
            .next()
            .and_then(|v| v.trim_end().strip_prefix('['))
            .and_then(|v| v.strip_suffix(']'))
        {
            let items: Vec<&str> = items.split(',').map(str::trim).collect();
            let block = |items: &[&str], lead: &str| {
                let mut s = format!("{pad}{key}:\n");
                for item in items {
                    s.push_str(&format!("{pad}{lead}- {item}\n"));
                }
                s
            };
            with(block(&items, "  "));
            with(block(&items, ""));
            for (j, _) in items.iter().enumerate() {
                for (k, v) in ["~", "", "\"3\"", "'3'", "3.0", "x", "-1", "01", "null"]
                    .iter()
                    .enumerate()
                {
                    if (i + j + k) % spread != 0 {
                        continue;
                    }
                    let mut edited = items.clone();
                    edited[j] = v;
                    with(format!("{pad}{key}: [{}]\n", edited.join(", ")));
                }
            }
            let mut longer = items.clone();
            longer.push("0");
            with(format!("{pad}{key}: [{}]\n", longer.join(", ")));
            with(format!(
                "{pad}{key}: [{}]\n",
                items[..items.len() - 1].join(", ")
            ));
        }
    }
    // Aliases: a table row written once and used twice.
    out.push(
        text.replacen("new_requests: [", "new_requests: &row [", 1)
            .replacen("carried_over: [", "carried_over: *row\n  x: [", 1),
    );
    out
}

/// A small, reproducible random source (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n.max(1) as u64) as usize
    }
}

/// Pieces that random edits insert.
const PIECES: &[&str] = &[
    " ", "  ", "\t", "\n", "\r\n", "#", " #", ":", ": ", "- ", "[", "]", "{", "}", ",", "\"", "'",
    "''", "\\", "|", "|-", "|+", ">", "&a ", "*a", "!", "~", "0", "-1", "1.5", "中", "\u{feff}",
    "\u{85}", "\u{2028}", "---", "...", "%", "@", "?", "null", "true",
];

/// A char boundary of `text` at or before `at`.
fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `text` with one to three random edits.
fn random_edit(rng: &mut Rng, text: &str) -> String {
    let mut out = text.to_owned();
    for _ in 0..=rng.below(3) {
        let at = boundary(&out, rng.below(out.len() + 1));
        let to = boundary(&out, at + rng.below(8));
        match rng.below(4) {
            0 | 1 => out.insert_str(at, PIECES[rng.below(PIECES.len())]),
            2 => out.replace_range(at..to, ""),
            _ => out.replace_range(at..to, PIECES[rng.below(PIECES.len())]),
        }
    }
    out
}

#[test]
fn every_report_of_the_repository_reads_the_same_both_ways() {
    let mut tally = Tally::default();
    let reports = repository_reports();
    assert!(reports.len() > 50, "found {} reports", reports.len());
    for (name, text) in &reports {
        let before = tally.fast;
        compare(name, text, &mut tally);
        if tally.fast == before && std::env::var_os("OGI_FAST_PATH_LIST").is_some() {
            eprintln!("not on the fast path: {name}");
        }
    }
    eprintln!(
        "fast path: {} of {} repository reports",
        tally.fast, tally.inputs
    );
    assert!(
        tally.fast > 20,
        "the fast path read only {} reports",
        tally.fast
    );
}

#[test]
fn generated_reports_edited_line_by_line_read_the_same_both_ways() {
    let mut tally = Tally::default();
    for (name, text) in generated() {
        let text = shorten(&text);
        let before = tally.fast;
        compare(&name, &text, &mut tally);
        assert_eq!(
            tally.fast,
            before + 1,
            "{name} is not read on the fast path"
        );
        for (i, input) in edits(&text).iter().enumerate() {
            compare(&format!("{name}, edit {i}"), input, &mut tally);
        }
    }
    eprintln!(
        "fast path: {} of {} edited inputs",
        tally.fast, tally.inputs
    );
    assert!(
        tally.fast * 4 > tally.inputs,
        "the fast path read only {} of {} inputs",
        tally.fast,
        tally.inputs
    );
}

#[test]
fn randomly_edited_reports_read_the_same_both_ways() {
    let rounds: usize = std::env::var("OGI_FAST_PATH_RANDOM")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000);
    let bases = generated();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut tally = Tally::default();
    for round in 0..rounds {
        let (name, text) = &bases[round % bases.len()];
        let input = random_edit(&mut rng, text);
        compare(&format!("{name}, random edit {round}"), &input, &mut tally);
    }
    eprintln!(
        "fast path: {} of {} random inputs",
        tally.fast, tally.inputs
    );
    assert!(
        rounds == 0 || tally.fast > 0,
        "the fast path was never taken"
    );
}
