//! The YAML text of a report: the keys in the format's order, the template's labels in
//! comments, and a comment above any cell a writer has something to say about. `ogi new`
//! (through [`crate::scaffold`]) and `ogi import` write their files with it.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::cell::CellValue;
use crate::report::{Report, SECTION_HEADINGS};
use crate::scaffold::yaml_scalar;
use crate::table2::{ARTICLE, Table2, Table2Row};
use crate::table3::{self, Table3};
use crate::table4::{self, Table4};

/// Notes on cells, by YAML path: a cell (`table3.total[0]`), a row (`table3.total`) or a
/// table (`table3`); each is written as a `#` comment line above what it concerns.
pub type CellNotes = BTreeMap<String, String>;

/// Writes the YAML of `report`, starting with the comment lines `header`; a key without a
/// value (no contact, no 文号) is left out, and every blank cell is written `~`.
pub fn report_yaml(report: &Report, notes: &CellNotes, header: &[String]) -> String {
    let mut out = String::new();
    for line in header {
        for l in line.lines() {
            let _ = writeln!(out, "# {l}");
        }
    }
    let body = &report.body;
    let _ = writeln!(out, "body:");
    let _ = writeln!(out, "  name: {}", yaml_scalar(&body.name));
    if let Some(short) = &body.short_name {
        let _ = writeln!(out, "  short_name: {}", yaml_scalar(short));
    }
    let _ = writeln!(
        out,
        "  level: {}  # government | department | township | committee",
        body.level.key()
    );
    let region: Vec<String> = body.region.iter().map(|r| yaml_scalar(r)).collect();
    let _ = writeln!(out, "  region: [{}]  # 省, 市, 区县", region.join(", "));
    let _ = writeln!(out, "year: {}", report.year);
    let _ = writeln!(
        out,
        "edition: {}  # {}",
        report.edition.year(),
        report.edition.notice()
    );
    if let Some(title) = &report.title {
        let _ = writeln!(out, "title: {}", yaml_scalar(title));
    }
    if let Some(number) = &report.document_number {
        let _ = writeln!(out, "document_number: {}", yaml_scalar(number));
    }
    if let Some(signed) = &report.signed {
        let _ = writeln!(out, "signed:");
        let _ = writeln!(out, "  by: {}", yaml_scalar(&signed.by));
        let _ = writeln!(out, "  date: {}", signed.date);
    }
    if let Some(period) = &report.period {
        let _ = writeln!(out, "period:");
        let _ = writeln!(out, "  start: {}", period.start);
        let _ = writeln!(out, "  end: {}", period.end);
    }
    if let Some(c) = &report.contact {
        let fields = [
            ("address", &c.address),
            ("postcode", &c.postcode),
            ("phone", &c.phone),
            ("fax", &c.fax),
            ("email", &c.email),
            ("published_at", &c.published_at),
            ("url", &c.url),
            ("filed_with", &c.filed_with),
        ];
        if fields.iter().any(|(_, v)| v.is_some()) {
            let _ = writeln!(out, "contact:");
            for (key, value) in fields {
                if let Some(v) = value {
                    // Always quoted: a postcode or a phone number is text, not a number.
                    let _ = writeln!(out, "  {key}: {v:?}");
                }
            }
        }
    }
    let _ = writeln!(out);
    let text = &report.text;
    for (key, value) in text.fields() {
        block(&mut out, "", key, value);
    }
    if !text.extra_sections.is_empty() {
        let _ = writeln!(out, "extra_sections:");
        for section in &text.extra_sections {
            let _ = writeln!(out, "  - heading: {}", yaml_scalar(&section.heading));
            block(&mut out, "    ", "body", &section.body);
        }
    }
    let _ = writeln!(out);
    write_tables(
        &mut out,
        &report.table2,
        &report.table3,
        &report.table4,
        notes,
        Comments::Labels,
    );
    out
}

/// `key: |` and the text indented below it, or `key: ""` for no text.
fn block(out: &mut String, indent: &str, key: &str, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        let _ = writeln!(out, "{indent}{key}: \"\"");
        return;
    }
    let _ = writeln!(out, "{indent}{key}: |");
    for line in text.lines() {
        let line = line.trim_end().replace('\t', " ");
        if line.is_empty() {
            let _ = writeln!(out);
        } else {
            // A leading space would change the block's indentation: the text starts at the
            // block's margin, so it is dropped.
            let _ = writeln!(out, "{indent}  {}", line.trim_start());
        }
    }
}

fn notes_for(out: &mut String, indent: &str, path: &str, notes: &CellNotes) {
    let cell_prefix = format!("{path}[");
    for (key, note) in notes.range(path.to_owned()..) {
        if key != path && !key.starts_with(&cell_prefix) {
            if key.as_str() > cell_prefix.as_str() {
                break;
            }
            continue;
        }
        for line in note.lines() {
            let _ = writeln!(out, "{indent}# {line}");
        }
    }
}

