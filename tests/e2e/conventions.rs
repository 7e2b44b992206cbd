//! What users expect of a command line of this kind: -q/--quiet and -v/--verbose on every
//! command, NO_COLOR and --color, progress that suits a log, shell completions.

use std::process::Command;

use crate::site::project;
use crate::support::{ogi_in, ogi_with_env, root};

const FAIL: &str = "tests/e2e/fixtures/rules/T3-ROW-SUM/fail-2021";

#[test]
fn quiet_prints_only_errors_and_what_was_asked_for() {
    let dir = project(&root().join("content"));
    let p = Some(dir.path());
    let build = ogi_in(p, &["build", "--quiet"]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    assert_eq!(build.stderr, "", "a clean quiet build says nothing");
    let check = ogi_in(p, &["-q", "check"]);
    assert_eq!((check.stdout.as_str(), check.stderr.as_str()), ("", ""));
    let errors = ogi_in(None, &["check", FAIL, "-q"]);
    assert_eq!(errors.code, Some(1));
    assert!(
        errors.stdout.contains("error[T3-ROW-SUM]"),
        "diagnostics stay"
    );
    assert_eq!(errors.stderr, "", "no summary line");
    let rules = ogi_in(None, &["rules", "-q"]);
    assert!(
        rules.stdout.contains("T3-BALANCE"),
        "asked-for output stays"
    );
}

#[test]
fn verbose_adds_stage_timings_and_the_files_checked() {
    let dir = project(&root().join("content"));
    let p = Some(dir.path());
    let plain = ogi_in(p, &["build"]);
    assert!(
        plain.stderr.starts_with("built 1 report: "),
        "{}",
        plain.stderr
    );
    assert!(
        !plain.stderr.contains(" ms"),
        "no timings: {}",
        plain.stderr
    );
    let verbose = ogi_in(p, &["build", "-v"]);
    for stage in ["load ", "validate ", "render ", " ms"] {
        assert!(
            verbose.stderr.contains(stage),
            "{stage}: {}",
            verbose.stderr
        );
    }
    let check = ogi_in(p, &["--verbose", "check"]);
    assert!(
        check
            .stderr
            .contains("  content/fujian/fuzhou/gulou/wenquan/2020.yaml: no findings"),
        "{}",
        check.stderr
    );
}

#[test]
fn colour_follows_no_color_and_the_color_option() {
    let escape = '\u{1b}';
    let run = |args: &[&str], env: &[(&str, &str)]| ogi_with_env(None, args, env);
    // Into a pipe: no colour, whatever NO_COLOR says, unless asked for.
    assert!(!run(&["check", FAIL], &[]).stdout.contains(escape));
    let forced = run(&["check", FAIL, "--color", "always"], &[("NO_COLOR", "1")]);
    assert!(forced.stdout.contains(escape), "--color always wins");
    let never = run(&["check", FAIL, "--color=never"], &[]);
    assert!(!never.stdout.contains(escape));
    let help = run(&["--color", "always", "--help"], &[]);
    assert!(
        help.stdout.contains(escape),
        "clap's help follows --color too"
    );
    let error = run(&["--color=always", "bogus"], &[]);
    assert!(error.stderr.contains(escape) && error.code == Some(2));
    assert!(
        !run(&["--color=never", "bogus"], &[])
            .stderr
            .contains(escape)
    );
}

#[test]
fn progress_in_a_log_is_plain_lines_without_carriage_returns() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = Some(dir.path());
    let generated = ogi_in(p, &["gen", "--reports", "300", "content"]);
    assert_eq!(generated.code, Some(0), "{}", generated.stderr);
    crate::site::copy_dir(&root().join("themes"), &dir.path().join("themes"));
    let build = ogi_in(p, &["build"]);
    assert_eq!(build.code, Some(0), "{}", build.stderr);
    assert!(!build.stderr.contains('\r'), "{:?}", build.stderr);
    // Progress lines (how many depends on the machine's speed: one per quarter, more when
    // a quarter is slow), each further along than the last, then the summary.
    let mut last = None;
    for line in build.stderr.lines().filter(|l| l.starts_with("rendering")) {
        assert!(
            line.starts_with("rendering: ") && line.ends_with(" pages)"),
            "{line}"
        );
        let done: usize = line
            .split(['(', '/'])
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no count in {line}"));
        assert!(
            last.is_none_or(|l| l <= done),
            "progress goes forward: {}",
            build.stderr
        );
        last = Some(done);
    }
    let others: Vec<&str> = build
        .stderr
        .lines()
        .filter(|l| !l.starts_with("rendering"))
        .collect();
    assert_eq!(others.len(), 1, "one summary line: {}", build.stderr);
    assert!(
        others[0].starts_with("built 300 reports"),
        "{}",
        build.stderr
    );
    let quiet = ogi_in(p, &["build", "-q"]);
    assert_eq!(quiet.stderr, "");
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = ogi_in(None, &["completions", shell]);
        assert_eq!(run.code, Some(0), "{shell}: {}", run.stderr);
        for command in ["build", "serve", "init", "check", "completions"] {
            assert!(
                run.stdout.contains(command),
                "{shell} script lacks {command}"
            );
        }
    }
    let script = ogi_in(None, &["completions", "bash"]).stdout;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ogi.bash");
    std::fs::write(&path, script).expect("write");
    match Command::new("bash").arg("-n").arg(&path).output() {
        Ok(out) => assert!(
            out.status.success(),
            "bash -n: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => eprintln!("SKIPPED bash -n of the completion script: no bash ({e})"),
    }
    assert_eq!(ogi_in(None, &["completions", "tcsh"]).code, Some(2));
}

#[test]
fn rules_explains_one_rule_in_markdown() {
    let one = ogi_in(None, &["rules", "t3-balance", "--markdown"]);
    assert_eq!(one.code, Some(0), "{}", one.stderr);
    assert!(one.stdout.starts_with("## T3-BALANCE\n"), "{}", one.stdout);
    assert!(one.stdout.contains("**Fix:**"));
    assert!(!one.stdout.contains("## T3-ROW-SUM"), "only that rule");
    let docs = std::fs::read_to_string(root().join("docs/rules.md")).expect("docs/rules.md");
    assert!(
        docs.contains(&one.stdout),
        "the same text as docs/rules.md's section"
    );
    let typo = ogi_in(None, &["rules", "T3-BALANSE", "--markdown"]);
    assert_eq!(typo.code, Some(2));
    assert!(
        typo.stderr.contains("did you mean T3-BALANCE?"),
        "{}",
        typo.stderr
    );
}
