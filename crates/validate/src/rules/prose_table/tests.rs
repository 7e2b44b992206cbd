//! Tests of the rule and of reading claims from prose.

use super::numbers::number;
use super::*;
use crate::rules::testing::{doc, run, set_row};
use ogi_model::Edition;

fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

#[test]
fn numbers_in_both_scripts() {
    assert_eq!(number(&chars("4")), Some(4));
    assert_eq!(number(&chars("12")), Some(12));
    assert_eq!(number(&chars("四")), Some(4));
    assert_eq!(number(&chars("十二")), Some(12));
    assert_eq!(number(&chars("二十")), Some(20));
    assert_eq!(number(&chars("一百二十")), Some(120));
    assert_eq!(number(&chars("")), None);
}

fn with_prose(edition: Edition, prose: &'static str) -> ogi_model::Document {
    doc(2020, edition, move |t| {
        let t = set_row(&t, "new_requests", "[4, 0, 0, 0, 0, 0, 4]");
        let t = set_row(&t, "granted", "[1, 0, 0, 0, 0, 0, 1]");
        let t = set_row(&t, "third_party", "[1, 0, 0, 0, 0, 0, 1]");
        let t = set_row(&t, "not_held", "[2, 0, 0, 0, 0, 0, 2]");
        let t = set_row(&t, "total", "[4, 0, 0, 0, 0, 0, 4]");
        t.replace("overview: \"\"", &format!("overview: {prose}"))
    })
}

#[test]
fn agreeing_prose_passes_and_a_contradiction_is_located() {
    for edition in [Edition::E2019, Edition::E2021] {
        let agree = with_prose(
            edition,
            "街道共受理依申请公开4件，予以公开1件，不予公开1件，无法提供两件。",
        );
        assert_eq!(prose_claims(&agree.report).len(), 4);
        assert!(run(&ProseTable, &agree).is_empty());
        let differ = with_prose(
            edition,
            "街道共受理依申请公开5件，予以公开1件，不予公开1件，无法提供2件。",
        );
        let found = run(&ProseTable, &differ);
        assert_eq!(found.len(), 1, "{found:#?}");
        let span = found[0].span.expect("located");
        assert_eq!(&differ.text[span.start..span.end], "受理依申请公开5件");
        assert_eq!(
            found[0].cell.as_deref(),
            Some("表三 一、本年新收政府信息公开申请数量 · 总计")
        );
        assert_eq!(
            (found[0].expected.as_deref(), found[0].actual.as_deref()),
            (Some("4"), Some("5"))
        );
    }
}

#[test]
fn a_clause_break_ends_the_search() {
    let d = with_prose(Edition::E2019, "受理渠道畅通，全年办理7件。");
    assert!(prose_claims(&d.report).is_empty());
}

#[test]
fn complaints_are_not_requests_and_joined_outcomes_are_summed() {
    let d = with_prose(
        Edition::E2021,
        "收到群众诉求348件。其中：予以公开及不予公开2件，不予公开和无法提供3件。",
    );
    let claims = prose_claims(&d.report);
    let cells: Vec<(&str, i64, Option<i64>)> = claims
        .iter()
        .map(|c| (c.cell.as_str(), c.stated, c.table))
        .collect();
    assert_eq!(
        cells,
        [
            ("表三 （一）予以公开 + （三）不予公开 · 总计", 2, Some(2)),
            ("表三 （三）不予公开 + （四）无法提供 · 总计", 3, Some(3)),
        ]
    );
}

#[test]
fn a_number_split_from_its_unit_by_a_line_break_counts() {
    let d = with_prose(
        Edition::E2021,
        "|\n  区政府办代表区政府受理政府\n  信息公开申请 1\n  7 件，均已予以答复。",
    );
    let found = run(&ProseTable, &d);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].actual.as_deref(), Some("17"));
    let span = found[0].span.expect("located");
    assert!(d.text[span.start..span.end].starts_with("受理政府"));
    assert!(d.text[span.start..span.end].ends_with("7 件"));
}

#[test]
fn subjects_after_the_unit_carry_overs_and_things_that_are_not_requests() {
    let d = with_prose(
        Edition::E2021,
        "全年共收到4件申请，办结4件，0件结转下年度继续办理；结转上年度政府信息公开申请0件。\
         12345热线转办件1360件，现场接待政府信息公开咨询56件，接到群众来信来访26件，\
         其中自然人申请4件。",
    );
    let cells: Vec<(String, i64)> = prose_claims(&d.report)
        .into_iter()
        .map(|c| (c.cell, c.stated))
        .collect();
    assert_eq!(
        cells,
        [
            ("表三 一、本年新收政府信息公开申请数量 · 总计".to_owned(), 4),
            ("表三 四、结转下年度继续办理 · 总计".to_owned(), 0),
            ("表三 二、上年结转政府信息公开申请数量 · 总计".to_owned(), 0),
            (
                "表三 一、本年新收政府信息公开申请数量 · 自然人".to_owned(),
                4
            ),
        ]
    );
}

#[test]
fn vague_and_ordinal_numbers_are_not_counts() {
    let d = with_prose(
        Edition::E2019,
        "认真受理每一件申请；全年受理申请数十件；受理政府信息公开申请约5件；受理的第3件申请。",
    );
    assert_eq!(prose_claims(&d.report), Vec::new());
}

/// Random prose of request phrases, numbers, units, spaces, line breaks and clause breaks:
/// the claims read in windows are those read in the whole field, long numbers included.
#[test]
fn windows_find_what_the_whole_field_gives() {
    const PIECES: [&str; 28] = [
        "受理",
        "申请",
        "依申请公开",
        "予以公开",
        "及",
        "以及",
        "部分公开",
        "件",
        "起",
        "4",
        "12",
        "四",
        "十二",
        "一百二十",
        "，",
        "。",
        "\n",
        "\n\n",
        "\n  \n",
        " ",
        "　",
        "*",
        "**",
        "咨询",
        "上年结转",
        "结转下年度",
        "自然人",
        "文字",
    ];
    let base = with_prose(Edition::E2021, "\"\"");
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let (mut found, mut mismatches) = (0, 0);
    for round in 0..3000 {
        let mut text = String::new();
        for _ in 0..next(200) {
            text.push_str(PIECES[next(PIECES.len())]);
        }
        if round % 10 == 0 {
            // A number longer than any window.
            text.push_str(&"1".repeat(40 + next(200)));
            text.push('件');
        }
        let mut report = base.report.clone();
        report.text.overview = text;
        let claims = prose_claims(&report);
        found += claims.len();
        let mismatched: Vec<Claim> = claims
            .iter()
            .filter(|c| c.table.is_some_and(|t| t != c.stated))
            .cloned()
            .collect();
        assert_eq!(claims::mismatched_claims(&report), mismatched);
        mismatches += mismatched.len();
        assert_eq!(
            claims,
            claims::prose_claims_whole(&report),
            "{}",
            report.text.overview
        );
    }
    assert!(found > 1000, "only {found} claims");
    assert!(
        mismatches > 100 && mismatches < found,
        "{mismatches} of {found} claims differ from the table"
    );
}
