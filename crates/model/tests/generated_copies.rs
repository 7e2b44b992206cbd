//! Copies of the model's table knowledge that must be text (the content format's key tables
//! and examples, the theme guide's table of outcome figures, the Hugo benchmark's data) are
//! generated here from the model. Each lives between marker lines in its file, so the
//! hand-written text around it stays; this test fails when one is stale, and
//! `OGI_BLESS=1 cargo test -p ogi-model --test generated_copies` rewrites them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ogi_model::table2::{MoneyCell, Table2, Table2021, rows_of};
use ogi_model::table3::{
    self, OUTCOMES_HEADING, OtherOutcome, OtherSplit, Outcome, RowRole, RowSpec, Table3,
};
use ogi_model::table4::{self, GROUPS, Table4};
use ogi_model::{
    CellNotes, Comments, Count, Edition, Level, Row, SECTION_HEADINGS, Text, load_report,
    write_tables,
};

const BLESS: &str = "OGI_BLESS";
const HOW: &str = "OGI_BLESS=1 cargo test -p ogi-model --test generated_copies";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A region of `file` between the lines holding `BEGIN GENERATED <name>` and
/// `END GENERATED <name>`, and what it must hold.
struct Region {
    name: &'static str,
    text: String,
}

/// Checks (or, with `OGI_BLESS=1`, rewrites) the generated regions of `file`, a path
/// relative to the repository; returns what is wrong.
fn check(file: &str, regions: &[Region]) -> Vec<String> {
    let path = repo().join(file);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => return vec![format!("{file}: cannot read it: {e}")],
    };
    let mut out = text.clone();
    let mut problems = Vec::new();
    for region in regions {
        match splice(&out, region) {
            Some(next) => out = next,
            None => problems.push(format!(
                "{file}: the markers `BEGIN GENERATED {0}` and `END GENERATED {0}` are missing or out of order",
                region.name
            )),
        }
    }
    if out != text {
        if std::env::var_os(BLESS).is_some() {
            if let Err(e) = std::fs::write(&path, &out) {
                problems.push(format!("{file}: cannot write it: {e}"));
            }
        } else {
            let stale: Vec<&str> = regions
                .iter()
                .filter(|r| splice(&text, r).is_some_and(|t| t != text))
                .map(|r| r.name)
                .collect();
            problems.push(format!(
                "{file}: generated region(s) {} differ from what the model gives (edited by hand, or the model changed); regenerate with `{HOW}`",
                stale.join(", ")
            ));
        }
    }
    problems
}

/// `text` with the lines between `region`'s markers replaced by its text.
fn splice(text: &str, region: &Region) -> Option<String> {
    let begin = format!("BEGIN GENERATED {}", region.name);
    let end = format!("END GENERATED {}", region.name);
    let start = text.find(&begin)?;
    let body_start = start + text[start..].find('\n')? + 1;
    let end_at = body_start + text[body_start..].find(&end)?;
    let body_end = text[..end_at].rfind('\n')? + 1;
    if body_end < body_start {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..body_start]);
    out.push_str(&region.text);
    out.push_str(&text[body_end..]);
    Some(out)
}

/// A table-2 row's columns as the content format describes them.
fn columns_text(spec: &ogi_model::table2::RowSpec) -> String {
    let money = spec.money_column();
    if spec.columns.len() == 1 {
        let what = if money.is_some() {
            "one money value, not a list"
        } else {
            "one cell"
        };
        return format!("{} ({what})", spec.columns[0]);
    }
    let cells: Vec<String> = spec
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| match money {
            Some(m) if m == i => format!("{c} (money)"),
            Some(_) => format!("{c} (count)"),
            None => (*c).to_owned(),
        })
        .collect();
    cells.join(", ")
}

/// Section 5.3 of the content format: the keys of table 2 in both editions.
fn table2_keys() -> String {
    let mut out = String::new();
    for (edition, name) in [(Edition::E2019, "2019"), (Edition::E2021, "2021")] {
        let rows = rows_of(edition);
        let cells: usize = rows.iter().map(|r| r.columns.len()).sum();
        let _ = writeln!(out, "{name} edition ({cells} cells):\n");
        out.push_str("| key | item | row label | columns, in order |\n|---|---|---|---|\n");
        for (i, spec) in rows.iter().enumerate() {
            let same = i > 0 && spec.columns.len() > 1 && rows[i - 1].columns == spec.columns;
            let columns = if same {
                "same".to_owned()
            } else {
                columns_text(spec)
            };
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {columns} |",
                spec.key, spec.item, spec.label
            );
        }
        if edition == Edition::E2019 {
            out.push('\n');
        }
    }
    out
}

