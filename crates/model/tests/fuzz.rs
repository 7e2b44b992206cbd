//! Fuzzing the two loaders that read what users write (reports and `site.yaml`) on stable
//! Rust: inputs from a corpus (tests/fuzz-corpus/, every report of content/ and of the e2e
//! fixtures, content/site.yaml) are mutated at random for a bounded time, and each must
//!
//! - load or be refused without a panic;
//! - finish in time linear in its size (a fixed allowance plus a bound per byte, generous
//!   enough for an unoptimised build; a quadratic parse of a few kilobytes exceeds it);
//! - give the same result with the prose shortcut and with the full parse.
//!
//! `cargo test` runs it for 5 seconds; `.ci/run` for 60 in a release build
//! (`OGI_FUZZ_SECS=60 cargo test --release -p ogi-model --test fuzz`). `OGI_FUZZ_SEED`
//! repeats a run. A find is written to `target/fuzz-finds/` and fails the test; check it
//! in under tests/fuzz-corpus/ with the fix.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ogi_model::{parse_config, parse_report, parse_report_unlifted};

/// Mutated inputs are kept under this size, so that a run tries many of them.
const MAX_INPUT: usize = 128 * 1024;

/// Pieces of YAML and of reports that mutations insert.
const TOKENS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "? ",
    ",",
    "\"",
    "'",
    "&a ",
    "*a",
    "!!str ",
    "!x ",
    "\n",
    "  ",
    "|",
    "|-\n",
    ">",
    "# ",
    "~",
    "-1",
    "0",
    "99999999999999999999",
    "1e9",
    "1.5",
    "---\n",
    "...\n",
    "\t",
    "中",
    "（一）",
    "\u{2028}",
    "\u{feff}",
    "\r\n",
    "\\",
    "%",
    "null",
    "true",
    "table2:",
    "table3:",
    "overview: |\n  ",
    "edition: 2021\n",
    "edition: 2019\n",
    "<<: *a\n",
    "javascript:alert(1)",
    "//evil/",
    "url(x)",
    "#fff",
    "nav_links:\n  - {name: a, url: ",
];

/// A small, fast, reproducible random source (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// The corpus: (name, text).
fn corpus() -> Vec<(String, String)> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = manifest.join("../..");
    let mut files: Vec<PathBuf> = Vec::new();
    let mut dir: Vec<_> = std::fs::read_dir(manifest.join("tests/fuzz-corpus"))
        .expect("the corpus folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    dir.sort();
    files.extend(dir);
    for folder in ["content", "tests/e2e/fixtures"] {
        files.extend(ogi_model::discover(&root.join(folder)).0);
    }
    files.push(root.join("content/site.yaml"));
    let corpus: Vec<(String, String)> = files
        .iter()
        .filter_map(|p| {
            let text = std::fs::read(p).ok()?;
            Some((
                p.display().to_string(),
                String::from_utf8_lossy(&text).into_owned(),
            ))
        })
        .collect();
    assert!(corpus.len() > 50, "the corpus is {} files", corpus.len());
    corpus
}

/// A char boundary of `text` at or before `at`.
fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `text` changed in one to four random ways.
fn mutate(rng: &mut Rng, text: &str, corpus: &[(String, String)]) -> String {
    let mut out = text.to_owned();
    for _ in 0..=rng.below(4) {
        let len = out.len();
        let at = boundary(&out, rng.below(len + 1));
        let to = boundary(&out, at + rng.below(64).min(len - at));
        match rng.below(7) {
            0 => out.insert_str(at, TOKENS[rng.below(TOKENS.len())]),
            1 => out.replace_range(at..to, ""),
            2 => {
                // Repeat a piece: grows nesting and long lines.
                let piece = out[at..to].to_owned();
                let times = 1 + rng.below(200);
                out.insert_str(at, &piece.repeat(times));
            }
            3 => {
                // Now and then many times: a quadratic parse shows only past thousands.
                let token = TOKENS[rng.below(TOKENS.len())];
                let most = if rng.below(8) == 0 { 30_000 } else { 300 };
                out.insert_str(at, &token.repeat(1 + rng.below(most)));
            }
            4 => {
                // Splice in a piece of another input.
                let other = &corpus[rng.below(corpus.len())].1;
                let from = boundary(other, rng.below(other.len() + 1));
                let end = boundary(other, from + rng.below(400));
                out.insert_str(at, &other[from..end]);
            }
            5 => {
                let c = char::from_u32(rng.below(0x3000) as u32).unwrap_or('x');
                out.replace_range(at..to, &c.to_string());
            }
            _ => {
                // Swap a line's indentation.
                let line = out[..at].rfind('\n').map_or(0, |i| i + 1);
                out.insert_str(line, &" ".repeat(rng.below(9)));
            }
        }
        if out.len() > MAX_INPUT {
            out.truncate(boundary(&out, MAX_INPUT));
        }
    }
    out
}

/// How long an input of `len` bytes may take: linear in its size.
fn allowance(len: usize) -> Duration {
    Duration::from_millis(400) + Duration::from_micros(40) * u32::try_from(len).unwrap_or(u32::MAX)
}

/// Runs both loaders on `text`; `Err` says which property failed.
fn check(text: &str) -> Result<(), String> {
    let path = Path::new("2020.yaml");
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let quick = parse_report(path, text.to_owned());
        let full = parse_report_unlifted(path, text.to_owned());
        let config = parse_config(Path::new("site.yaml"), text);
        (quick, full, config.is_ok())
    }));
    let took = started.elapsed();
    let (quick, full, _) = outcome.map_err(|_| "panicked".to_owned())?;
    if took > allowance(text.len()) {
        return Err(format!("took {took:?} for {} bytes", text.len()));
    }
    match (quick, full) {
        (Ok(a), Ok(b)) if a.report == b.report => Ok(()),
        (Err(a), Err(b)) if (a.kind, &a.message) == (b.kind, &b.message) => Ok(()),
        (a, b) => Err(format!(
            "the prose shortcut gives {:?}, the full parse {:?}",
            a.map(|d| d.report.year).map_err(|e| e.to_string()),
            b.map(|d| d.report.year).map_err(|e| e.to_string())
        )),
    }
}

#[test]
fn the_loaders_survive_mutated_inputs_in_linear_time_and_agree() {
    let secs: u64 = std::env::var("OGI_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let seed: u64 = std::env::var("OGI_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    let corpus = corpus();
    // Every input of the corpus as it is, first.
    for (name, text) in &corpus {
        if let Err(why) = check(text) {
            panic!("{name}: {why}");
        }
    }
    let mut rng = Rng(seed);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let finds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/fuzz-finds");
    let (mut runs, mut found) = (0u64, Vec::new());
    while Instant::now() < deadline {
        let (name, text) = &corpus[rng.below(corpus.len())];
        let input = mutate(&mut rng, text, &corpus);
        runs += 1;
        if let Err(why) = check(&input) {
            let _ = std::fs::create_dir_all(&finds);
            let file = finds.join(format!("find-{seed}-{runs}.yaml"));
            let _ = std::fs::write(&file, &input);
            found.push(format!("{why} (from {name}; input in {})", file.display()));
            if found.len() >= 5 {
                break;
            }
        }
    }
    eprintln!(
        "fuzz: {runs} mutated inputs in {secs} s (seed {seed}), {} finds",
        found.len()
    );
    assert!(found.is_empty(), "{}", found.join("\n"));
}
