//! What an editor faces on an archive of real-report-like data
//! (`tests/e2e/fixtures/findings`, made by its generate.py): blank cells grouped, the
//! arithmetic errors first, a summary that keeps blanks apart, and PROSE-TABLE's precision
//! and recall against a person's reading of every counted phrase (prose-truth.tsv).

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::{fixture, ogi_env, ogi_in};

/// One line of prose-truth.tsv.
struct Truth {
    file: String,
    snippet: String,
    /// `None`: not a claim about the report's requests.
    cell: Option<String>,
    table: Option<i64>,
    /// The figure stated, when the snippet does not end in Arabic digits.
    stated: Option<i64>,
}

fn truth() -> Vec<Truth> {
    let text = std::fs::read_to_string(fixture("findings/prose-truth.tsv")).expect("truth file");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let cell = cols.get(2).copied().filter(|c| *c != "-");
            Truth {
                file: cols[0].to_owned(),
                snippet: cols[1].to_owned(),
                cell: cell.map(str::to_owned),
                table: cols.get(3).and_then(|t| t.parse().ok()),
                stated: cols.get(4).and_then(|t| t.parse().ok()),
            }
        })
        .collect()
}

/// The characters of `text` without whitespace, each with its byte offset.
fn squeezed(text: &str) -> Vec<(usize, char)> {
    text.char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .collect()
}

/// The byte offset just past the unit that ends `snippet` in `text`, whitespace ignored;
/// `None` if the snippet is not there, and a panic if it is there twice (ambiguous truth).
fn unit_end(text: &str, snippet: &str) -> Option<usize> {
    let chars = squeezed(text);
    let want: Vec<char> = snippet.chars().filter(|c| !c.is_whitespace()).collect();
    let ends: Vec<usize> = (0..chars.len())
        .filter(|&i| {
            chars.len() - i >= want.len()
                && chars[i..i + want.len()]
                    .iter()
                    .map(|(_, c)| *c)
                    .eq(want.iter().copied())
        })
        .map(|i| {
            let (at, c) = chars[i + want.len() - 1];
            at + c.len_utf8()
        })
        .collect();
    assert!(ends.len() <= 1, "“{snippet}” is ambiguous");
    ends.first().copied()
}

/// Every place in `text` where Arabic digits stand before 件 or 起 (whitespace ignored):
/// the byte offset just past the unit.
fn counted_phrases(text: &str) -> Vec<usize> {
    let chars = squeezed(text);
    (1..chars.len())
        .filter(|&i| matches!(chars[i].1, '件' | '起') && chars[i - 1].1.is_ascii_digit())
        .map(|i| chars[i].0 + chars[i].1.len_utf8())
        .collect()
}

fn percent(hit: usize, of: usize) -> String {
    if of == 0 {
        return "n/a".to_owned();
    }
    format!("{}% ({hit}/{of})", (hit * 100 + of / 2) / of)
}