/// Section 5.4 of the content format: the keys of table 3, both shapes of （六）.
fn table3_keys() -> String {
    let mut out = String::from("| key | row label |\n|---|---|\n");
    let mut outcomes_seen = false;
    let mut group = None;
    let mut split_seen = false;
    for spec in Table3::all_specs() {
        let mut label = String::new();
        if spec.role == RowRole::Outcome && !outcomes_seen {
            label.push_str(OUTCOMES_HEADING);
            label.push(' ');
            outcomes_seen = true;
        }
        let other = spec.outcome == Some(Outcome::Other);
        if other && spec.group.is_some() && !split_seen {
            label.push_str("... or split: ");
            split_seen = true;
        } else if spec.group.is_some() && spec.group != group {
            label.push_str(spec.group.unwrap_or_default());
            label.push(' ');
        }
        group = spec.group;
        label.push_str(spec.label);
        if other && spec.group.is_none() {
            label.push_str(", as one row ...");
        }
        let _ = writeln!(out, "| `{}` | {label} |", spec.key);
    }
    out
}

/// Section 5.5 of the content format: the groups of table 4.
fn table4_keys() -> String {
    let mut out = String::from("| key | group |\n|---|---|\n");
    for g in GROUPS {
        let _ = writeln!(out, "| `{}` | {} |", g.key, g.label);
    }
    out
}

/// The tables of `table2`, `table3` and `table4` as `ogi new` and `ogi import` write
/// them, in a fenced block.
fn yaml_block(t2: &Table2, t3: &Table3, t4: &Table4, upto_table4: bool) -> String {
    let mut yaml = String::new();
    write_tables(&mut yaml, t2, t3, t4, &CellNotes::new(), Comments::Labels);
    if !upto_table4 {
        let cut = format!("\n# {}", SECTION_HEADINGS[3].1);
        if let Some(at) = yaml.find(&cut) {
            yaml.truncate(at);
        }
    }
    format!("```yaml\n{yaml}```\n")
}

/// Section 3's tables: the seed's, as the model writes them.
fn seed_tables() -> String {
    let path = repo().join("content/fujian/fuzhou/gulou/wenquan/2020.yaml");
    let doc = load_report(&path).unwrap_or_else(|e| panic!("the seed loads: {e}"));
    let r = &doc.report;
    yaml_block(&r.table2, &r.table3, &r.table4, true)
}

/// Section 4's example: tables 2 and 3 of a 2021-edition report, figures for illustration.
fn example_2021() -> String {
    let c = |n: i64| Count::new(n);
    let row3 = |a, b, d| Row([c(a), c(b), c(d)]);
    let t2 = Table2::E2021(Table2021 {
        regulations: row3(0, 0, 0),
        normative_documents: row3(2, 1, 9),
        licensing: Row([c(3)]),
        punishment: Row([c(0)]),
        enforcement: Row([None]),
        fees: MoneyCell("0.352100".parse().ok()),
    });
    let one = Row([c(1), c(0), c(0), c(0), c(0), c(0), c(1)]);
    let mut t3 = Table3 {
        new_requests: one,
        total: one,
        other: OtherOutcome::Split(OtherSplit {
            other: one,
            ..OtherSplit::default()
        }),
        ..Table3::default()
    };
    for spec in Table3::template_specs(Edition::E2021) {
        if let Some(row) = t3.row_mut(spec.key)
            && row.0.iter().all(Option::is_none)
        {
            *row = Row([c(0); 7]);
        }
    }
    yaml_block(&t2, &t3, &Table4::default(), false)
}

/// The theme guide's table of the figures of Outcomes (section 6.2).
fn outcome_fields() -> String {
    let mut out = String::from(
        "| field | type | row of table 3 | short label (`outcome_labels`) |\n|---|---|---|---|\n",
    );
    let specs = Table3::all_specs();
    let mut done: Vec<&str> = Vec::new();
    for spec in &specs {
        let top = spec.key.split('.').next().unwrap_or_default();
        if done.contains(&top) {
            continue;
        }
        done.push(top);
        let (row, short) = match spec.outcome {
            Some(o) => {
                let of = |s: &&RowSpec| s.outcome == Some(o);
                let single = specs.iter().filter(of).any(|s| s.group.is_none());
                let split = specs
                    .iter()
                    .filter(of)
                    .filter(|s| s.group.is_some())
                    .count();
                let rows = match (single, split) {
                    (true, 0) => String::new(),
                    (false, _) => ", all its rows".to_owned(),
                    (true, n) => format!(", its one row or its {n} rows"),
                };
                (format!("{}{rows}", o.heading()), o.short_label())
            }
            None => (spec.label.to_owned(), ""),
        };
        let _ = writeln!(out, "| `{top}` | Figure | {row} | {short} |");
    }
    out.push_str(
        "| `outcomes` | list of 6 Figure | the six outcome figures above, in the order of `outcome_labels` and of the charts' series | |\n",
    );
    out
}

