//! Every exit code README.md and `ogi --help` promise, run as a user types the commands:
//! from the project folder, with relative paths. 0 success (warnings allowed; a build that
//! publishes flagged reports too), 1 the content has errors the command refuses, 2 ogi
//! could not run.

use std::path::Path;

use crate::site::{project, snapshot};
use crate::support::{Run, ogi_in, root};

/// The seed report of a project made by [`project`], relative to the project folder.
const SEED: &str = "content/fujian/fuzhou/gulou/wenquan/2020.yaml";

/// A project with the repository's content and themes.
pub(crate) fn seed_project() -> tempfile::TempDir {
    project(&root().join("content"))
}

/// Breaks one sum of the seed report in `dir`: table 3's （七）总计 says 5 where the
/// outcomes add up to 4.
pub(crate) fn break_a_sum(dir: &Path) {
    let path = dir.join(SEED);
    let text = std::fs::read_to_string(&path).expect("seed report");
    let broken = text.replacen(
        "total: [4, 0, 0, 0, 0, 0, 4]",
        "total: [4, 0, 0, 0, 0, 0, 5]",
        1,
    );
    assert_ne!(
        broken, text,
        "the seed report's table 3 total changed shape"
    );
    std::fs::write(&path, broken).expect("write");
}

fn assert_code(run: &Run, code: i32, what: &str) {
    assert_eq!(
        run.code,
        Some(code),
        "{what}\nstdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
    assert!(!run.panicked(), "{what}: {}", run.stderr);
}

#[test]
fn success_is_0_and_a_build_that_publishes_flagged_reports_succeeds() {
    let dir = seed_project();
    let p = Some(dir.path());
    assert_code(&ogi_in(p, &["check"]), 0, "a clean check");
    assert_code(&ogi_in(p, &["build"]), 0, "a clean build");
    break_a_sum(dir.path());
    let flagged = ogi_in(p, &["build"]);
    assert_code(&flagged, 0, "errors are published, flagged");
    assert!(
        flagged.stderr.contains("1 flagged with errors"),
        "the summary says how many are flagged: {}",
        flagged.stderr
    );
    assert!(
        flagged
            .stderr
            .contains("2020.yaml:112:29: error[T3-OUTCOMES]"),
        "{}",
        flagged.stderr
    );
}

#[test]
fn content_errors_the_command_refuses_are_1_and_nothing_is_written() {
    let dir = seed_project();
    let p = Some(dir.path());
    assert_code(&ogi_in(p, &["build"]), 0, "the first build");
    let site = dir.path().join("site");
    let before = snapshot(&site);
    break_a_sum(dir.path());
    let check = ogi_in(p, &["check"]);
    assert_code(&check, 1, "check finds the error");
    assert!(
        check.stdout.contains("error[T3-OUTCOMES]"),
        "{}",
        check.stdout
    );
    let strict = ogi_in(p, &["build", "--strict"]);
    assert_code(&strict, 1, "--strict refuses to publish errors");
    assert!(
        strict.stderr.contains("site was not changed"),
        "{}",
        strict.stderr
    );
    assert_eq!(snapshot(&site), before, "--strict left site/ untouched");
    // A file that does not load: nothing is built from a partial archive, strict or not.
    std::fs::write(dir.path().join("content/broken.yaml"), "year: [unclosed\n").expect("write");
    let unloadable = ogi_in(p, &["build"]);
    assert_code(&unloadable, 1, "a file that does not load");
    assert!(
        unloadable.stderr.contains("broken.yaml"),
        "{}",
        unloadable.stderr
    );
    assert_eq!(snapshot(&site), before, "nothing written");
    let elsewhere = ogi_in(p, &["build", "--output", "elsewhere"]);
    assert_code(
        &elsewhere,
        1,
        "a file that does not load, a new output folder",
    );
    assert!(
        !dir.path().join("elsewhere").exists(),
        "a refused build does not even make its output folder"
    );
}

#[test]
fn warnings_are_0_unless_denied() {
    let dir = tempfile::tempdir().expect("temp dir");
    crate::site::copy_dir(
        &crate::support::fixture("rules/BLANK/fail-2019"),
        &dir.path().join("content"),
    );
    let p = Some(dir.path());
    assert_code(&ogi_in(p, &["check"]), 0, "warnings only");
    assert_code(
        &ogi_in(p, &["check", "--deny-warnings"]),
        1,
        "denied warnings",
    );
}

#[test]
fn ogi_could_not_run_is_2() {
    let dir = seed_project();
    let p = Some(dir.path());
    let cases: &[(&[&str], &str)] = &[
        (&["bogus"], "unrecognized subcommand"),
        (&["build", "--no-such-flag"], "unexpected argument"),
        (&["check", "--format", "xml"], "invalid value"),
        (&["-q", "-v", "build"], "cannot be used with"),
        (
            &["check", "no/such/folder"],
            "no/such/folder: no such content folder",
        ),
        (
            &["build", "--root", "no/such/project"],
            "no such content folder",
        ),
        (&["build", "--output", "content"], "nothing was written"),
        (&["rules", "T3-BALANSE"], "did you mean T3-BALANCE?"),
        (
            &["new", "--body", "x", "--year", "2020", "-o", SEED],
            "already exists",
        ),
    ];
    for (args, says) in cases {
        let run = ogi_in(p, args);
        assert_code(&run, 2, &format!("ogi {}", args.join(" ")));
        assert!(
            run.stderr.contains(says),
            "ogi {}: {}",
            args.join(" "),
            run.stderr
        );
    }
    // A template that does not compile.
    std::fs::create_dir_all(dir.path().join("templates")).expect("mkdir");
    std::fs::write(
        dir.path().join("templates/report.html"),
        "{% extends \"base.html\" %}{% block content %}{{ report.title {% endblock content %}",
    )
    .expect("write");
    let broken = ogi_in(p, &["build"]);
    assert_code(&broken, 2, "a broken template");
    assert!(broken.stderr.contains("report.html"), "{}", broken.stderr);
    assert!(!dir.path().join("site").exists(), "nothing written");
}

#[test]
fn help_states_the_exit_codes_of_readme() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    for args in [&["--help"][..], &["build", "--help"], &["check", "--help"]] {
        let help = ogi_in(None, args);
        assert_code(&help, 0, "help");
        for code in [
            "0  success",
            "1  the content has errors",
            "2  ogi could not run",
        ] {
            assert!(help.stdout.contains(code), "ogi {args:?}: {}", help.stdout);
        }
    }
    for code in [
        "0 success",
        "1 the content has errors",
        "2 ogi could not run",
    ] {
        assert!(readme.contains(code), "README.md's exit codes: {code}");
    }
}
