//! Bad input: files that are malformed, mistyped, incomplete, oversized, not UTF-8 or
//! hostile. Each case puts the bad file(s) in a temporary content folder beside a valid
//! report (the seed moved to 2019) and checks that `ogi check`:
//!
//! - fails cleanly: exit 1, no panic, and quickly where the input is built to be slow;
//! - names the code, the file, the line (where there is one) and what to fix;
//! - still reads every other file: the summary counts them all and the valid report
//!   gets no error.
//!
//! The small textual cases are committed in `fixtures/bad-input/<case>/`; each file says
//! in its header what is wrong and on which line. Cases that need bytes that are not
//! text, or a lot of them, or a symbolic link, are built at test time.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

use crate::support::{Run, check_json, fixture, ogi, seed_path};

/// The valid report put beside every bad file.
const VALID: &str = "2019.yaml";

/// Runs that must not expand or read their input in full finish well within this.
const QUICK: Duration = Duration::from_secs(10);

/// The seed moved to 2019 (year, statistics period and signing date), so that it sits
/// beside a 2020 file without being a duplicate and without any warning.
fn valid_report() -> String {
    let mut text = fs::read_to_string(seed_path()).expect("read the seed report");
    for (from, to) in [
        ("\nyear: 2020\n", "\nyear: 2019\n"),
        ("start: 2020-01-01", "start: 2019-01-01"),
        ("end: 2020-12-31", "end: 2019-12-31"),
        ("date: 2021-01-15", "date: 2020-01-15"),
    ] {
        assert!(text.contains(from), "the seed no longer holds `{from}`");
        text = text.replace(from, to);
    }
    text
}

/// A temporary content folder holding the valid report and `files` (name, bytes).
fn folder(files: &[(&str, &[u8])]) -> TempDir {
    let dir = TempDir::new().expect("create a temporary folder");
    fs::write(dir.path().join(VALID), valid_report()).expect("write the valid report");
    for (name, bytes) in files {
        fs::write(dir.path().join(name), bytes).expect("write a bad file");
    }
    dir
}

/// `fixtures/bad-input/<case>` copied into a temporary content folder beside the valid
/// report.
fn fixture_folder(case: &str) -> TempDir {
    let dir = folder(&[]);
    let source = fixture(&format!("bad-input/{case}"));
    let entries =
        fs::read_dir(&source).unwrap_or_else(|e| panic!("read fixture {}: {e}", source.display()));
    for entry in entries {
        let path = entry.expect("list a fixture").path();
        let name = path.file_name().expect("a fixture file has a name");
        fs::copy(&path, dir.path().join(name)).expect("copy a fixture file");
    }
    dir
}

/// One run of `ogi check --format json` on a folder.
struct Checked {
    run: Run,
    diagnostics: Vec<Value>,
    elapsed: Duration,
}

/// Runs `ogi check --format json DIR`; fails the test if ogi panicked.
fn check(dir: &Path) -> Checked {
    let started = Instant::now();
    let run = check_json(dir);
    let elapsed = started.elapsed();
    assert!(!run.panicked(), "ogi panicked:\n{}", run.stderr);
    let diagnostics = run.json();
    Checked {
        run,
        diagnostics,
        elapsed,
    }
}

/// The file name a diagnostic is about.
fn file_name(d: &Value) -> &str {
    d["file"]
        .as_str()
        .and_then(|f| Path::new(f).file_name())
        .and_then(|n| n.to_str())
        .unwrap_or("")
}

impl Checked {
    /// Asserts exit code 1 with a summary counting `files` report files, and no error
    /// about the valid report: the bad file failed and nothing was skipped silently.
    fn assert_failed(&self, files: usize) {
        assert_eq!(self.run.code, Some(1), "exit code; {self}");
        self.assert_counted(files);
        assert!(
            !self
                .diagnostics
                .iter()
                .any(|d| file_name(d) == VALID && d["severity"] == "error"),
            "the valid report got an error; {self}"
        );
    }

    /// Asserts the summary on standard error counts `files` report files.
    fn assert_counted(&self, files: usize) {
        assert!(
            self.run.stderr.contains(&format!(
                "checked {files} report file{} in",
                if files == 1 { "" } else { "s" }
            )),
            "expected `checked {files} report file(s)` in the summary; {self}"
        );
    }

