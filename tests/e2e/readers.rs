//! The archive for its readers (issue 12): statistics that never invent a figure, open
//! data that keeps blanks blank and says which reports are flagged, and tables readable on
//! a 390 px phone, checked in headless Chromium with screenshots for people to look at.
//! Fixture: `fixtures/readers/` (see its site.yaml for what each report is there for).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use scraper::{ElementRef, Html, Selector};

use crate::browser::{chromium, screenshot, screenshots};
use crate::http::serve;
use crate::site::project;
use crate::support::{fixture, ogi_in};
use crate::webdriver::Driver;

/// Builds the readers' fixture archive, in its own themes or all in `theme`.
pub(crate) fn build_readers(theme: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = project(&fixture("readers"));
    let mut args = vec!["build"];
    if let Some(theme) = theme {
        args.extend(["--theme", theme]);
    }
    let run = ogi_in(Some(dir.path()), &args);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("built 5 reports (1 flagged with errors)"),
        "{}",
        run.stderr
    );
    let site = dir.path().join("site");
    (dir, site)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).expect("selector")
}

/// One summed figure as computed here, independently of the site's code.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Want {
    value: i64,
    missing: usize,
    derived: usize,
}

impl Want {
    fn text(&self) -> String {
        if self.missing > 0 {
            format!("≥ {}", self.value)
        } else {
            self.value.to_string()
        }
    }
}

/// A year's row as computed here: reports, the ten figures, flagged report addresses.
#[derive(Debug, Default)]
struct WantRow {
    reports: usize,
    figures: [Want; 10],
    flagged: Vec<String>,
}

/// Which of the ten figures (一, 二, （一）…（七）, 四) a table-3 row label adds to.
fn figure_of(row: &str) -> usize {
    let prefixes = [
        "一、",
        "二、",
        "（一）",
        "（二）",
        "（三）",
        "（四）",
        "（五）",
        "（六）",
        "（七）",
        "四、",
    ];
    prefixes
        .iter()
        .position(|p| row.starts_with(p))
        .unwrap_or_else(|| panic!("unknown row {row}"))
}

/// The statistics of `data/table3.csv` (the raw cells, blank as empty) by year, for the
/// reports of `district` (all when `None`): a blank 总计 with six filled applicant cells
/// counts as their sum (derived), otherwise the filled cells count and the report is
/// missing; each report counts once per figure.
fn expected(csv: &str, district: Option<&str>) -> BTreeMap<i32, WantRow> {
    // (year, report) → per-figure (value, any missing, any derived), flagged
    let mut reports: BTreeMap<(i32, String), ([Want; 10], bool)> = BTreeMap::new();
    for line in csv.trim_start_matches('\u{feff}').lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 15, "{line}");
        if district.is_some_and(|d| d != f[2]) {
            continue;
        }
        let year: i32 = f[3].parse().expect("year");
        let cells: Vec<Option<i64>> = f[6..13]
            .iter()
            .map(|c| (!c.is_empty()).then(|| c.parse().expect("a figure")))
            .collect();
        let entry = reports
            .entry((year, f[13].to_owned()))
            .or_insert(([Want::default(); 10], f[14] == "true"));
        let want = &mut entry.0[figure_of(f[5])];
        match cells[6] {
            Some(total) => want.value += total,
            None => {
                want.value += cells[..6].iter().flatten().sum::<i64>();
                if cells[..6].iter().all(Option::is_some) {
                    want.derived = 1;
                } else {
                    want.missing = 1;
                }
            }
        }
    }
    let mut years: BTreeMap<i32, WantRow> = BTreeMap::new();
    for ((year, url), (figures, flagged)) in reports {
        let row = years.entry(year).or_default();
        row.reports += 1;
        for (sum, one) in row.figures.iter_mut().zip(figures) {
            sum.value += one.value;
            sum.missing += one.missing;
            sum.derived += one.derived;
        }
        if flagged {
            row.flagged.push(url);
        }
    }
    years
}

