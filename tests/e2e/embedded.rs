//! The built-in themes: `ogi` alone beside `content/` builds the same site as the
//! repository checkout with its `themes/`; a `themes/official` folder overrides single files
//! and blocks of the built-in theme; `ogi theme eject` and `ogi theme list`. Every run is
//! typed as a user would: relative paths, default flags, in the project's folder.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use scraper::{Html, Selector};

use crate::site::{SEED_PAGE, check_links, copy_dir};
use crate::support::{Run, ogi_in, root};
use crate::themes::REPORT_BLOCKS;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn count(html: &str, css: &str) -> usize {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("{css}: {e:?}"));
    Html::parse_document(html).select(&selector).count()
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Every file below `dir` by `/`-separated path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, rel: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if entry.path().is_dir() {
                walk(&entry.path(), &rel, out);
            } else {
                let bytes = std::fs::read(entry.path()).expect("read");
                out.insert(rel, bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

/// Asserts that two folders hold the same files, byte for byte.
fn assert_same_tree(left: &Path, right: &Path) {
    let (a, b) = (tree(left), tree(right));
    let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&a),
        names(&b),
        "{} and {} hold different files",
        left.display(),
        right.display()
    );
    for (path, bytes) in &a {
        assert!(
            b.get(path) == Some(bytes),
            "{path} differs between {} and {}",
            left.display(),
            right.display()
        );
    }
    let bytes: usize = a.values().map(Vec::len).sum();
    println!("{} files, {bytes} bytes, identical in both sites", a.len());
}

/// A project folder with a copy of the repository's content and no themes/.
fn content_only() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("content"), &dir.path().join("content"));
    dir
}

fn ok(run: &Run) {
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert!(!run.panicked(), "{}", run.stderr);
}

#[test]
fn ogi_alone_beside_content_builds_the_same_site_as_the_checkout_with_its_themes() {
    let alone = content_only();
    let bin = alone.path().join("ogi");
    std::fs::copy(env!("CARGO_BIN_EXE_ogi"), &bin).expect("copy the binary");
    assert!(!alone.path().join("themes").exists());
    // As typed in a shell in that folder.
    let out = Command::new("sh")
        .args(["-c", "./ogi build"])
        .current_dir(alone.path())
        .env("NO_COLOR", "1")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("run ./ogi build");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("built 1 report"), "{stderr}");
    // The same build from the repository, whose themes/ folder lies over the built-in themes.
    let reference = tempfile::tempdir().expect("temp dir");
    let site = reference.path().join("site");
    let run = ogi_in(None, &["build", "--output", &site.to_string_lossy()]);
    ok(&run);
    assert_same_tree(&alone.path().join("site"), &site);
    let built = tree(&site);
    for theme in ["official", "contrast"] {
        assert!(
            built.contains_key(&format!("assets/{theme}/style.css")),
            "{theme}'s stylesheet is published"
        );
    }
}

#[test]
fn a_themes_official_folder_overrides_one_block_and_one_static_file_of_the_built_in_theme() {
    let project = content_only();
    let p = project.path();
    write(
        p,
        "themes/official/templates/report.html",
        "{% extends \"builtin/official/report.html\" %}\n{% block report_signature %}<div id=\"site-signature\">本站落款：{% if report.signed %}{{ report.signed.by }}{% endif %}</div>{% endblock report_signature %}\n",
    );
    write(
        p,
        "themes/official/static/style.css",
        "/* 本站样式 */\nbody { color: #111; }\n",
    );
    let run = ogi_in(Some(p), &["build"]);
    ok(&run);
    let site = p.join("site");
    let page = read(&site.join(SEED_PAGE));
    assert!(
        page.contains("<div id=\"site-signature\">本站落款：鼓楼区温泉街道办事处</div>"),
        "the overriding block"
    );
    assert_eq!(
        count(&page, ".doc-signature"),
        0,
        "the built-in block is replaced"
    );
    // Every other block of the built-in report page, in the built-in layout.
    for css in REPORT_BLOCKS.iter().chain(&["body.theme-official"]) {
        assert_eq!(count(&page, css), 1, "missing {css}");
    }
    // The site's stylesheet is published instead of the built-in one; print.css is built in.
    assert_eq!(
        read(&site.join("assets/official/style.css")),
        "/* 本站样式 */\nbody { color: #111; }\n"
    );
    assert_eq!(
        read(&site.join("assets/official/print.css")),
        read(&root().join("themes/official/static/print.css"))
    );
    check_links(&site, "/");
    let list = ogi_in(Some(p), &["theme", "list"]);
    ok(&list);
    assert!(
        list.stdout
            .lines()
            .any(|l| l.starts_with("official")
                && l.contains("built-in, overridden by themes/official")),
        "{}",
        list.stdout
    );
}