    /// The first diagnostic with `code` about the file named `name`.
    fn find(&self, code: &str, name: &str) -> &Value {
        self.diagnostics
            .iter()
            .find(|d| d["code"] == code && file_name(d) == name)
            .unwrap_or_else(|| panic!("no {code} diagnostic about {name}; {self}"))
    }
}

impl std::fmt::Display for Checked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {:?}\n--- stdout\n{}--- stderr\n{}",
            self.run.code, self.run.stdout, self.run.stderr
        )
    }
}

/// Asserts that `d` points at `line` (and `column`, when given).
fn assert_at(d: &Value, line: u64, column: Option<u64>) {
    assert_eq!(d["line"].as_u64(), Some(line), "line of {d}");
    if let Some(column) = column {
        assert_eq!(d["column"].as_u64(), Some(column), "column of {d}");
    }
}

/// Asserts that the diagnostic's `field` (`message`, `help`, `cell`) contains `needle`.
fn assert_says(d: &Value, field: &str, needle: &str) {
    let text = d[field].as_str().unwrap_or("");
    assert!(
        text.contains(needle),
        "expected {field} to contain {needle:?}: {d}"
    );
}

/// Runs `ogi check DIR` in the human format and asserts it shows `error[code]` at
/// `place` (such as `2020.yaml:9:11`) with a help line containing `help`.
fn assert_human(dir: &Path, code: &str, place: &str, help: &str) {
    let run = ogi(&["check", &dir.to_string_lossy()]);
    assert!(!run.panicked(), "ogi panicked:\n{}", run.stderr);
    assert_eq!(run.code, Some(1), "exit code:\n{}", run.stderr);
    let out = &run.stdout;
    assert!(
        out.contains(&format!("error[{code}]")),
        "no error[{code}]:\n{out}"
    );
    assert!(out.contains(place), "no {place}:\n{out}");
    assert!(
        out.lines().any(|l| l.contains("help:") && l.contains(help)),
        "no help line containing {help:?}:\n{out}"
    );
}

// 1. Malformed YAML.

// The parser notices an unclosed `[` only at `table4:` four lines later; the error must
// point at the bracket that was never closed.
#[test]
fn unclosed_flow_sequence_is_a_syntax_error_at_its_line() {
    let dir = fixture_folder("unclosed-flow-sequence");
    let checked = check(dir.path());
    checked.assert_failed(2);
    let d = checked.find("YAML-SYNTAX", "2020.yaml");
    assert_says(d, "help", "bracket");
    assert_at(d, 63, None);
}

// The parser marks the token before a tab; the error must point at the tab itself.
#[test]
fn tab_indentation_is_a_syntax_error_at_the_tab() {
    let dir = fixture_folder("tab-indentation");
    let checked = check(dir.path());
    checked.assert_failed(2);
    let d = checked.find("YAML-SYNTAX", "2020.yaml");
    assert_says(d, "message", "tab");
    assert_at(d, 7, Some(1));
}

#[test]
fn stray_colon_is_a_syntax_error_at_its_line() {
    let dir = fixture_folder("stray-colon");
    let checked = check(dir.path());
    checked.assert_failed(2);
    let d = checked.find("YAML-SYNTAX", "2020.yaml");
    assert_says(d, "message", "malformed YAML");
    assert_says(d, "help", "colons");
    assert_at(d, 9, Some(11));
    assert_human(dir.path(), "YAML-SYNTAX", "2020.yaml:9:11", "colons");
}

// 2. A value of the wrong type.

#[test]
fn word_for_year_is_a_schema_error_at_its_line() {
    let dir = fixture_folder("year-not-a-number");
    let checked = check(dir.path());
    checked.assert_failed(2);
    let d = checked.find("YAML-SCHEMA", "2020.yaml");
    assert_says(d, "message", "year");
    assert_says(d, "message", "twenty");
    assert_says(d, "help", "docs/content-format.md");
    assert_at(d, 9, Some(7));
}

#[test]
fn row_given_as_a_string_is_a_schema_error_at_its_line() {
    let dir = fixture_folder("row-as-string");
    let checked = check(dir.path());
    checked.assert_failed(2);
    let d = checked.find("YAML-SCHEMA", "2020.yaml");
    assert_says(d, "message", "table3.granted");
    assert_says(d, "message", "a row of 7 numbers");
    assert_at(d, 40, Some(12));
}

// 3. A required key left out.

