//! The five published samples, imported and compared cell by cell with what they print.

use std::path::{Path, PathBuf};

use ogi_import::{ImportOptions, import_bytes};
use ogi_model::{Document, parse_report};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The expected tables (`NAME.expected.yaml` holds no body) loaded as a report.
fn expected(name: &str) -> Document {
    let text = std::fs::read_to_string(fixture(&format!("{name}.expected.yaml"))).expect("fixture");
    let text = format!("body: {{name: x, level: government, region: [x]}}\n{text}");
    parse_report(Path::new("expected.yaml"), text).expect("expected loads")
}

fn import(name: &str, bytes: &[u8]) -> (ogi_import::Imported, Document) {
    let imported = import_bytes(Path::new(name), bytes, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let yaml = imported.yaml(name);
    let doc =
        parse_report(Path::new("out.yaml"), yaml.clone()).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
    (imported, doc)
}

/// Cells that differ from the expected ones: `(path, expected, imported, flagged)`.
fn differences(doc: &Document, want: &Document, imported: &ogi_import::Imported) -> Vec<String> {
    let got = doc.report.cells();
    let want_cells = want.report.cells();
    let mut out = Vec::new();
    if got.len() != want_cells.len() {
        out.push(format!(
            "{} cells, expected {}",
            got.len(),
            want_cells.len()
        ));
    }
    for (g, w) in got.iter().zip(&want_cells) {
        if g.path != w.path || g.value.display() != w.value.display() {
            let flagged = imported
                .notes
                .keys()
                .any(|k| g.path.starts_with(k.as_str()));
            out.push(format!(
                "{} expected {} got {} {}",
                w.path,
                w.value.display(),
                g.value.display(),
                if flagged { "(flagged)" } else { "UNFLAGGED" }
            ));
        }
    }
    out
}

#[test]
fn html_samples_import_cell_for_cell() {
    for name in [
        "pingtan_2019",
        "pingtan_2021",
        "gaj_2022",
        "junshan_pq_2024",
    ] {
        let bytes = std::fs::read(fixture(&format!("{name}.html"))).expect("sample");
        let (imported, doc) = import(name, &bytes);
        let want = expected(name);
        assert_eq!(doc.report.year, want.report.year, "{name}");
        assert_eq!(doc.report.edition, want.report.edition, "{name}");
        assert_eq!(doc.report.title, want.report.title, "{name}");
        let diff = differences(&doc, &want, &imported);
        assert!(
            diff.is_empty(),
            "{name}:\n{}\n{}",
            diff.join("\n"),
            imported.yaml(name)
        );
        assert_eq!(imported.cells_uncertain, 0, "{name}");
        println!(
            "{name}: {} cells read, {} uncertain",
            imported.cells_read, imported.cells_uncertain
        );
    }
}

#[test]
#[ignore = "prints one import for a look"]
fn show() {
    let name = std::env::var("SAMPLE").unwrap_or_else(|_| "gaj_2022".into());
    let bytes = std::fs::read(fixture(&format!("{name}.html"))).expect("sample");
    let (imported, _) = import(&name, &bytes);
    println!("{}", imported.yaml(&name));
}
