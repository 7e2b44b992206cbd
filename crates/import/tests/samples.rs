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
fn samples_import_cell_for_cell() {
    for file in [
        "pingtan_2019.html",
        "pingtan_2021.html",
        "gaj_2022.html",
        "junshan_pq_2024.html",
        "hongze_2024.pdf",
    ] {
        let name = file.split('.').next().unwrap_or_default();
        let bytes = std::fs::read(fixture(file)).expect("sample");
        let (imported, doc) = import(name, &bytes);
        let want = expected(name);
        assert_eq!(doc.report.year, want.report.year, "{name}");
        assert_eq!(doc.report.edition, want.report.edition, "{name}");
        // The expected file states the title where the page prints it apart from the text.
        if want.report.title.is_some() {
            assert_eq!(doc.report.title, want.report.title, "{name}");
        }
        assert!(doc.report.title.is_some(), "{name}: no title");
        // The prose: every section of the template present, each its own.
        let text = &doc.report.text;
        for (key, value) in text.fields() {
            assert!(
                value.chars().count() > 10,
                "{name}: {key} is empty: {value:?}"
            );
        }
        assert!(
            text.preamble.contains("条例"),
            "{name}: preamble {:?}",
            text.preamble
        );
        assert!(
            !text.overview.contains("二、主动公开"),
            "{name}: overview runs on"
        );
        assert!(
            !text.problems.contains("六、其他需要报告"),
            "{name}: problems run on"
        );
        let diff = differences(&doc, &want, &imported);
        assert!(
            diff.is_empty(),
            "{name}:\n{}\n{}",
            diff.join("\n"),
            imported.yaml(name)
        );
        assert_eq!(imported.cells_uncertain, 0, "{name}");
        // `ogi check` on the result: it loads, and its findings are about figures only.
        let findings = ogi_validate::check_report(&doc);
        let codes: Vec<&str> = findings.iter().map(|d| d.code).collect();
        println!(
            "{name}: {} cells read, {} uncertain, check findings {codes:?}",
            imported.cells_read, imported.cells_uncertain
        );
    }
}

#[test]
#[ignore = "prints one import for a look"]
fn show() {
    let name = std::env::var("SAMPLE").unwrap_or_else(|_| "gaj_2022".into());
    let file = std::fs::read_dir(fixture(""))
        .expect("fixtures")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.extension().is_some_and(|e| e != "yaml")
                && p.file_stem().is_some_and(|s| s == name.as_str())
        })
        .expect("sample");
    let bytes = std::fs::read(file).expect("sample");
    let (imported, _) = import(&name, &bytes);
    println!("{}", imported.yaml(&name));
}

/// `html` with every tag's attributes removed except rowspan and colspan (the structure).
fn strip_attributes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name: String = tag.chars().take_while(|c| !c.is_whitespace()).collect();
        out.push('<');
        out.push_str(&name);
        for part in tag.split_whitespace().skip(1) {
            let part = part.trim_end_matches('/');
            if part.starts_with("rowspan") || part.starts_with("colspan") {
                out.push(' ');
                out.push_str(part);
            }
        }
        out.push('>');
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// `html` with every cell's content wrapped in a `<p>` and a `<span>`.
fn wrap_cells(html: &str) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    while let Some(at) = rest.find("<td") {
        let Some(end) = rest[at..].find('>') else {
            break;
        };
        out.push_str(&rest[..at + end + 1]);
        out.push_str("<p class=\"x\"><span style=\"font-size:12pt\">");
        rest = &rest[at + end + 1..];
    }
    out.push_str(rest);
    out.replace("</td>", "</span></p></td>")
}

/// `html` with whitespace and `&nbsp;` added around every tag.
fn vary_whitespace(html: &str) -> String {
    html.replace("</p>", "&nbsp; </p>\n")
        .replace("<td", "\n\t<td")
        .replace("</td>", " \n</td>")
        .replace("<p>", "<p>\u{3000}")
}

