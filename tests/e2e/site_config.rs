//! Values of `site.yaml` (and `--base-url`) that become links or CSS on every page are
//! checked like reports: a `javascript:` link, CSS that is not a colour, an option of the
//! wrong type are refused, naming site.yaml's line.

use std::path::Path;

use crate::site::copy_dir;
use crate::support::{Run, ogi_in, root};

/// A project of the bundled content whose site.yaml ends with `extra`.
fn project(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("content"), &dir.path().join("content"));
    let config = dir.path().join("content/site.yaml");
    let text = std::fs::read_to_string(&config).expect("site.yaml");
    std::fs::write(&config, format!("{text}\n{extra}")).expect("write");
    dir
}

fn line_of(dir: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(dir.join("content/site.yaml")).expect("site.yaml");
    text.lines()
        .position(|l| l.contains(needle))
        .expect("the line")
        + 1
}

fn build(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    ogi_in(Some(dir), &all)
}

#[test]
fn a_javascript_nav_link_is_refused_at_its_line() {
    let dir = project(
        "theme_options:\n  nav_links:\n    - {name: 首页, url: /}\n    - {name: 点我, url: 'javascript:alert(42)'}\n",
    );
    let run = build(dir.path(), &[]);
    assert_ne!(run.code, Some(0), "{run:?}");
    let line = line_of(dir.path(), "javascript:");
    assert!(
        run.stderr.contains(&format!("site.yaml:{line}:"))
            && run.stderr.contains("javascript:alert(42)"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("site").exists(), "nothing is written");
}

#[test]
fn a_colour_that_is_not_a_colour_is_refused_at_its_line() {
    let dir = project(
        "theme_options:\n  header_color: 'red; } body { background: url(https://evil.example/x.png)'\n",
    );
    let run = build(dir.path(), &[]);
    assert_ne!(run.code, Some(0), "{run:?}");
    let line = line_of(dir.path(), "header_color");
    assert!(
        run.stderr.contains(&format!("site.yaml:{line}:"))
            && run.stderr.contains("not a CSS colour"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_javascript_base_url_is_refused_in_site_yaml_and_on_the_command_line() {
    let dir = project("");
    let run = build(
        dir.path(),
        &["--base-url", "javascript://%0aalert(document.domain)//"],
    );
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("only http(s) and mailto:"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(dir.path().join("content/site.yaml")).expect("read");
    std::fs::write(
        dir.path().join("content/site.yaml"),
        text.replace("base_url: /", "base_url: 'javascript://%0aalert(1)//'"),
    )
    .expect("write");
    let run = build(dir.path(), &[]);
    assert_ne!(run.code, Some(0), "{run:?}");
    let line = line_of(dir.path(), "base_url:");
    assert!(
        run.stderr.contains(&format!("site.yaml:{line}:")),
        "{}",
        run.stderr
    );
}

#[test]
fn an_option_of_the_wrong_type_is_refused_naming_it() {
    let dir = project("theme_options:\n  nav_links: /reports/\n");
    let run = build(dir.path(), &[]);
    assert_ne!(run.code, Some(0), "{run:?}");
    assert!(
        run.stderr
            .contains("`nav_links` to text, but the theme declares it as a list"),
        "{}",
        run.stderr
    );
}

#[test]
fn safe_links_and_colours_build() {
    let dir = project(
        "theme_options:\n  header_color: '#003366'\n  nav_color: rgb(26, 95, 180)\n  nav_links:\n    - {name: 门户, url: 'https://www.gl.gov.cn/'}\n    - {name: 来信, url: 'mailto:gk@example.gov.cn'}\n",
    );
    let run = build(dir.path(), &[]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let home = std::fs::read_to_string(dir.path().join("site/index.html")).expect("home");
    assert!(home.contains("--header-bg: #003366") && home.contains("https://www.gl.gov.cn/"));
}
