//! Hostile files of the largest size a report may have (4 MiB) load, or are refused, in
//! time linear in their size. The timing runs in a release build only, from `.ci/run`:
//! `cargo test --release -p ogi-model --test hostile -- --ignored`; unoptimised builds
//! run the same files for the errors alone.

use std::path::Path;
use std::time::{Duration, Instant};

use ogi_model::{LoadErrorKind, MAX_FILE_BYTES, parse_report};

/// The seed report's text.
fn seed() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../content/fujian/fuzhou/gulou/wenquan/2020.yaml");
    ogi_model::read_text(&path).expect("the seed report is readable")
}

/// `unit` repeated to fill at most `bytes` bytes.
fn fill(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len())
}

/// The hostile files, each just under the size limit, and the kind of error each gets
/// (`None`: it must load).
fn cases(max: usize) -> Vec<(&'static str, String, Option<LoadErrorKind>)> {
    let half = max / 2;
    let seed = seed();
    let mut cases = vec![
        (
            "flow sequences nested 2 million deep",
            format!(
                "edition: 2019\ntable2: {}{}\n",
                "[".repeat(half),
                "]".repeat(half)
            ),
            Some(LoadErrorKind::Nesting),
        ),
        (
            "flow mappings nested in the seed report",
            seed.replacen(
                "title:",
                &format!("x: {}1{}\ntitle:", fill("{a: ", half), "}".repeat(half / 4)),
                1,
            ),
            Some(LoadErrorKind::Nesting),
        ),
        (
            "unclosed brackets",
            format!("edition: 2021\ntable2: {}\n", "[".repeat(max)),
            Some(LoadErrorKind::Nesting),
        ),
        (
            "compact block sequences nested 2 million deep",
            format!("edition: 2019\ntable2:\n{}x\n", fill("- ", max)),
            Some(LoadErrorKind::Nesting),
        ),
        (
            "one line of 4 MiB: a flow mapping of many keys",
            format!("edition: 2019\ntable2: {{{}}}\n", fill("a: 1, ", max)),
            Some(LoadErrorKind::Schema),
        ),
        (
            "one line of 4 MiB of prose",
            seed.replacen("title:", &format!("x: {}\ntitle:", fill("字", max)), 1),
            Some(LoadErrorKind::Schema),
        ),
    ];
    let mut prose = seed.clone();
    let block = format!("overview: |\n  {}\n", fill("[{（一）", max));
    prose = prose.replacen("overview: |", &format!("{}overview_x: |", block), 1);
    cases.push((
        "a prose block of brackets",
        prose.replace("overview_x: |", "problems_x: |"),
        Some(LoadErrorKind::Schema),
    ));
    cases
}

/// The size of the hostile files: the size limit, less room for the seed report.
const MAX: usize = MAX_FILE_BYTES as usize - 64 * 1024;

/// Loads each case of size `max`; with a `limit`, fails on any that takes longer. Returns
/// each case's time.
fn run(max: usize, limit: Option<Duration>) -> Vec<(&'static str, Duration)> {
    let mut times = Vec::new();
    for (name, text, expected) in cases(max) {
        assert!(
            text.len() as u64 <= MAX_FILE_BYTES,
            "{name}: {} bytes",
            text.len()
        );
        let started = Instant::now();
        let result = parse_report(Path::new("2020.yaml"), text);
        let took = started.elapsed();
        let kind = result.as_ref().err().map(|e| e.kind);
        assert_eq!(
            kind,
            expected,
            "{name}: {:?}",
            result.err().map(|e| e.to_string())
        );
        if let Err(e) = &result {
            assert!(e.span.is_some_and(|s| s.line > 0), "{name}: no line in {e}");
        }
        eprintln!("{name}: {took:?}");
        if let Some(limit) = limit {
            assert!(took < limit, "{name}: {took:?}, more than {limit:?}");
        }
        times.push((name, took));
    }
    times
}

/// Whether a case is refused for its nesting before any parser reads it; the others (one
/// long line of many keys, prose) are read by both parsers in full, linear but slower.
fn refused_early(name: &str) -> bool {
    name.contains("nested") || name.contains("unclosed")
}

/// Each hostile file gets its error (and a line); at a sixteenth of the size, since an
/// unoptimised build is slow at any size.
#[test]
fn hostile_files_are_refused_with_a_line() {
    run(MAX / 16, None);
}

/// Each deeply nested hostile file of 4 MiB is refused in under 2 seconds (a quadratic
/// parse takes hours); the files both parsers must read in full take time linear in their
/// size: four times the bytes, under ten times the time (allowing for caches; a quadratic parse takes
/// sixteen).
#[test]
#[ignore = "timing: run in release by .ci/run"]
fn hostile_files_of_4_mib_take_under_2_seconds() {
    if cfg!(debug_assertions) {
        panic!(
            "run this in a release build: cargo test --release -p ogi-model --test hostile -- --ignored"
        );
    }
    let full = run(MAX, None);
    let quarter = run(MAX / 4, None);
    for ((name, big), (_, small)) in full.into_iter().zip(quarter) {
        if refused_early(name) {
            assert!(
                big < Duration::from_secs(2),
                "{name}: {big:?}, more than 2 s"
            );
        } else {
            let ratio = big.as_secs_f64() / small.as_secs_f64().max(1e-3);
            assert!(
                ratio < 10.0,
                "{name}: {big:?} at 4 MiB, {small:?} at 1 MiB: {ratio:.1}×"
            );
        }
    }
}