#[test]
fn missing_table4_is_named_with_a_help_to_add_it() {
    let dir = fixture_folder("missing-table4");
    let checked = check(dir.path());
    checked.assert_failed(2);
    let d = checked.find("YAML-SCHEMA", "2020.yaml");
    assert_says(d, "message", "missing field `table4`");
    assert_says(d, "help", "add `table4:`");
}

// 4. A misspelt key.

#[test]
fn misspelt_top_level_key_gets_did_you_mean_at_the_key() {
    let dir = fixture_folder("misspelt-top-level-key");
    let checked = check(dir.path());
    checked.assert_failed(2);
    let d = checked.find("YAML-SCHEMA", "2020.yaml");
    assert_says(d, "message", "unknown field `tabel3`");
    assert_says(d, "help", "did you mean `table3`?");
    assert_at(d, 37, Some(1));
    assert_human(
        dir.path(),
        "YAML-SCHEMA",
        "2020.yaml:37:1",
        "did you mean `table3`?",
    );
}

#[test]
fn misspelt_key_inside_table3_gets_did_you_mean_at_the_key() {
    let dir = fixture_folder("misspelt-table3-key");
    let checked = check(dir.path());
    checked.assert_failed(2);
    let d = checked.find("YAML-SCHEMA", "2020.yaml");
    assert_says(d, "message", "table3: unknown field `totl`");
    assert_says(d, "help", "did you mean `total`?");
    assert_at(d, 62, Some(3));
}

// 5. A negative count: the file loads; the NEGATIVE rule reports the cell.

#[test]
fn negative_count_in_table3_is_reported_by_rule_negative_at_the_cell() {
    let dir = fixture_folder("negative-count");
    let checked = check(dir.path());
    checked.assert_failed(2);
    let d = checked.find("NEGATIVE", "2020.yaml");
    assert_at(d, 40, Some(13));
    assert_says(d, "cell", "表三 （一）予以公开 · 自然人");
    assert_says(d, "message", "cannot be negative");
    assert_eq!(d["actual"], "-1", "{d}");
    let total = checked
        .diagnostics
        .iter()
        .find(|d| d["code"] == "NEGATIVE" && d["column"] == 32)
        .unwrap_or_else(|| panic!("no NEGATIVE for the 总计 column; {checked}"));
    assert_says(total, "cell", "表三 （一）予以公开 · 总计");
    assert_human(dir.path(), "NEGATIVE", "2020.yaml:40:13", "本年增/减");
}

// 6. A count too large for its type.

#[test]
fn count_beyond_64_bits_is_too_large_at_its_line() {
    let dir = fixture_folder("count-too-large-for-u64");
    let checked = check(dir.path());
    checked.assert_failed(2);
    let d = checked.find("YAML-SCHEMA", "2020.yaml");
    assert_says(d, "message", "`99999999999999999999` is too large");
    assert_says(d, "message", "table3.new_requests");
    assert_at(d, 38, Some(18));
}

#[test]
fn count_beyond_32_bits_is_too_large_at_its_line() {
    let dir = fixture_folder("count-too-large-for-u32");
    let checked = check(dir.path());
    checked.assert_failed(2);
    let d = checked.find("YAML-SCHEMA", "2020.yaml");
    assert_says(d, "message", "`4294967296` is too large");
    assert_says(d, "message", "at most 4294967295");
    assert_at(d, 38, Some(18));
}

// 7. Empty files.

#[test]
fn empty_and_whitespace_only_files_are_reported_empty() {
    let dir = folder(&[("2020.yaml", b""), ("2021.yaml", b"  \n\n\t\n   \r\n")]);
    let checked = check(dir.path());
    checked.assert_failed(3);
    for name in ["2020.yaml", "2021.yaml"] {
        let d = checked.find("FILE-EMPTY", name);
        assert_says(d, "message", "empty");
        assert_says(d, "help", "ogi new");
    }
}

// 8. Not UTF-8.

#[test]
fn gbk_bytes_are_an_encoding_error_at_the_bad_byte() {
    // An ASCII report whose short name, 温泉, was saved in GBK (CE C2 C8 AA) on line 4.
    let mut text = b"# Wenquan 2020, saved by an old editor\n\
        body:\n  name: Fuzhou Gulou Wenquan Subdistrict Office\n  short_name: "
        .to_vec();
    text.extend_from_slice(&[0xCE, 0xC2, 0xC8, 0xAA]);
    text.extend_from_slice(b"\n  level: township\nyear: 2020\nedition: 2019\n");
    let dir = folder(&[("2020.yaml", &text)]);
    let checked = check(dir.path());
    checked.assert_failed(2);
    let d = checked.find("FILE-ENCODING", "2020.yaml");
    assert_says(d, "message", "not UTF-8");
    assert_says(d, "help", "GB18030");
    assert_at(d, 4, Some(15));
    assert_human(dir.path(), "FILE-ENCODING", "2020.yaml:4:15", "iconv");
}

