//! The command line: exit codes, `ogi rules`, `ogi new`, output formats.

use crate::support::{fixture, ogi, ogi_in};

#[test]
fn a_missing_folder_exits_2_with_a_clear_message() {
    let run = ogi(&["check", "no/such/folder"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("no/such/folder: no such content folder"),
        "{}",
        run.stderr
    );
    assert!(!run.panicked());
}

#[test]
fn errors_exit_1_and_warnings_exit_0_unless_denied() {
    let errors = ogi(&["check", "tests/e2e/fixtures/rules/T3-BALANCE/fail-2019"]);
    assert_eq!(errors.code, Some(1));
    let warnings = ogi(&["check", "tests/e2e/fixtures/rules/BLANK/fail-2019"]);
    assert_eq!(warnings.code, Some(0), "{}", warnings.stdout);
    assert!(warnings.stdout.contains("warning[BLANK]"));
    let denied = ogi(&[
        "check",
        "--deny-warnings",
        "tests/e2e/fixtures/rules/BLANK/fail-2019",
    ]);
    assert_eq!(denied.code, Some(1));
}

#[test]
fn human_output_shows_the_source_line_with_a_caret() {
    let run = ogi(&["check", "tests/e2e/fixtures/rules/T3-ROW-SUM/fail-2021"]);
    assert_eq!(run.code, Some(1));
    let out = &run.stdout;
    assert!(
        out.contains("error[T3-ROW-SUM]: 表三 （四）无法提供 · 1.本机关不掌握相关政府信息 · 总计"),
        "{out}"
    );
    assert!(out.contains("fail-2021/2022.yaml:"), "{out}");
    assert!(out.contains("not_held: [1, 0, 0, 0, 0, 0, 2]"), "{out}");
    assert!(out.contains("^ expected 1, found 2"), "{out}");
}

#[test]
fn rules_lists_every_rule_and_explains_one() {
    let list = ogi(&["rules"]);
    assert_eq!(list.code, Some(0));
    for rule in ogi_validate::registry() {
        assert!(
            list.stdout.contains(rule.meta().id),
            "{} missing",
            rule.meta().id
        );
    }
    let one = ogi(&["rules", "t3-balance"]);
    assert!(
        one.stdout.contains("T3-BALANCE (error)") && one.stdout.contains("Fix:"),
        "{}",
        one.stdout
    );
    let typo = ogi(&["rules", "T3-BALANSE"]);
    assert_eq!(typo.code, Some(2));
    assert!(
        typo.stderr.contains("did you mean T3-BALANCE?"),
        "{}",
        typo.stderr
    );
    let md = ogi(&["rules", "--markdown"]);
    let docs = std::fs::read_to_string(crate::support::root().join("docs/rules.md"))
        .expect("docs/rules.md");
    assert_eq!(
        md.stdout, docs,
        "docs/rules.md is stale: ogi rules --markdown > docs/rules.md"
    );
}

#[test]
fn new_writes_a_scaffold_that_passes_check_in_both_editions() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (year, rows) in [
        ("2020", "other: [0, 0, 0, 0, 0, 0, 0]"),
        ("2023", "overdue_fee: [0, 0, 0, 0, 0, 0, 0]"),
    ] {
        let out = dir.path().join(format!("content/x/{year}.yaml"));
        let run = ogi_in(
            Some(dir.path()),
            &[
                "new",
                "--body",
                "某某区人民政府某某街道办事处",
                "--short-name",
                "某某街道",
                "--level",
                "township",
                "--region",
                "某省,某市,某区",
                "--year",
                year,
                "--output",
                &out.to_string_lossy(),
            ],
        );
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let text = std::fs::read_to_string(&out).expect("scaffold written");
        assert!(text.contains(rows), "{text}");
        assert!(text.contains("# 4.保护第三方合法权益"));
        let again = ogi_in(
            Some(dir.path()),
            &[
                "new",
                "--body",
                "x",
                "--year",
                year,
                "--output",
                &out.to_string_lossy(),
            ],
        );
        assert_eq!(again.code, Some(2), "never overwrites");
    }
    let check = ogi_in(Some(dir.path()), &["check", "--format", "json"]);
    assert_eq!(check.code, Some(0), "{}{}", check.stdout, check.stderr);
    assert!(check.json().is_empty(), "{}", check.stdout);
    assert!(
        check.stderr.contains("checked 2 report files"),
        "{}",
        check.stderr
    );
}

#[test]
fn json_lines_carry_file_line_column_rule_and_cell() {
    let run = crate::support::check_json(&fixture("rules/T4-TOTAL/fail-2019"));
    let d = run
        .json()
        .into_iter()
        .find(|d| d["code"] == "T4-TOTAL")
        .expect("T4-TOTAL");
    assert!(d["file"].as_str().is_some_and(|f| f.ends_with("2020.yaml")));
    assert!(d["line"].as_u64().is_some() && d["column"].as_u64().is_some());
    assert_eq!(d["cell"], "表四 行政诉讼 · 复议后起诉 · 总计");
    assert_eq!(
        (d["expected"].as_str(), d["actual"].as_str()),
        (Some("4"), Some("0"))
    );
    assert_eq!(d["severity"], "error");
}