fn row_text(values: &[CellValue<'_>]) -> String {
    let cells: Vec<String> = values
        .iter()
        .map(|v| match v {
            CellValue::Money(Some(m)) if m.unit.is_some() => yaml_scalar(&m.to_string()),
            other => other.display(),
        })
        .collect();
    format!("[{}]", cells.join(", "))
}

/// How much of the template the YAML of the tables repeats in comments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comments {
    /// Each item's columns and every row's label: for files people read and fill in
    /// (`ogi new`, `ogi import`).
    Labels,
    /// Only the columns, once for consecutive items that share them: for generated files
    /// (`ogi gen`), which nobody fills in.
    Columns,
}

/// Writes tables 2, 3 and 4 (table 2 in its own edition's layout) with the template's
/// words in comments as `comments` says, and `notes` above the cells they concern.
pub fn write_tables(
    out: &mut String,
    t2: &Table2,
    t3: &Table3,
    t4: &Table4,
    notes: &CellNotes,
    comments: Comments,
) {
    let labels = comments == Comments::Labels;
    let label = |out: &mut String, text: &str| {
        if labels {
            out.push_str("  # ");
            out.push_str(text);
        }
        out.push('\n');
    };
    let _ = writeln!(out, "# {}", SECTION_HEADINGS[1].1);
    let _ = writeln!(out, "table2:");
    notes_for(out, "  ", "table2", notes);
    let rows: Vec<Table2Row<'_>> = t2.rows().collect();
    // A comment line names the columns of the rows below it: one per item with labels, one
    // per run of rows with the same columns (several items, 第二十条第（五）项、第（六）项) without.
    let starts_run = |i: usize| match i.checked_sub(1).map(|p| rows[p].spec) {
        None => true,
        Some(prev) if labels => prev.item != rows[i].spec.item,
        Some(prev) => prev.columns != rows[i].spec.columns,
    };
    for (i, row) in rows.iter().enumerate() {
        let spec = row.spec;
        if starts_run(i) {
            let end = (i + 1..rows.len())
                .find(|&j| starts_run(j))
                .unwrap_or(rows.len());
            let mut items: Vec<&str> = Vec::new();
            let mut last = "";
            for item in rows[i..end].iter().map(|r| r.spec.item) {
                if item != last {
                    // After the first, an item is written without the article's name.
                    let short = item.strip_prefix(ARTICLE).filter(|_| !items.is_empty());
                    items.push(short.unwrap_or(item));
                    last = item;
                }
            }
            let _ = writeln!(out, "  # {}: {}", items.join("、"), spec.columns.join(", "));
        }
        let value = match row.cells() {
            [one] if spec.columns.len() == 1 => {
                row_text(&[*one]).trim_matches(['[', ']']).to_owned()
            }
            many => row_text(many),
        };
        notes_for(out, "  ", &spec.path(), notes);
        let _ = write!(out, "  {}: {value}", spec.key);
        label(out, spec.label);
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "# {}", SECTION_HEADINGS[2].1);
    let _ = writeln!(out, "# columns: {}", table3::COLUMNS.join(", "));
    let _ = writeln!(out, "table3:");
    notes_for(out, "  ", "table3", notes);
    let mut group = None;
    for (spec, row) in t3.rows() {
        let (parent, key) = match spec.key.split_once('.') {
            Some((parent, key)) => (Some(parent), key),
            None => (None, spec.key),
        };
        if let Some(parent) = parent
            && spec.group != group
        {
            let _ = write!(out, "  {parent}:");
            label(out, spec.group.unwrap_or_default());
        }
        group = if parent.is_some() { spec.group } else { None };
        let indent = if parent.is_some() { "    " } else { "  " };
        let values: Vec<CellValue<'_>> = row.0.iter().map(|c| CellValue::Count(*c)).collect();
        notes_for(out, indent, &spec.path(), notes);
        let _ = write!(out, "{indent}{key}: {}", row_text(&values));
        label(out, spec.label);
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "# {}", SECTION_HEADINGS[3].1);
    let _ = writeln!(out, "# columns: {}", table4::COLUMNS.join(", "));
    let _ = writeln!(out, "table4:");
    notes_for(out, "  ", "table4", notes);
    for (spec, row) in t4.groups() {
        let values: Vec<CellValue<'_>> = row.0.iter().map(|c| CellValue::Count(*c)).collect();
        notes_for(out, "  ", &spec.path(), notes);
        let _ = write!(out, "  {}: {}", spec.key, row_text(&values));
        label(out, spec.label);
    }
}
