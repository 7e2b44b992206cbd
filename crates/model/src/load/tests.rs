//! Tests of loading: shortcuts, errors in both languages, suggestions.

use super::schema_error::unknown_field_help;
use super::*;

#[test]
fn the_edition_line_is_found_without_parsing() {
    assert_eq!(
        scan_edition("year: 2020\nedition: 2019  # 国办\n"),
        Some((20, "2019"))
    );
    assert_eq!(scan_edition("overview: |\n  edition: 2021\n"), None);
}

/// The full parse of `text`, without the prose shortcut.
fn full(text: &str) -> Result<Report, LoadError> {
    let path = Path::new("x.yaml");
    Ok(
        match scan_edition(text).and_then(|(_, e)| Edition::from_text(e)) {
            Some(Edition::E2019) => deserialize::<ReportFile<Table2019>>(path, text)?
                .into_report(Edition::E2019, Table2::E2019),
            Some(Edition::E2021) => deserialize::<ReportFile<Table2021>>(path, text)?
                .into_report(Edition::E2021, Table2::E2021),
            None => return parse_report(path, text.to_owned()).map(|d| d.report),
        },
    )
}

#[test]
fn the_prose_shortcut_changes_nothing_on_any_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["content", "tests/e2e/fixtures"] {
        let (found, _) = crate::discover(&root.join(dir));
        files.extend(found);
    }
    assert!(
        files.len() > 50,
        "fixtures not found under {}",
        root.display()
    );
    let mut lifted = 0;
    for file in files {
        let Ok(text) = read_text(&file) else { continue };
        lifted += usize::from(crate::lift::lift(&text).is_some());
        let quick = parse_report(&file, text.clone()).map(|d| d.report);
        match (quick, full(&text)) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{}", file.display()),
            (Err(a), Err(b)) => assert_eq!(
                (a.kind, a.message, a.span, a.help),
                (b.kind, b.message, b.span, b.help),
                "{}",
                file.display()
            ),
            (a, b) => panic!(
                "{}: {:?} but the parser gives {:?}",
                file.display(),
                a.is_ok(),
                b.is_ok()
            ),
        }
    }
    // The fixtures write their prose on one line; the seed report has blocks.
    assert!(lifted >= 1, "the shortcut was never taken");
}

/// A report scaffold with one line edited, parsed: its load error.
fn broken(edit: impl Fn(String) -> String) -> LoadError {
    let text = crate::scaffold(&crate::ScaffoldOptions {
        body: "测试街道办事处".into(),
        short_name: None,
        level: crate::Level::Township,
        region: vec!["某省".into()],
        year: 2020,
        edition: None,
    });
    match parse_report(Path::new("2020.yaml"), edit(text)) {
        Ok(_) => panic!("the edit should not load"),
        Err(e) => e,
    }
}

#[test]
fn load_errors_speak_chinese_too() {
    let row = |key: &str, values: &str| {
        let (key, values) = (format!("  {key}: "), values.to_owned());
        move |t: String| {
            t.lines()
                .map(|l| match l.split_once(&key) {
                    Some((head, _)) if head.trim().is_empty() => format!("{head}{key}{values}"),
                    _ => l.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
    };
    let cases: Vec<(LoadError, &str)> = vec![
        (broken(row("granted", "[1, 0, 0, 0, 0, 0, 1")), "没有闭合"),
        (
            broken(row("granted", "[1.5, 0, 0, 0, 0, 0, 1]")),
            "不是整数",
        ),
        (
            broken(row("granted", "[99999999999, 0, 0, 0, 0, 0, 1]")),
            "超出数量的上限",
        ),
        (broken(row("granted", "[1, 0, 0]")), "这一行有 3 个数字"),
        (broken(row("granted", "abc")), "值的类型不对"),
        (
            broken(|t| t.replace("  total: ", "  totl: ")),
            "未知的键 `totl`",
        ),
        (
            broken(|t| t.replace("year: 2020", "year: 二〇二〇")),
            "不是年份",
        ),
        (
            broken(|t| t.replace("edition: 2019", "edition: 2018")),
            "不是报告格式的版本",
        ),
        (broken(|t| format!("{t}\ntable4: {{}}\n")), "重复"),
        (
            broken(|t| t.replace("\n  granted:", "\n\tgranted:")),
            "制表符",
        ),
    ];
    for (e, phrase) in &cases {
        assert!(e.message.zh.contains(phrase), "{phrase}: {:?}", e.message);
        assert!(
            crate::english_words(&e.message.zh).is_empty(),
            "English in {:?}",
            e.message.zh
        );
        if let Some(help) = &e.help {
            let words = crate::english_words(&help.zh);
            assert!(
                words
                    .iter()
                    .all(|w| ["docs", "content", "format", "md"].contains(&w.as_str())),
                "English in {:?}",
                help.zh
            );
        }
    }
    assert_eq!(
        cases[5].0.help.as_ref().map(|h| h.zh.as_str()),
        Some("是否应为 `total`？")
    );
}

#[test]
fn suggestions_catch_typos_only() {
    assert_eq!(
        suggest("tabel3", &["table2", "table3", "body"]),
        Some("table3")
    );
    assert_eq!(suggest("zzz", &["table2", "table3", "body"]), None);
}

#[test]
fn unknown_keys_get_a_did_you_mean() {
    let help = unknown_field_help("unknown field `totl`, expected one of `new_requests`, `total`");
    assert_eq!(help.en, "did you mean `total`?");
    assert_eq!(help.zh, "是否应为 `total`？");
}