// 9. An alias bomb.

#[test]
fn alias_bomb_is_refused_quickly_without_expanding() {
    // 2020.yaml defines the nine levels as top-level keys and uses `overview: *i`;
    // 2020-inline.yaml writes the whole bomb as the value of `overview` (line 15).
    let dir = fixture_folder("alias-bomb");
    let checked = check(dir.path());
    assert!(
        checked.elapsed < QUICK,
        "took {:?}: aliases were expanded",
        checked.elapsed
    );
    checked.assert_failed(3);
    for name in ["2020.yaml", "2020-inline.yaml"] {
        let d = checked
            .diagnostics
            .iter()
            .find(|d| {
                file_name(d) == name && (d["code"] == "YAML-ALIAS" || d["code"] == "YAML-SCHEMA")
            })
            .unwrap_or_else(|| panic!("no YAML-ALIAS or YAML-SCHEMA about {name}; {checked}"));
        assert!(d["line"].as_u64().is_some(), "no line: {d}");
    }
    let inline = checked.find("YAML-SCHEMA", "2020-inline.yaml");
    assert_says(inline, "message", "overview");
    assert_at(inline, 15, None);
}

// 10. A file far over the size limit.

#[test]
fn fifty_megabyte_file_is_refused_quickly() {
    let dir = folder(&[]);
    let path = dir.path().join("2020.yaml");
    let mut file = std::io::BufWriter::new(fs::File::create(&path).expect("create big file"));
    let seed = fs::read(seed_path()).expect("read the seed report");
    file.write_all(&seed).expect("write big file");
    let line = format!("# {}\n", "x".repeat(97));
    let mut size = seed.len();
    while size + line.len() <= 50_000_000 {
        file.write_all(line.as_bytes()).expect("write big file");
        size += line.len();
    }
    file.write_all(&b"#".repeat(50_000_000 - size))
        .expect("write big file");
    file.flush().expect("write big file");
    drop(file);
    assert_eq!(fs::metadata(&path).expect("big file").len(), 50_000_000);

    let checked = check(dir.path());
    assert!(
        checked.elapsed < QUICK,
        "took {:?}: the file was read in full",
        checked.elapsed
    );
    checked.assert_failed(2);
    let d = checked.find("FILE-SIZE", "2020.yaml");
    assert_says(d, "message", "50.0 MB");
    assert_says(d, "message", "at most 4 MB");
    assert_says(d, "help", "right file");
}

// 11. A symbolic link loop.

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_and_the_report_beside_it_still_checked() {
    let root = TempDir::new().expect("create a temporary folder");
    let body = root.path().join("wenquan");
    fs::create_dir(&body).expect("create the body folder");
    fs::write(body.join(VALID), valid_report()).expect("write the valid report");
    std::os::unix::fs::symlink(&body, body.join("loop")).expect("create the link loop");

    let checked = check(root.path());
    // The count is of report files: the valid one beside the loop. Were it skipped, the
    // summary would say 0.
    checked.assert_failed(1);
    let d = checked.find("FILE-WALK", "loop");
    assert_says(d, "message", "symbolic link loop");
    assert_says(d, "message", "wenquan");
    assert_says(d, "help", "remove the link");
    assert_eq!(
        checked.diagnostics.len(),
        1,
        "only the loop is wrong; {checked}"
    );
    assert_human(root.path(), "FILE-WALK", "wenquan/loop", "remove the link");
}

// 12. A byte-order mark.

#[test]
fn utf8_byte_order_mark_is_accepted() {
    let mut text = "\u{feff}".as_bytes().to_vec();
    text.extend(fs::read(seed_path()).expect("read the seed report"));
    let dir = folder(&[("2020.yaml", &text)]);
    let checked = check(dir.path());
    assert_eq!(checked.run.code, Some(0), "exit code; {checked}");
    checked.assert_counted(2);
    assert!(
        checked.run.stderr.contains(": 0 errors"),
        "expected no errors; {checked}"
    );
    assert!(
        !checked.diagnostics.iter().any(|d| d["severity"] == "error"),
        "expected no errors; {checked}"
    );
}
