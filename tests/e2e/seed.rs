//! The bundled seed report: transcribed completely, and clean.

use ogi_model::{CellValue, Date, load_report};

use crate::support::{fixture, ogi, seed_path};

/// The seed report as text extracted from its PDF (tables tab-separated).
fn seed_text() -> String {
    std::fs::read_to_string(fixture("seed/000_acfa5b9243423631.txt")).expect("seed text")
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn content_passes_check_with_no_diagnostics() {
    let run = ogi(&["check", "--format", "json", "content"]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert_eq!(run.json().len(), 0, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("checked 1 report file in content: 0 errors, 0 warnings, 0 infos"),
        "{}",
        run.stderr
    );
}

#[test]
fn prose_restates_table_three_and_agrees() {
    let doc = load_report(&seed_path()).expect("seed loads");
    let claims = ogi_validate::prose_claims(&doc.report);
    let stated: Vec<(&str, i64)> = claims.iter().map(|c| (c.cell.as_str(), c.stated)).collect();
    assert_eq!(
        stated,
        [
            ("表三 一、本年新收政府信息公开申请数量 · 总计", 4),
            ("表三 （一）予以公开 · 总计", 1),
            ("表三 （三）不予公开 · 总计", 1),
            ("表三 （四）无法提供 · 总计", 2)
        ]
    );
    assert!(
        claims.iter().all(|c| c.table == Some(c.stated)),
        "{claims:#?}"
    );
}

#[test]
fn every_paragraph_of_the_seed_is_in_content() {
    let doc = load_report(&seed_path()).expect("seed loads");
    let t = &doc.report.text;
    let prose = squash(&format!(
        "{}{}{}{}",
        t.preamble, t.overview, t.problems, t.other_matters
    ))
    .replace("**", "");
    let mut checked = 0;
    for para in seed_text().split("\n\n") {
        let p = para.trim();
        if p.is_empty() || p.contains('\t') || p.starts_with('#') || p.starts_with('(') {
            continue;
        }
        let p = squash(p).replace("**", "");
        let is_metadata = [
            "温泉街办〔2021〕1号",
            "鼓楼区温泉街道办事处",
            "2021年1月15日",
        ]
        .contains(&p.as_str());
        if is_metadata {
            continue;
        }
        assert!(prose.contains(&p), "paragraph missing from content: {p}");
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} paragraphs compared");
    let r = &doc.report;
    assert_eq!(r.document_number.as_deref(), Some("温泉街办〔2021〕1号"));
    let signed = r.signed.as_ref().expect("signed");
    assert_eq!(
        (signed.by.as_str(), signed.date),
        (
            "鼓楼区温泉街道办事处",
            Date::new(2021, 1, 15).expect("date")
        )
    );
    let c = r.contact.as_ref().expect("contact");
    assert_eq!(c.address.as_deref(), Some("福州市鼓楼区湖东路 218 号"));
    assert_eq!(
        (c.postcode.as_deref(), c.phone.as_deref(), c.fax.as_deref()),
        (Some("350003"), Some("87839186"), Some("87987731"))
    );
    assert_eq!(c.url.as_deref(), Some("http://www.gl.gov.cn"));
    assert_eq!(r.body.region, ["福建省", "福州市", "鼓楼区"]);
    assert_eq!(r.body.name, "福州市鼓楼区人民政府温泉街道办事处");
    let period = r.period.expect("period");
    assert_eq!(
        (period.start.to_string(), period.end.to_string()),
        ("2020-01-01".to_owned(), "2020-12-31".to_owned())
    );
}

/// The numeric fields of a tab-separated line.
fn numbers(line: &str) -> Vec<String> {
    line.split('\t')
        .map(str::trim)
        .filter(|f| {
            !f.is_empty()
                && f.chars()
                    .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_figure_of_the_seed_tables_is_in_content() {
    let doc = load_report(&seed_path()).expect("seed loads");
    let text = seed_text();
    let section = |from: &str, to: &str| -> Vec<Vec<String>> {
        let start = text.find(from).expect("section start");
        let end = text[start..].find(to).map_or(text.len(), |i| start + i);
        text[start..end]
            .lines()
            .map(numbers)
            .filter(|n| !n.is_empty())
            .collect()
    };
    // Table 2: rows in template order; the PDF prints the same figures.
    let t2: Vec<String> = doc
        .report
        .table2
        .cells()
        .iter()
        .map(|c| c.value.display())
        .collect();
    let printed: Vec<String> = section("二、主动公开政府信息情况", "三、收到和处理").concat();
    assert_eq!(t2, printed, "table 2");
    assert!(t2.contains(&"108426.00".to_owned()));
    // Table 3: 23 rows; rows after the page break lost their last column in extraction.
    let printed = section(
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议",
    );
    let rows = doc.report.table3.rows();
    assert_eq!(printed.len(), rows.len(), "table 3 rows: {printed:?}");
    let mut figures = 0;
    for ((spec, row), printed) in rows.iter().zip(&printed) {
        assert!(
            printed.len() == 7 || printed.len() == 6,
            "{}: {printed:?}",
            spec.full_label()
        );
        for (cell, figure) in row.0.iter().zip(printed) {
            assert_eq!(
                cell.map(|c| c.to_string()).as_deref(),
                Some(figure.as_str()),
                "{}",
                spec.full_label()
            );
            figures += 1;
        }
    }
    assert!(figures >= 150, "{figures}");
    // Table 4: one row of fifteen.
    let printed = section("四、政府信息公开行政复议、行政诉讼情况", "五、").concat();
    let t4: Vec<String> = doc
        .report
        .table4
        .cells()
        .iter()
        .map(|c| c.value.display())
        .collect();
    assert_eq!(t4, printed, "table 4");
    assert!(
        doc.report
            .cells()
            .iter()
            .all(|c| !matches!(c.value, CellValue::Count(None) | CellValue::Money(None)))
    );
}
