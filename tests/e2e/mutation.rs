//! Mutation test: every count cell of tables 3 and 4 of the seed, increased by one,
//! must make `ogi check` exit 1 with a diagnostic of each relation the cell is part of,
//! pointing at that cell's line and column.

use ogi_model::table3::RowRole;
use ogi_model::{CellValue, load_report};

use crate::support::{check_json, seed_path};

/// The rules that must catch a change to the table 3 cell in a row of `role`.
fn table3_rules(role: RowRole) -> Vec<&'static str> {
    let mut rules = vec!["T3-ROW-SUM"];
    if matches!(
        role,
        RowRole::NewRequests | RowRole::CarriedOver | RowRole::Total | RowRole::CarriedForward
    ) {
        rules.push("T3-BALANCE");
    }
    if matches!(role, RowRole::Outcome | RowRole::Total) {
        rules.push("T3-OUTCOMES");
    }
    rules
}

/// Whether diagnostic `d` points at `line`:`column`, as its primary span or a label.
fn points_at(d: &serde_json::Value, line: usize, column: usize) -> bool {
    let at = |s: &serde_json::Value| {
        s["line"].as_u64() == Some(line as u64) && s["column"].as_u64() == Some(column as u64)
    };
    at(&d["span"])
        || d["labels"]
            .as_array()
            .is_some_and(|ls| ls.iter().any(|l| at(&l["span"])))
}

#[test]
fn every_count_cell_of_tables_3_and_4_is_guarded() {
    let doc = load_report(&seed_path()).expect("seed loads");
    let mut mutants = Vec::new();
    for (spec, _) in doc.report.table3.rows() {
        for c in 0..7 {
            mutants.push((
                format!("{}[{c}]", spec.path()),
                spec.cell_label(c),
                table3_rules(spec.role),
            ));
        }
    }
    for cell in doc.report.table4.cells() {
        mutants.push((
            cell.path.to_owned(),
            cell.label.to_owned(),
            vec!["T4-TOTAL"],
        ));
    }
    assert_eq!(mutants.len(), 23 * 7 + 15);

    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("2020.yaml");
    let cells = doc.report.cells();
    let mut caught = 0;
    let mut missed = Vec::new();
    for (path, label, rules) in &mutants {
        let span = doc.span(path).expect("cell mapped");
        let value = cells.iter().find(|c| c.path == path).map(|c| c.value);
        let Some(CellValue::Count(Some(n))) = value else {
            panic!("{path} is not a count")
        };
        let text = format!(
            "{}{}{}",
            &doc.text[..span.start],
            n.get() + 1,
            &doc.text[span.end..]
        );
        std::fs::write(&file, text).expect("write mutant");
        let run = check_json(dir.path());
        assert!(!run.panicked(), "{}", run.stderr);
        let found = run.json();
        let all_rules = rules.iter().all(|rule| {
            found
                .iter()
                .any(|d| d["code"] == *rule && points_at(d, span.line, span.column))
        });
        if run.code == Some(1) && all_rules {
            caught += 1;
        } else {
            missed.push(format!(
                "{label} ({path}, line {}): exit {:?}, wanted {rules:?}, got {}",
                span.line, run.code, run.stdout
            ));
        }
    }
    println!("mutation score: {caught}/{} mutants caught", mutants.len());
    assert!(
        missed.is_empty(),
        "{} mutants survived:\n{}",
        missed.len(),
        missed.join("\n")
    );
}