#[test]
fn theme_eject_writes_the_built_in_files_that_the_build_then_uses_and_never_writes_twice() {
    let project = content_only();
    let p = project.path();
    let run = ogi_in(Some(p), &["theme", "eject", "official"]);
    ok(&run);
    assert!(
        run.stdout
            .contains("ejected the built-in theme `official` into themes/official"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  themes/official/templates/report.html"),
        "{}",
        run.stdout
    );
    let ejected = p.join("themes/official");
    assert_same_tree(&ejected, &root().join("themes/official"));
    // The build uses the ejected files.
    let css = ejected.join("static/style.css");
    let edited = format!("{}\n/* 已修改 */\n", read(&css));
    std::fs::write(&css, &edited).expect("write");
    let report = ejected.join("templates/report.html");
    std::fs::write(
        &report,
        read(&report).replace(
            "id=\"report-heading\"",
            "id=\"report-heading\" data-ejected",
        ),
    )
    .expect("write");
    let build = ogi_in(Some(p), &["build"]);
    ok(&build);
    assert_eq!(read(&p.join("site/assets/official/style.css")), edited);
    assert_eq!(
        count(
            &read(&p.join("site").join(SEED_PAGE)),
            "h1#report-heading[data-ejected]"
        ),
        1
    );
    // Again: refused, and nothing is touched.
    let before = tree(&p.join("themes"));
    let again = ogi_in(Some(p), &["theme", "eject", "official"]);
    assert_eq!(again.code, Some(2), "{}{}", again.stdout, again.stderr);
    assert!(!again.panicked(), "{}", again.stderr);
    assert!(
        again.stderr.contains("already has files"),
        "{}",
        again.stderr
    );
    assert!(again.stdout.is_empty(), "{}", again.stdout);
    assert_eq!(tree(&p.join("themes")), before);
    // An unknown name names the built-in themes.
    let unknown = ogi_in(Some(p), &["theme", "eject", "civic"]);
    assert_eq!(unknown.code, Some(2), "{}", unknown.stderr);
    assert!(
        unknown
            .stderr
            .contains("the built-in themes are official, contrast"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn theme_list_and_theme_new_work_without_a_themes_folder() {
    let empty = tempfile::tempdir().expect("temp dir");
    let list = ogi_in(Some(empty.path()), &["theme", "list"]);
    ok(&list);
    let rows: Vec<Vec<&str>> = list
        .stdout
        .lines()
        .map(|l| l.split_whitespace().take(3).collect())
        .collect();
    for expected in [
        ["contrast", "official", "built-in"],
        ["official", "-", "built-in"],
    ] {
        assert!(
            rows.iter().any(|r| r[..] == expected[..]),
            "{expected:?} not in:\n{}",
            list.stdout
        );
    }
    assert!(
        !empty.path().join("themes").exists(),
        "listing writes nothing"
    );
    // A child of a built-in theme, in a project with no themes/ folder.
    let project = content_only();
    let p = project.path();
    let made = ogi_in(Some(p), &["theme", "new", "civic", "--extends", "official"]);
    ok(&made);
    let build = ogi_in(Some(p), &["build", "--theme", "civic"]);
    ok(&build);
    let page = read(&p.join("site").join(SEED_PAGE));
    assert_eq!(count(&page, "body.theme-civic .doc-signature"), 1);
    assert!(p.join("site/assets/official/style.css").is_file());
}