/// The text of `el` itself, without its children's (the figure before its marks).
fn own_text(el: ElementRef<'_>) -> String {
    el.children()
        .filter_map(|n| n.value().as_text().map(|t| t.to_string()))
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Checks the summary table `table_id` of `page` against `want`; returns how many figures
/// it compared.
fn assert_table(page: &Path, table_id: &str, want: &BTreeMap<i32, WantRow>) -> usize {
    let html = Html::parse_document(&read(page));
    let table = html
        .select(&sel(&format!("#{table_id}")))
        .next()
        .unwrap_or_else(|| panic!("no #{table_id} in {}", page.display()));
    let notes = html
        .select(&sel(&format!("#{}", table_id.replace("-table", "-notes"))))
        .next();
    let mut compared = 0;
    let rows: Vec<ElementRef<'_>> = table.select(&sel("tbody tr")).collect();
    assert_eq!(rows.len(), want.len(), "{table_id}: one row per year");
    for (tr, (year, w)) in rows.into_iter().zip(want) {
        let th = tr.select(&sel("th")).next().expect("year cell");
        let place = format!("{} {table_id} {year}", page.display());
        assert!(own_text(th).starts_with(&year.to_string()), "{place}");
        let tds: Vec<ElementRef<'_>> = tr.select(&sel("td")).collect();
        assert_eq!(tds.len(), 11, "{place}");
        assert_eq!(own_text(tds[0]), w.reports.to_string(), "{place}: 报告数");
        for (i, (td, f)) in tds[1..].iter().zip(&w.figures).enumerate() {
            assert_eq!(own_text(*td), f.text(), "{place}: figure {i}");
            assert_eq!(
                td.select(&sel(".derived-mark")).next().is_some(),
                f.derived > 0,
                "{place}: figure {i} marked derived"
            );
            let note = td
                .select(&sel(".figure-note"))
                .next()
                .map(|n| n.text().collect::<String>());
            let want_note = (f.missing > 0).then(|| format!("（{} 份报告未填）", f.missing));
            assert_eq!(note, want_note, "{place}: figure {i}");
            compared += 1;
        }
        let badge = th
            .select(&sel(".badge-error"))
            .next()
            .map(|b| b.text().collect::<String>());
        let want_badge = (!w.flagged.is_empty()).then(|| format!("含错误报告 {}", w.flagged.len()));
        assert_eq!(badge, want_badge, "{place}: flagged mark");
        for url in &w.flagged {
            let notes = notes.unwrap_or_else(|| panic!("{place}: no notes under the table"));
            assert!(
                notes
                    .select(&sel(".note-flagged a"))
                    .any(|a| a.value().attr("href") == Some(url.as_str())),
                "{place}: the flagged report {url} is not linked"
            );
        }
    }
    compared
}

#[test]
fn statistics_and_district_pages_equal_figures_computed_from_the_raw_cells() {
    let (_dir, site) = build_readers(None);
    let csv = read(&site.join("data/table3.csv"));
    let all = expected(&csv, None);
    let gulou = expected(&csv, Some("鼓楼区"));
    // The fixture's three cases, stated by hand so the computation above is checked too.
    let y2019 = &all[&2019].figures;
    assert_eq!(
        (y2019[2].value, y2019[2].derived, y2019[2].missing),
        (272, 1, 0),
        "2019: 258 + 12 + 1 + 1 granted, derived from the applicant columns"
    );
    let y2020 = &all[&2020].figures;
    assert_eq!((y2020[2].text(), y2020[2].missing), ("≥ 3".to_owned(), 1));
    assert_eq!(y2020[8].text(), "13", "4 + 5 (flagged) + 4");
    assert_eq!(all[&2020].flagged.len(), 1);
    let mut compared = assert_table(&site.join("statistics/index.html"), "stats-all-table", &all);
    compared += assert_table(
        &site.join("statistics/index.html"),
        "stats-gulou-table",
        &gulou,
    );
    compared += assert_table(
        &site.join("districts/gulou/index.html"),
        "district-trend-table",
        &gulou,
    );
    let stats = read(&site.join("statistics/index.html"));
    assert!(
        !stats.contains("按 0 计。"),
        "the page no longer says blanks count as 0"
    );
    println!("statistics: {compared} figures equal the ones computed from the raw cells");
}

#[test]
fn open_data_keeps_blank_empty_and_says_which_reports_are_flagged() {
    let (_dir, site) = build_readers(None);
    let csv = read(&site.join("data/table3.csv"));
    assert!(
        csv.lines()
            .next()
            .is_some_and(|h| h.ends_with(",总计,report,flagged"))
    );
    let mut blank_totals = 0;
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let flagged = f[13].contains("/dongjie/");
        assert_eq!(f[14], if flagged { "true" } else { "false" }, "{line}");
        if f[13].contains("/gudong/") {
            assert_eq!(f[12], "", "the source's 总计 is ~: {line}");
            blank_totals += 1;
        }
    }
    assert_eq!(blank_totals, 23, "every row of the blank-总计 report");
    let gudong = site.join("reports/fujian/fuzhou/gulou/gudong/2019");
    let report_csv = read(&gudong.join("report.csv"));
    assert!(
        report_csv.contains("table3.granted[6],表三 （一）予以公开 · 总计,,false\n"),
        "{report_csv}"
    );
    assert!(report_csv.contains("table3.granted[0],表三 （一）予以公开 · 自然人,258,false\n"));
    let dongjie = site.join("reports/fujian/fuzhou/gulou/dongjie/2020");
    assert!(read(&dongjie.join("report.csv")).contains(",5,true\n"));
    let json: serde_json::Value =
        serde_json::from_str(&read(&dongjie.join("report.json"))).expect("json");
    assert_eq!(json["flagged"], true);
    let json: serde_json::Value =
        serde_json::from_str(&read(&gudong.join("report.json"))).expect("json");
    assert_eq!(json["flagged"], false);
    assert_eq!(
        json["report"]["table3"]["granted"][6],
        serde_json::Value::Null
    );
}

