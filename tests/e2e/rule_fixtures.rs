//! Every rule has a passing and a failing fixture in both editions (edition-specific rules:
//! a failing one in their edition and a silent one in the other). Failing fixtures are
//! snapshot-tested: `expected.txt` beside them holds `ogi check --format short` output,
//! `expected.zh.txt` the same in Chinese (`--lang zh`); regenerate with `OGI_BLESS=1`
//! after a deliberate change.

use std::path::Path;

use crate::support::{fixture, ogi};

/// Rules that only apply to one edition's table 2.
const EDITION_SPECIFIC: [(&str, &str); 2] = [("T2-IN-FORCE", "2021"), ("T2-RUNNING", "2019")];

fn codes(run: &crate::support::Run) -> Vec<String> {
    run.json()
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn check_case(id: &str, case: &Path) {
    let rel = case
        .strip_prefix(crate::support::root())
        .unwrap_or(case)
        .to_string_lossy()
        .into_owned();
    let json = ogi(&["check", "--format", "json", &rel]);
    assert!(!json.panicked(), "{}", json.stderr);
    let found = codes(&json);
    let name = case
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if name.starts_with("pass-") {
        assert!(
            !found.iter().any(|c| c == id),
            "{rel}: {id} fired on a passing fixture:\n{}",
            json.stdout
        );
        assert_ne!(
            json.code,
            Some(1),
            "{rel}: a passing fixture has errors:\n{}",
            json.stdout
        );
    } else {
        assert!(
            found.iter().any(|c| c == id),
            "{rel}: {id} did not fire:\n{}",
            json.stdout
        );
        for (lang, name) in [("en", "expected.txt"), ("zh", "expected.zh.txt")] {
            let short = ogi(&["--lang", lang, "check", "--format", "short", &rel]);
            let snapshot = case.join(name);
            if std::env::var_os("OGI_BLESS").is_some() {
                std::fs::write(&snapshot, &short.stdout).expect("write snapshot");
            }
            let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
            assert_eq!(
                short.stdout, expected,
                "{rel}: output differs from {name} (OGI_BLESS=1 to accept)"
            );
        }
    }
}

#[test]
fn every_rule_has_passing_and_failing_fixtures_in_both_editions() {
    let mut cases = 0;
    for rule in ogi_validate::registry() {
        let id = rule.meta().id;
        let dir = fixture(&format!("rules/{id}"));
        let specific = EDITION_SPECIFIC
            .iter()
            .find(|(r, _)| *r == id)
            .map(|(_, e)| *e);
        for edition in ["2019", "2021"] {
            assert!(
                dir.join(format!("pass-{edition}")).is_dir(),
                "{id}: no pass-{edition} fixture"
            );
            let fails = specific.is_none_or(|e| e == edition);
            assert_eq!(
                dir.join(format!("fail-{edition}")).is_dir(),
                fails,
                "{id}: fail-{edition} fixture expected: {fails}"
            );
        }
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .expect("fixture folder")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        entries.sort();
        for case in entries {
            check_case(id, &case);
            cases += 1;
        }
    }
    println!(
        "rule fixtures: {cases} cases over {} rules",
        ogi_validate::registry().len()
    );
    assert!(cases >= 4 * ogi_validate::registry().len() - 2);
}

#[test]
fn cross_year_series_have_three_years_with_a_break() {
    for (id, edition) in [
        ("CARRY-OVER", "2019"),
        ("CARRY-OVER", "2021"),
        ("T2-IN-FORCE", "2021"),
        ("T2-RUNNING", "2019"),
    ] {
        let case = fixture(&format!("rules/{id}/fail-{edition}"));
        let years = std::fs::read_dir(&case)
            .expect("series")
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
            .count();
        assert_eq!(years, 3, "{id} fail-{edition} is a three-year series");
        let run = crate::support::check_json(&case);
        let hits: Vec<_> = run.json().into_iter().filter(|d| d["code"] == id).collect();
        assert!(!hits.is_empty(), "{id}: the break was not found");
        // The break is in the edition's last year only: other pairs of the series are consistent.
        let last = if edition == "2019" {
            "2020.yaml"
        } else {
            "2023.yaml"
        };
        assert!(
            hits.iter()
                .all(|d| d["file"].as_str().is_some_and(|f| f.ends_with(last))),
            "{id}: {hits:?}"
        );
    }
}