#[test]
fn prose_precision_and_recall_on_real_sentences() {
    let content = fixture("findings/content");
    let truth = truth();
    // (file, field, end of unit) → the truth about it.
    let mut reading: BTreeMap<(String, &str, usize), &Truth> = BTreeMap::new();
    let mut claims = Vec::new();
    let mut files: Vec<&str> = truth.iter().map(|t| t.file.as_str()).collect();
    files.dedup();
    for file in walk(&content) {
        let doc = ogi_model::load_report(&content.join(&file)).expect("fixture loads");
        for (field, text) in doc.report.text.fields() {
            for t in truth.iter().filter(|t| t.file == file) {
                if let Some(end) = unit_end(text, &t.snippet) {
                    reading.insert((file.clone(), field, end), t);
                }
            }
            for end in counted_phrases(text) {
                assert!(
                    reading.contains_key(&(file.clone(), field, end)),
                    "{file} {field}: the phrase ending at byte {end} (“{}”) is not in prose-truth.tsv",
                    &text[end.saturating_sub(30)..end]
                );
            }
        }
        for claim in ogi_validate::prose_claims(&doc.report) {
            claims.push((file.clone(), claim));
        }
    }
    for t in &truth {
        assert!(
            reading.values().any(|r| std::ptr::eq(*r, t)),
            "{}: “{}” is not in the prose",
            t.file,
            t.snippet
        );
    }
    // Claims: which phrases the rule reads, and against which cell.
    let mut right = 0;
    let mut wrong = Vec::new();
    for (file, claim) in &claims {
        let t = reading
            .get(&(file.clone(), claim.field, claim.range.end))
            .unwrap_or_else(|| panic!("{file}: claim “{}” not in the truth", claim.phrase));
        if t.cell.as_deref() == Some(claim.cell.as_str()) && t.table == claim.table {
            right += 1;
        } else {
            wrong.push(format!("{file}: “{}” read as {}", claim.phrase, claim.cell));
        }
    }
    let positives = truth.iter().filter(|t| t.cell.is_some()).count();
    let missed: Vec<String> = truth
        .iter()
        .filter(|t| t.cell.is_some())
        .filter(|t| {
            !claims.iter().any(|(file, c)| {
                *file == t.file
                    && reading
                        .get(&(file.clone(), c.field, c.range.end))
                        .is_some_and(|r| std::ptr::eq(*r, *t))
                    && t.cell.as_deref() == Some(c.cell.as_str())
            })
        })
        .map(|t| {
            format!(
                "{}: “{}” ({})",
                t.file,
                t.snippet,
                t.cell.as_deref().unwrap_or("")
            )
        })
        .collect();

    // Findings, as the user gets them: `ogi check --format json` from the fixture project.
    let run = ogi_in(Some(&fixture("findings")), &["check", "--format", "json"]);
    assert!(!run.panicked(), "{}", run.stderr);
    let found: Vec<serde_json::Value> = run
        .json()
        .into_iter()
        .filter(|d| d["code"] == "PROSE-TABLE")
        .collect();
    let expected: Vec<&Truth> = truth
        .iter()
        .filter(|t| t.cell.is_some() && t.table != Some(stated(t)))
        .collect();
    let matches = |d: &serde_json::Value, t: &Truth| {
        d["file"]
            .as_str()
            .is_some_and(|f| f.ends_with(&format!("content/{}", t.file)))
            && d["cell"].as_str() == t.cell.as_deref()
            && d["actual"].as_str() == Some(stated(t).to_string().as_str())
            && d["expected"].as_str() == t.table.map(|v| v.to_string()).as_deref()
    };
    let true_findings = found
        .iter()
        .filter(|d| expected.iter().any(|t| matches(d, t)))
        .count();
    let caught = expected
        .iter()
        .filter(|t| found.iter().any(|d| matches(d, t)))
        .count();

    let line = format!(
        "claims: precision {}, recall {}; findings: precision {}, recall {}",
        percent(right, claims.len()),
        percent(positives - missed.len(), positives),
        percent(true_findings, found.len()),
        percent(caught, expected.len()),
    );
    println!("PROSE-TABLE on tests/e2e/fixtures/findings: {line}");
    println!("misread: {wrong:#?}\nmissed: {missed:#?}");
    // The quoted false matches are silent and every quoted discrepancy is reported.
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(true_findings, found.len(), "false findings: {found:#?}");
    assert_eq!(caught, expected.len(), "missed findings: {found:#?}");
    // The documentation states the figures measured here.
    let rules = ogi_in(None, &["rules", "PROSE-TABLE"]);
    assert!(
        rules.stdout.contains(&line),
        "the rule's documentation must state “{line}”:\n{}",
        rules.stdout
    );
}

/// The number a snippet states: the truth's own figure, or the snippet's last run of digits.
fn stated(t: &Truth) -> i64 {
    if let Some(n) = t.stated {
        return n;
    }
    let digits: String = t
        .snippet
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .trim_end_matches(['件', '起'])
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().unwrap_or(-1)
}