#[test]
fn html_samples_import_the_same_when_re_serialised() {
    for name in [
        "pingtan_2019",
        "pingtan_2021",
        "gaj_2022",
        "junshan_pq_2024",
    ] {
        let html = std::fs::read_to_string(fixture(&format!("{name}.html"))).expect("sample");
        let want = expected(name);
        for (how, text) in [
            ("attributes stripped", strip_attributes(&html)),
            ("cells wrapped", wrap_cells(&html)),
            ("whitespace varied", vary_whitespace(&html)),
        ] {
            assert_ne!(text, html, "{name}: {how} changed nothing");
            let (imported, doc) = import(name, text.as_bytes());
            let diff = differences(&doc, &want, &imported);
            assert!(diff.is_empty(), "{name}, {how}:\n{}", diff.join("\n"));
            assert_eq!(imported.cells_uncertain, 0, "{name}, {how}");
        }
    }
}

#[test]
fn a_garbled_row_label_leaves_its_row_blank_and_flagged_never_filled_from_another() {
    let html = std::fs::read_to_string(fixture("pingtan_2021.html")).expect("sample");
    let garbled = html.replace("7.属于行政执法案卷", "7.□□□□■■");
    assert_ne!(garbled, html);
    let (imported, doc) = import("garbled", garbled.as_bytes());
    let want = expected("pingtan_2021");
    let diff = differences(&doc, &want, &imported);
    // Only that row differs (its 6 and 6 became ~), and every difference is flagged.
    assert!(!diff.is_empty());
    assert!(
        diff.iter()
            .all(|d| d.starts_with("table3.withheld.enforcement_files[")),
        "{diff:#?}"
    );
    assert!(diff.iter().all(|d| d.ends_with("(flagged)")), "{diff:#?}");
    let row = &doc.report.table3.withheld.enforcement_files;
    assert!(row.0.iter().all(Option::is_none));
    assert_eq!(imported.cells_uncertain, 7 + 1);
    let yaml = imported.yaml("garbled");
    assert!(
        yaml.contains("# 未能识别: 表三中“7.□□□□■■”一行对应不上模板的任何一行"),
        "{yaml}"
    );
    assert!(
        yaml.contains(
            "# 未能识别: 自然人: 表三中没有找到“（三）不予公开 · 7.属于行政执法案卷”一行"
        ),
        "{yaml}"
    );
}

#[test]
fn a_figure_straddling_two_columns_is_placed_only_when_the_row_sum_allows_one_reading() {
    let html = std::fs::read_to_string(fixture("pingtan_2021.html")).expect("sample");
    let printed = "<td><p>64</p></td><td colspan=\"2\"><p>0</p></td>";
    assert!(html.contains(printed));
    // 64 now spans 自然人 and 商业企业's first grid column; 商业企业 keeps a 0 of its own,
    // so only 自然人 = 64 leaves the row whole, and 64+0+0+2+0+4 = 70 holds.
    let shifted = html.replacen(
        printed,
        "<td colspan=\"2\"><p>64</p></td><td><p>0</p></td>",
        1,
    );
    let (imported, doc) = import("shifted", shifted.as_bytes());
    let want = expected("pingtan_2021");
    assert_eq!(
        doc.report.table3.new_requests,
        want.report.table3.new_requests
    );
    assert!(imported.notes["table3.new_requests[0]"].contains("故采用这一读法"));
    assert_eq!(imported.cells_uncertain, 0);

    // 64 over both columns with no cell of either's own: no reading leaves the row whole,
    // so neither gets it.
    let spread = html.replacen(printed, "<td colspan=\"3\"><p>64</p></td>", 1);
    let (imported, doc) = import("spread", spread.as_bytes());
    assert_eq!(doc.report.table3.new_requests.0[0], None);
    assert_eq!(doc.report.table3.new_requests.0[1], None);
    assert!(imported.notes["table3.new_requests[0]"].contains("横跨"));
    assert_eq!(imported.cells_uncertain, 2);
}

#[test]
fn a_page_saved_in_gbk_imports_the_same() {
    let html = std::fs::read_to_string(fixture("junshan_pq_2024.html")).expect("sample");
    let html = html.replacen("<meta charset=\"utf-8\" />", "<meta charset=\"gbk\" />", 1);
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&html);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk).is_err(), "really not UTF-8");
    let (imported, doc) = import("gbk", &gbk);
    let want = expected("junshan_pq_2024");
    let diff = differences(&doc, &want, &imported);
    assert!(diff.is_empty(), "{}", diff.join("\n"));
    assert_eq!(doc.report.title, want.report.title);
}
