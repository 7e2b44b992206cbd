//! Chinese for Chinese readers: `ogi check` speaks the locale's language (or `--lang`'s),
//! and a flagged report's 校验结果 holds no English sentence.

use std::path::Path;

use scraper::{Html, Selector};

use crate::site::project;
use crate::support::{Run, ogi_env, root};

/// The bundled seed report, relative to a project folder.
const SEED: &str = "content/fujian/fuzhou/gulou/wenquan/2020.yaml";

/// A project copy whose seed's （七）总计 · 总计 is off by one, and, if `yaml_error`, with a
/// second report whose bracket is never closed.
fn broken_project(yaml_error: bool) -> tempfile::TempDir {
    let dir = project(&root().join("content"));
    let seed = dir.path().join(SEED);
    let text = std::fs::read_to_string(&seed).expect("seed");
    let summed = "  total: [4, 0, 0, 0, 0, 0, 4]";
    assert!(text.contains(summed), "the seed's total row moved");
    std::fs::write(
        &seed,
        text.replace(summed, "  total: [4, 0, 0, 0, 0, 0, 5]"),
    )
    .expect("write");
    if yaml_error {
        let unclosed = text.replace("year: 2020", "year: 2019").replace(
            "  granted: [1, 0, 0, 0, 0, 0, 1]",
            "  granted: [1, 0, 0, 0, 0, 0, 1",
        );
        std::fs::write(seed.with_file_name("2019.yaml"), unclosed).expect("write");
    }
    dir
}

fn check(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let run = ogi_env(Some(dir), &all, env);
    assert!(!run.panicked(), "{}", run.stderr);
    assert_eq!(run.code, Some(1), "{}{}", run.stdout, run.stderr);
    run
}

/// Phrases of the English messages of the errors in [`broken_project`].
const ENGLISH: [&str; 7] = [
    "is not the sum",
    "does not equal",
    "malformed YAML",
    "never closed",
    "expected 4, found 5",
    "help:",
    "error[",
];

#[test]
fn check_speaks_chinese_in_a_chinese_locale() {
    let dir = broken_project(true);
    let run = check(dir.path(), &[], &[("LANG", "zh_CN.UTF-8")]);
    for phrase in [
        "错误[T3-OUTCOMES]: 表三 （七）总计 · 总计：（七）总计不等于（一）至（六）各项办理结果之和（应为 4，实为 5）",
        "错误[T3-BALANCE]: 表三 （七）总计 · 总计：一、二两项之和不等于（七）总计与四之和",
        "错误[YAML-SYNTAX]: 格式有误：这个 `[` 没有闭合",
        "^ 应为 4，实为 5",
        "= 建议：",
    ] {
        assert!(
            run.stdout.contains(phrase),
            "no {phrase:?} in\n{}",
            run.stdout
        );
    }
    for phrase in ENGLISH {
        assert!(
            !run.stdout.contains(phrase),
            "{phrase:?} in\n{}",
            run.stdout
        );
    }
    assert!(
        run.stderr
            .contains("已检查 content 中的 2 个报告文件：错误 4 处，警告 0 处，提示 0 处"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("checked"), "{}", run.stderr);

    // LC_MESSAGES outranks LANG, and the short format follows too.
    let short = check(
        dir.path(),
        &["--format", "short"],
        &[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "zh_CN.UTF-8")],
    );
    assert!(
        short.stdout.contains(&format!(
            "{SEED}:112:29: 错误[T3-ROW-SUM]: 表三 （七）总计 · 总计：总计不等于自然人与五类法人或其他组织之和（应为 4，实为 5）"
        )),
        "{}",
        short.stdout
    );
}

#[test]
fn check_speaks_english_in_the_c_locale_or_when_asked() {
    let dir = broken_project(true);
    for (args, env) in [
        (&[][..], &[("LANG", "C")][..]),
        (&[][..], &[][..]),
        (&["--lang", "en"][..], &[("LANG", "zh_CN.UTF-8")][..]),
        (&[][..], &[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "C")][..]),
    ] {
        let run = check(dir.path(), args, env);
        assert!(
            run.stdout.contains("error[T3-OUTCOMES]: 表三 （七）总计 · 总计: （七）总计 is not the sum of the outcomes （一）–（六） (expected 4, found 5)"),
            "{args:?} {env:?}\n{}",
            run.stdout
        );
        assert!(run.stdout.contains("malformed YAML"), "{}", run.stdout);
        assert!(!run.stdout.contains("错误["), "{}", run.stdout);
        assert!(
            run.stderr
                .contains("checked 2 report files in content: 4 errors"),
            "{}",
            run.stderr
        );
    }
    // `--lang zh` is global: before or after the command, whatever the locale.
    let run = check(dir.path(), &["--lang", "zh"], &[("LANG", "C")]);
    assert!(run.stdout.contains("错误[T3-OUTCOMES]"), "{}", run.stdout);
}

pub(crate) use ogi_model::english_words;

#[test]
fn the_ascii_word_rule_catches_english() {
    assert!(
        english_words("T3-OUTCOMES 表三 2020.yaml content/a/b 4 `totl` 错误[YAML-SYNTAX]:")
            .is_empty()
    );
    assert_eq!(
        english_words("（七）总计 is not the sum (expected 4, found 5)"),
        ["is", "not", "the", "sum", "expected", "found"]
    );
}

#[test]
fn a_flagged_report_page_holds_no_english_sentence() {
    let dir = broken_project(false);
    // Built as a user types it, in an English locale: the page is Chinese regardless.
    let run = ogi_env(Some(dir.path()), &["build"], &[("LANG", "C")]);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    let page = dir.path().join("site").join(crate::site::SEED_PAGE);
    let html = std::fs::read_to_string(&page).expect("report page");
    let doc = Html::parse_document(&html);
    let findings = Selector::parse("#findings").expect("selector");
    let section = doc.select(&findings).next().expect("a 校验结果 section");
    let text: String = section.text().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains("（七）总计不等于（一）至（六）各项办理结果之和（应为 4，实为 5）"),
        "{text}"
    );
    assert!(text.contains("T3-BALANCE"), "{text}");
    assert_eq!(english_words(&text), Vec::<String>::new(), "{text}");
}
