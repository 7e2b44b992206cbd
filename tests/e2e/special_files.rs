//! A pipe or a link to a device named like a report is reported by `ogi check`, not
//! skipped without a word (and never read: it would block or never end).

#[cfg(unix)]
#[test]
fn check_reports_a_fifo_and_a_link_to_dev_zero() {
    use crate::support::ogi_in;
    let dir = tempfile::tempdir().expect("temp dir");
    let body = dir.path().join("content/a");
    std::fs::create_dir_all(&body).expect("folders");
    std::os::unix::fs::symlink("/dev/zero", body.join("2020.yaml")).expect("link");
    let fifo = body.join("2021.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    let run = ogi_in(Some(dir.path()), &["check"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    for (name, expected) in [("2020.yaml", true), ("2021.yaml", made)] {
        let said = run
            .stdout
            .lines()
            .chain(run.stderr.lines())
            .any(|l| l.contains(name) && l.contains("not a regular file"))
            || (run.stdout.contains("not a regular file") && run.stdout.contains(name));
        assert_eq!(said, expected, "{name}: {run:?}");
    }
}
