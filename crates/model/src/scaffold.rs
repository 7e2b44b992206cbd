//! A new, empty report: every cell present as 0, the template's labels in comments.

use std::fmt::Write;

use crate::report::{Edition, Level};
use crate::table2::{MoneyCell, Procurement, Table2, Table2019, Table2021};
use crate::table3::{OtherOutcome, OtherSplit, Table3};
use crate::table4::Table4;
use crate::value::{Count, Money};
use crate::write::{CellNotes, Comments, write_tables};

/// What `ogi new` is told about the report to start.
#[derive(Clone, Debug)]
pub struct ScaffoldOptions {
    /// Full name of the body.
    pub body: String,
    /// Short name, if any.
    pub short_name: Option<String>,
    /// Kind of body.
    pub level: Level,
    /// Region path from the province down.
    pub region: Vec<String>,
    /// Year reported on.
    pub year: i32,
    /// Edition of the format; the one for `year` when `None`.
    pub edition: Option<Edition>,
}

/// Quotes `s` as a YAML scalar when it needs quoting, for writers of report files.
pub fn yaml_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && !s.starts_with(|c: char| c.is_ascii_digit() || " -?:,[]{}#&*!|>'\"%@`~".contains(c))
        && !s.contains([':', '#', '\n', '"', '\'', '[', ']', '{', '}', ','])
        && !matches!(s, "true" | "false" | "null" | "yes" | "no" | "on" | "off")
        && s.trim() == s;
    if plain {
        s.to_owned()
    } else {
        format!("{s:?}")
    }
}

/// Writes the YAML of a new report that passes `ogi check`.
pub fn scaffold(opts: &ScaffoldOptions) -> String {
    let edition = opts.edition.unwrap_or_else(|| Edition::for_year(opts.year));
    let name = opts.short_name.as_deref().unwrap_or(&opts.body);
    let mut out = String::new();
    let region: Vec<String> = opts.region.iter().map(|r| yaml_scalar(r)).collect();
    let level = opts.level.key();
    let _ = writeln!(out, "# {name} {} 年度政府信息公开工作年度报告", opts.year);
    let _ = writeln!(
        out,
        "# Written by `ogi new`. The keys are explained in docs/content-format.md;"
    );
    let _ = writeln!(out, "# a blank cell is written ~ and is not the same as 0.");
    let _ = writeln!(out, "body:");
    let _ = writeln!(out, "  name: {}", yaml_scalar(&opts.body));
    if let Some(short) = &opts.short_name {
        let _ = writeln!(out, "  short_name: {}", yaml_scalar(short));
    }
    let _ = writeln!(
        out,
        "  level: {level}  # government | department | township | committee"
    );
    let _ = writeln!(out, "  region: [{}]  # 省, 市, 区县", region.join(", "));
    let _ = writeln!(out, "year: {}", opts.year);
    let _ = writeln!(out, "edition: {}  # {}", edition.year(), edition.notice());
    let _ = writeln!(
        out,
        "# document_number: 文号, e.g. 某某〔{}〕1号",
        opts.year + 1
    );
    let _ = writeln!(
        out,
        "# signed: {{by: {}, date: {}-01-31}}",
        yaml_scalar(&opts.body),
        opts.year + 1
    );
    let _ = writeln!(
        out,
        "# contact: {{address: …, postcode: …, phone: …, fax: …, published_at: …, url: …}}"
    );
    let _ = writeln!(
        out,
        "preamble: \"\"       # 前言: legal basis, period, where published, contact (Markdown)"
    );
    let _ = writeln!(
        out,
        "overview: \"\"       # 一、总体情况 (Markdown, with its sub-heads)"
    );
    let _ = writeln!(out, "problems: \"\"       # 五、存在的主要问题及改进情况");
    let _ = writeln!(out, "other_matters: \"\"  # 六、其他需要报告的事项");
    let _ = writeln!(out);
    let zero_money = "0".parse::<Money>().ok();
    let table2 = match edition {
        Edition::E2019 => Table2::E2019(Table2019 {
            procurement: Procurement(Count::new(0), zero_money),
            ..Table2019::default()
        }),
        Edition::E2021 => Table2::E2021(Table2021 {
            fees: MoneyCell(zero_money),
            ..Table2021::default()
        }),
    };
    let mut t3 = Table3::default();
    if edition == Edition::E2021 {
        t3.other = OtherOutcome::Split(OtherSplit::default());
    }
    write_tables(
        &mut out,
        &table2,
        &t3,
        &Table4::default(),
        &CellNotes::new(),
        Comments::Labels,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::parse_report;

    fn opts(year: i32) -> ScaffoldOptions {
        ScaffoldOptions {
            body: "某某区人民政府某某街道办事处".into(),
            short_name: Some("某某街道".into()),
            level: Level::Township,
            region: vec!["某省".into(), "某市".into(), "某区".into()],
            year,
            edition: None,
        }
    }

    #[test]
    fn scaffolds_load_in_both_editions_with_every_cell_zero() {
        for (year, rows) in [(2020, 23), (2022, 25)] {
            let text = scaffold(&opts(year));
            let doc = parse_report(std::path::Path::new("new.yaml"), text.clone())
                .unwrap_or_else(|e| panic!("{e}\n{text}"));
            assert_eq!(doc.report.table3.rows().len(), rows);
            assert_eq!(doc.report.edition, Edition::for_year(year));
            let cells = doc.report.table3.cells();
            assert!(cells.iter().all(|c| c.value.display() == "0"));
            assert!(
                doc.report
                    .table2
                    .cells()
                    .iter()
                    .all(|c| c.value.display() == "0")
            );
            assert!(matches!(
                (&doc.report.table2, year),
                (Table2::E2019(_), 2020) | (Table2::E2021(_), 2022)
            ));
            assert!(text.contains("# 4.保护第三方合法权益"));
        }
    }

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(yaml_scalar("温泉街道"), "温泉街道");
        assert_eq!(yaml_scalar("a: b"), "\"a: b\"");
        assert_eq!(yaml_scalar("2021"), "\"2021\"");
    }
}