/// The Hugo benchmark's data: what its layouts take from the model.
fn hugo_data() -> String {
    let mut out = String::from("levels:\n");
    for level in Level::ALL {
        let _ = writeln!(out, "  {}: {}", level.key(), level.label());
    }
    out.push_str("notices:\n");
    for e in [Edition::E2019, Edition::E2021] {
        let _ = writeln!(out, "  \"{}\": {}", e.year(), e.notice());
    }
    out.push_str("sections:\n");
    let text_fields: Vec<&str> = Text::default().fields().iter().map(|(k, _)| *k).collect();
    for (i, (key, heading)) in SECTION_HEADINGS.iter().enumerate() {
        let source = if text_fields.contains(key) {
            format!("text: {key}")
        } else {
            format!("table: table{}", i + 1)
        };
        let _ = writeln!(out, "  - {{key: {key}, heading: {heading}, {source}}}");
    }
    out.push_str("table2:\n");
    for e in [Edition::E2019, Edition::E2021] {
        let _ = writeln!(out, "  \"{}\":", e.year());
        for r in rows_of(e) {
            let _ = writeln!(
                out,
                "    - {{key: {}, item: {}, label: {}, columns: [{}]}}",
                r.key,
                r.item,
                r.label,
                r.columns.join(", ")
            );
        }
    }
    let _ = writeln!(out, "table3_columns: [{}]", table3::COLUMNS.join(", "));
    out.push_str(
        "# Rows of table 3: path below table3, group (if any), label, whether it is an outcome row.\ntable3:\n",
    );
    let row = |spec: &RowSpec, flags: &str| {
        let path = spec.key.split('.').collect::<Vec<_>>().join(", ");
        let group = spec
            .group
            .map(|g| format!(", group: {g}"))
            .unwrap_or_default();
        format!(
            "  - {{path: [{path}]{group}, label: {}{flags}}}\n",
            spec.label
        )
    };
    for spec in Table3::template_specs(Edition::E2019) {
        let mut flags = String::new();
        if matches!(spec.role, RowRole::Outcome | RowRole::Total) {
            flags.push_str(", outcome: true");
        }
        if spec.outcome == Some(Outcome::Other) {
            flags.push_str(", other: true");
        }
        out.push_str(&row(&spec, &flags));
    }
    out.push_str("table3_other_split:\n");
    for spec in Table3::template_specs(Edition::E2021) {
        if spec.outcome == Some(Outcome::Other) {
            out.push_str(&row(&spec, ""));
        }
    }
    let _ = writeln!(out, "table4_columns: [{}]", table4::COLUMNS.join(", "));
    out.push_str("table4:\n");
    for g in GROUPS {
        let _ = writeln!(out, "  - {{key: {}, label: {}}}", g.key, g.label);
    }
    let _ = writeln!(
        out,
        "outcome_labels: [{}]",
        Outcome::short_labels().join(", ")
    );
    out
}

#[test]
fn generated_copies_match_the_model() {
    let region = |name, text| Region { name, text };
    let mut problems = check(
        "docs/content-format.md",
        &[
            region("seed-tables", seed_tables()),
            region("example-2021", example_2021()),
            region("table2-keys", table2_keys()),
            region("table3-keys", table3_keys()),
            region("table4-keys", table4_keys()),
        ],
    );
    problems.extend(check(
        "docs/themes.md",
        &[region("outcome-fields", outcome_fields())],
    ));
    problems.extend(check(
        "bench/hugo/data/ogi.yaml",
        &[region("hugo-data", hugo_data())],
    ));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_region_is_replaced_between_its_markers_only() {
    let text = "keep\n<!-- BEGIN GENERATED x -->\nold\n<!-- END GENERATED x -->\nkeep too\n";
    let region = Region {
        name: "x",
        text: "new\n".to_owned(),
    };
    assert_eq!(
        splice(text, &region).as_deref(),
        Some("keep\n<!-- BEGIN GENERATED x -->\nnew\n<!-- END GENERATED x -->\nkeep too\n")
    );
    assert_eq!(splice("no markers\n", &region), None);
}