/// Reads every figure of table 3 back at 390×844: brought into view, inside the window,
/// legible, its column named beside it, and that name the one its header cell has.
const TABLE3_AT_390: &str = r#"
const t = document.getElementById('table3');
const spans = (rows) => {
  const grid = []; const at = [];
  rows.forEach((tr, r) => {
    grid[r] = grid[r] || []; let c = 0;
    for (const cell of tr.cells) {
      while (grid[r][c]) c++;
      for (let dr = 0; dr < cell.rowSpan; dr++)
        for (let dc = 0; dc < cell.colSpan; dc++)
          (grid[r + dr] = grid[r + dr] || [])[c + dc] = cell;
      at.push([cell, c]);
      c += cell.colSpan;
    }
  });
  return [grid, at];
};
const [head] = spans([...t.tHead.rows]);
const leaf = head[head.length - 1];
const [, cells] = spans([...t.tBodies[0].rows]);
const out = [];
for (const [cell, c] of cells) {
  if (cell.tagName !== 'TD') continue;
  cell.scrollIntoView({block: 'center', inline: 'nearest', behavior: 'instant'});
  const b = cell.getBoundingClientRect();
  out.push({id: cell.id, header: leaf[c] ? leaf[c].textContent.trim() : null,
    column: cell.dataset.col, shown: getComputedStyle(cell, '::after').content,
    figure: cell.textContent.trim(), left: b.left, right: b.right, top: b.top,
    bottom: b.bottom, font: parseFloat(getComputedStyle(cell).fontSize),
    labelFont: parseFloat(getComputedStyle(cell, '::after').fontSize)});
}
return {width: document.documentElement.clientWidth, height: innerHeight, cells: out};
"#;

#[test]
fn every_figure_of_table_3_is_legible_and_named_on_a_390_px_phone() {
    let Some(driver) = Driver::start_sized(390, 844) else {
        return;
    };
    let (_dir, site) = build_readers(None);
    let server = serve(&site);
    for (theme, report) in [
        ("official", "reports/fujian/fuzhou/gulou/zhengfu/2021/"),
        ("contrast", "reports/fujian/fuzhou/taijiang/yingzhou/2020/"),
    ] {
        driver.goto(&format!("{}/{report}", server.origin));
        let got = driver.eval(TABLE3_AT_390);
        let width = got["width"].as_f64().unwrap_or(0.0);
        let height = got["height"].as_f64().unwrap_or(0.0);
        assert!(
            (360.0..=390.0).contains(&width),
            "{theme}: a {width}×{height} window"
        );
        let cells = got["cells"].as_array().cloned().unwrap_or_default();
        let rows = if report.contains("2021") { 25 } else { 23 };
        assert_eq!(cells.len(), rows * 7, "{theme}: every figure of table 3");
        for c in &cells {
            let num = |k: &str| c[k].as_f64().unwrap_or(f64::NAN);
            assert!(
                num("left") >= 0.0 && num("right") <= width,
                "{theme}: {c} sticks out of the {width} px window"
            );
            assert!(
                num("top") >= 0.0 && num("bottom") <= height,
                "{theme}: {c} not brought into view"
            );
            assert!(num("font") >= 15.0, "{theme}: figure too small: {c}");
            assert!(
                num("labelFont") >= 11.0,
                "{theme}: column name too small: {c}"
            );
            let column = c["column"].as_str().unwrap_or_default();
            assert_eq!(c["header"].as_str(), Some(column), "{theme}: {c}");
            assert_eq!(
                c["shown"].as_str(),
                Some(format!("\"{column}\"").as_str()),
                "{theme}: the column's name is shown beside the figure: {c}"
            );
        }
        // The accessibility tree: still a table of cells, each named with its column.
        let ids = driver.find_all("#table3 td");
        assert_eq!(ids.len(), cells.len());
        for (id, c) in ids.iter().zip(&cells) {
            let (role, label) = driver.accessibility(id);
            assert_eq!(role, "cell", "{theme}: {c}");
            let column = c["column"].as_str().unwrap_or_default();
            assert!(label.contains(column), "{theme}: {c} is read as {label:?}");
        }
        driver.eval(
            "document.getElementById('table3').scrollIntoView({block: 'start', behavior: 'instant'}); return 0;",
        );
        let png = screenshots().join(format!("phone-table3-{theme}.png"));
        driver.screenshot(&png);
        println!(
            "{theme}: {} figures of table 3 in view at {width}×{height}, each named by its column; {}",
            cells.len(),
            png.display()
        );
    }
}