/// The report files below `dir`, relative to it, with `/` separators, sorted.
fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("fixture folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                let rel = path.strip_prefix(dir).expect("below").to_string_lossy();
                out.push(rel.replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn blanks_grouped_errors_first_and_the_summary_keeps_blanks_apart() {
    let project = fixture("findings");
    let run = ogi_in(Some(&project), &["check"]);
    assert!(!run.panicked(), "{}", run.stderr);
    assert_eq!(run.code, Some(1), "arithmetic errors: {}", run.stderr);
    // The real problems first: every error before any warning, every warning before any note.
    let heads: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.split_once('[').map(|(w, _)| w))
        .filter(|w| ["error", "warning", "note"].contains(w))
        .collect();
    let rank = |w: &str| ["error", "warning", "note"].iter().position(|x| *x == w);
    assert!(
        heads.windows(2).all(|p| rank(p[0]) <= rank(p[1])),
        "{heads:?}"
    );
    assert_eq!(
        heads.iter().filter(|w| **w == "error").count(),
        4,
        "{heads:?}"
    );
    assert!(
        run.stdout
            .contains("error[T3-OUTCOMES]: 表三 （七）总计 · 自然人")
    );
    assert!(run.stdout.contains("error[T4-TOTAL]: 表四 行政复议 · 总计"));
    assert!(
        run.stdout
            .contains("where: the 总计 column of every outcome row; 16 rows blank in full"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("（一）予以公开 · 总计 = 9"),
        "implied figure"
    );
    // One summary per file with findings, and a total with blank cells apart.
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(
        lines.contains(&"  content/mousheng/2020.yaml: 132 blank cells"),
        "{}",
        run.stderr
    );
    assert!(lines.contains(&"  content/moushi/erqu/2022.yaml: 2 errors, 3 infos"));
    let total = lines.last().copied().unwrap_or_default();
    assert!(
        total.starts_with(
            "checked 10 report files in content: 4 errors, 0 warnings, 5 infos; 132 blank cells ("
        ),
        "{total}"
    );

    // At most one blank finding per table per report; the cells one by one in JSON.
    let json = ogi_in(Some(&project), &["check", "--format", "json"]);
    let blanks: Vec<serde_json::Value> = json
        .json()
        .into_iter()
        .filter(|d| d["code"] == "BLANK")
        .collect();
    let mut per_table = std::collections::BTreeSet::new();
    for b in &blanks {
        assert!(
            per_table.insert((b["file"].to_string(), b["cell"].to_string())),
            "two BLANK findings for one table: {b}"
        );
    }
    let table3 = blanks
        .iter()
        .find(|b| b["cell"] == "表三")
        .expect("table 3 blanks");
    let cells = table3["cells"].as_array().expect("cells");
    assert_eq!(cells.len(), 117);
    assert!(
        cells
            .iter()
            .all(|c| c["line"].is_u64() && c["cell"].is_string())
    );
    assert_eq!(
        cells
            .iter()
            .find(|c| c["path"] == "table3.granted[6]")
            .map(|c| &c["derived"]),
        Some(&serde_json::json!(9))
    );

    // --verbose shows each cell in the source.
    let verbose = ogi_in(Some(&project), &["check", "--verbose"]);
    assert!(
        verbose
            .stdout
            .contains("表三 （三）不予公开 · 1.属于国家秘密 · 自然人"),
        "{}",
        verbose.stdout
    );
    assert!(
        !run.stdout
            .contains("表三 （三）不予公开 · 1.属于国家秘密 · 自然人")
    );

    // In Chinese.
    let zh = ogi_env(Some(&project), &["check"], &[("LANG", "zh_CN.UTF-8")]);
    assert!(
        zh.stdout
            .contains("位置：每个办理结果行的总计列；整行空白："),
        "{}",
        zh.stdout
    );
    let total = zh.stderr.lines().last().unwrap_or_default();
    assert!(
        total.starts_with(
            "已检查 content 中的 10 个报告文件：错误 4 处，警告 0 处，提示 5 处；空白单元格 132 个"
        ),
        "{total}"
    );
    assert!(
        zh.stderr
            .contains("  content/moushi/erqu/2022.yaml: 错误 2 处，提示 3 处")
    );
}

#[test]
fn quoted_prose_false_matches_are_silent_and_discrepancies_name_their_cell() {
    let run = ogi_in(Some(&fixture("findings")), &["check", "--format", "short"]);
    let prose: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains("[PROSE-TABLE]"))
        .collect();
    for silent in ["诉求", "42件", "建议", "留言", "咨询", "来信", "现行有效"] {
        assert!(
            !prose.iter().any(|l| l.contains(silent)),
            "{silent}: {prose:#?}"
        );
    }
    for (file, line) in [
        (
            "hongze/2024.yaml",
            "表三 一、本年新收政府信息公开申请数量 · 总计: the text says “受理政府信息公开申请17件” but table 3 has 95 (expected 95, found 17)",
        ),
        (
            "erqu/2022.yaml",
            "表三 一、本年新收政府信息公开申请数量 · 总计: the text says “收到政府信息公开申请34件” but table 3 has 32 (expected 32, found 34)",
        ),
        (
            "moushi/2023.yaml",
            "表三 （一）予以公开 + （二）部分公开 · 总计: the text says “予以公开及部分公开258件” but table 3 has 275 (expected 275, found 258)",
        ),
    ] {
        assert!(
            prose.iter().any(|l| l.contains(file) && l.ends_with(line)),
            "{file}: {prose:#?}"
        );
    }
}