#[test]
fn report_home_and_district_pages_at_390_px_are_screenshotted_in_both_themes() {
    let Some(bin) = chromium() else { return };
    for theme in ["official", "contrast"] {
        let (_dir, site) = build_readers(Some(theme));
        let server = serve(&site);
        for (page, path, height) in [
            ("report", "reports/fujian/fuzhou/gulou/zhengfu/2021/", 9000),
            ("home", "", 2400),
            ("district", "districts/gulou/", 2600),
            ("statistics", "statistics/", 4000),
        ] {
            let png = screenshots().join(format!("phone-{page}-{theme}.png"));
            let _ = std::fs::remove_file(&png);
            screenshot(
                &bin,
                &format!("{}/{path}", server.origin),
                &png,
                (390, height),
            );
            let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
            assert!(size > 20_000, "{theme} {page}: a nearly empty screenshot");
            println!("{theme} {page}: {}", png.display());
        }
    }
}

/// What a printed report keeps, read under print media at the width between A4's margins
/// (164 mm ≈ 620 CSS px).
const PRINTED: &str = r#"
const shown = (el) => !!el && getComputedStyle(el).display !== 'none';
const page = document.documentElement.clientWidth;
const fits = (id) => { const t = document.getElementById(id); return t ? t.getBoundingClientRect().width <= page + 0.5 : null; };
const blank = document.querySelector('table.official td.blank');
return {
  findings: shown(document.getElementById('findings')),
  findingItems: document.querySelectorAll('#findings .finding').length,
  legend: shown(document.querySelector('.legend')),
  alert: shown(document.querySelector('.alert-error')),
  blank: blank ? getComputedStyle(blank, '::after').content : null,
  blankBefore: blank ? getComputedStyle(blank, '::before').content : null,
  nav: shown(document.querySelector('.site-nav')),
  table2: fits('table2'), table3: fits('table3'), table4: fits('table4'),
  page,
};
"#;

#[test]
fn a_printed_report_keeps_its_findings_legend_and_blanks_and_fits_a4() {
    let Some(driver) = Driver::start_sized(620, 900) else {
        return;
    };
    for theme in ["official", "contrast"] {
        let (_dir, site) = build_readers(Some(theme));
        let server = serve(&site);
        for (report, findings) in [
            ("reports/fujian/fuzhou/gulou/dongjie/2020/", 3),
            ("reports/fujian/fuzhou/gulou/gudong/2019/", 0),
        ] {
            driver.goto(&format!("{}/{report}", server.origin));
            driver.cdp(
                "Emulation.setEmulatedMedia",
                serde_json::json!({"media": "print"}),
            );
            let got = driver.eval(PRINTED);
            let place = format!("{theme} {report}: {got}");
            assert_eq!(got["findings"], true, "{place}");
            assert_eq!(got["legend"], true, "{place}");
            assert_eq!(got["nav"], false, "{place}");
            for t in ["table2", "table3", "table4"] {
                assert_eq!(got[t], true, "{place}: {t} is cut");
            }
            if findings > 0 {
                assert_eq!(got["alert"], true, "{place}");
                assert_eq!(got["findingItems"], findings, "{place}");
            } else {
                assert_eq!(
                    got["blank"], "\"空白\"",
                    "{place}: a blank cell prints a word"
                );
                assert_ne!(got["blankBefore"], "\"空\"", "{place}: not twice");
            }
            driver.cdp(
                "Emulation.setEmulatedMedia",
                serde_json::json!({"media": ""}),
            );
            let name = report.split('/').nth(4).unwrap_or("report");
            let pdf = screenshots().join(format!("print-{name}-{theme}.pdf"));
            driver.print_pdf(&pdf);
            println!("{theme} {report} printed: {}", pdf.display());
        }
    }
}
