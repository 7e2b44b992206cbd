//! Themes: districts in their own themes, inheritance from a parent theme, theme options,
//! `ogi theme list` and `ogi theme new`, clear errors, and the seed's report page in both
//! bundled themes, screenshotted in Chromium.

use std::path::{Path, PathBuf};

use scraper::{Html, Selector};

use crate::browser::{chromium, dump_dom, measure, screenshot, screenshots};
use crate::http::serve;
use crate::site::{SEED_PAGE, check_links, copy_dir, project};
use crate::support::{fixture, ogi_in, root, seed_path};

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn count(html: &str, css: &str) -> usize {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("{css}: {e:?}"));
    Html::parse_document(html).select(&selector).count()
}

/// The stylesheets a page links.
fn stylesheets(html: &str) -> Vec<String> {
    let selector = Selector::parse("link[rel=stylesheet]").expect("selector");
    Html::parse_document(html)
        .select(&selector)
        .filter_map(|e| e.value().attr("href").map(str::to_owned))
        .collect()
}

/// What marks a page as drawn by one of the two bundled themes.
struct Look {
    theme: &'static str,
    /// Markup only this theme writes.
    own: &'static [&'static str],
    /// Markup only the other theme writes.
    others: &'static [&'static str],
}

const OFFICIAL: Look = Look {
    theme: "official",
    own: &["body.theme-official", ".site-emblem"],
    others: &["body.theme-contrast", ".contrast-header", ".a11y-statement"],
};

const CONTRAST: Look = Look {
    theme: "contrast",
    own: &["body.theme-contrast", ".contrast-header", ".a11y-statement"],
    others: &["body.theme-official", ".site-emblem"],
};

fn assert_look(site: &Path, page: &str, look: &Look) {
    let html = read(&site.join(page));
    let other = if look.theme == "official" {
        "contrast"
    } else {
        "official"
    };
    let sheets = stylesheets(&html);
    assert!(
        sheets.contains(&format!("/assets/{}/style.css", look.theme)),
        "{page} links {sheets:?}, not the {} stylesheet",
        look.theme
    );
    assert!(
        !html.contains(&format!("assets/{other}/")),
        "{page} refers to the {other} theme's files"
    );
    for css in look.own {
        assert!(
            count(&html, css) > 0,
            "{page}: no {css} ({} theme)",
            look.theme
        );
    }
    for css in look.others {
        assert_eq!(count(&html, css), 0, "{page}: {css} of the {other} theme");
    }
}

/// A project whose content is the seed twice, once in 鼓楼区 and once moved to 台江区,
/// with the site.yaml of `fixture_site`.
fn two_districts() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let seed = read(&seed_path());
    let gulou = content.join("fujian/fuzhou/gulou/wenquan");
    let taijiang = content.join("fujian/fuzhou/taijiang/wenquan");
    for folder in [&gulou, &taijiang] {
        std::fs::create_dir_all(folder).expect("mkdir");
    }
    std::fs::write(gulou.join("2020.yaml"), &seed).expect("write");
    std::fs::write(taijiang.join("2020.yaml"), seed.replace("鼓楼区", "台江区")).expect("write");
    std::fs::copy(
        fixture("themes/two-districts/site.yaml"),
        content.join("site.yaml"),
    )
    .expect("copy site.yaml");
    copy_dir(&root().join("themes"), &dir.path().join("themes"));
    dir
}

/// A selector for each block of the official report page: a theme that overrides one block
/// keeps every other.
pub(crate) const REPORT_BLOCKS: [&str; 10] = [
    ".breadcrumb",
    "nav.report-toc",
    "aside.legend #legend-error",
    ".doc-header h1#report-heading",
    ".doc-preamble",
    "section#requests table.official-table3",
    "section#report-meta",
    "section#downloads",
    "section#findings",
    "header.site-header .site-emblem",
];

#[test]
fn two_districts_in_two_themes_each_carry_their_own_look() {
    let project = two_districts();
    let run = ogi_in(Some(project.path()), &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("built 2 reports"), "{}", run.stderr);
    let site = project.path().join("site");
    let gulou = "reports/fujian/fuzhou/gulou/wenquan";
    let taijiang = "reports/fujian/fuzhou/taijiang/wenquan";
    // A district's pages: its reports, its bodies and its index.
    for page in [
        format!("{gulou}/2020/index.html"),
        format!("{gulou}/index.html"),
        "districts/gulou/index.html".to_owned(),
    ] {
        assert_look(&site, &page, &OFFICIAL);
    }
    for page in [
        format!("{taijiang}/2020/index.html"),
        format!("{taijiang}/index.html"),
        "districts/taijiang/index.html".to_owned(),
    ] {
        assert_look(&site, &page, &CONTRAST);
    }
    // City-wide pages take the default theme.
    for page in [
        "index.html",
        "years/2020/index.html",
        "statistics/index.html",
        "404.html",
        "search.html",
    ] {
        assert_look(&site, page, &OFFICIAL);
    }
    // The report pages differ in the blocks contrast overrides, and share official's others.
    let official = read(&site.join(format!("{gulou}/2020/index.html")));
    let contrast = read(&site.join(format!("{taijiang}/2020/index.html")));
    assert_eq!(count(&official, ".doc-issuer"), 1);
    assert_eq!(count(&official, ".contrast-doc-header"), 0);
    assert_eq!(count(&contrast, ".doc-issuer"), 0);
    assert_eq!(
        count(&contrast, "header.contrast-doc-header h1#report-heading"),
        1
    );
    for shared in [
        "#legend-error",
        "#legend-blank",
        "table.official-table3",
        "#report-meta",
        "#findings",
    ] {
        assert_eq!(count(&official, shared), 1, "official: {shared}");
        assert_eq!(count(&contrast, shared), 1, "contrast: {shared}");
    }
    assert_eq!(
        count(&contrast, "#requests td.num"),
        count(&official, "#requests td.num")
    );
    // Options: the site's footer text on every page; the district's contact on its own.
    for page in [&official, &contrast] {
        assert!(page.contains("全市统一页脚：本档案由市政务公开办维护。"));
    }
    assert!(contrast.contains("如需其他格式的报告，请联系：台江区政务公开办 0591-00000000。"));
    assert!(!official.contains("0591-00000000"));
    // Each theme's files are published: contrast's own stylesheet, official's print.css.
    let contrast_css = read(&site.join("assets/contrast/style.css"));
    assert!(contrast_css.contains("ogi theme \"contrast\""));
    assert_eq!(
        read(&site.join("assets/contrast/print.css")),
        read(&root().join("themes/official/static/print.css")),
        "contrast inherits official's print.css"
    );
    let checked = check_links(&site, "/");
    println!("two districts in two themes: {checked} internal links resolved");
}

#[test]
fn a_child_theme_overriding_one_block_of_the_report_page_keeps_its_parents_other_blocks() {
    let project = project(&root().join("content"));
    copy_dir(
        &fixture("themes/child"),
        &project.path().join("themes/child"),
    );
    let run = ogi_in(Some(project.path()), &["build", "--theme", "child"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let site = project.path().join("site");
    let page = read(&site.join(SEED_PAGE));
    // The child's block …
    assert_eq!(count(&page, "#child-signature"), 1);
    assert!(
        page.contains("落款（子主题）：鼓楼区温泉街道办事处，2021年1月15日"),
        "{}",
        &page[page.find("child-signature").unwrap_or(0)..][..200.min(page.len())]
    );
    assert_eq!(
        count(&page, ".doc-signature"),
        0,
        "the parent's version of the block is replaced"
    );
    // … and every other block of the parent's report page, in the parent's layout.
    for css in REPORT_BLOCKS.iter().chain(&["body.theme-child"]) {
        assert_eq!(count(&page, css), 1, "missing {css}");
    }
    // Static files the child lacks come from its parent, under the child's name.
    assert!(page.contains("/assets/child/style.css"));
    assert_eq!(
        read(&site.join("assets/child/style.css")),
        read(&root().join("themes/official/static/style.css"))
    );
    // Pages the child has no template for are the parent's.
    assert_eq!(count(&read(&site.join("index.html")), ".key-figures"), 1);
    check_links(&site, "/");
}

#[test]
fn theme_new_makes_a_child_that_builds_at_once_and_theme_list_shows_it() {
    let project = project(&root().join("content"));
    let made = ogi_in(
        Some(project.path()),
        &["theme", "new", "civic", "--extends", "contrast"],
    );
    assert_eq!(made.code, Some(0), "{}{}", made.stdout, made.stderr);
    assert!(
        made.stdout
            .contains("created theme `civic` extending `contrast`"),
        "{}",
        made.stdout
    );
    let theme = project.path().join("themes/civic");
    for file in ["theme.yaml", "templates/report.html", "static/style.css"] {
        assert!(theme.join(file).is_file(), "no {file}");
    }
    let list = ogi_in(Some(project.path()), &["theme", "list"]);
    assert_eq!(list.code, Some(0), "{}{}", list.stdout, list.stderr);
    let rows: Vec<Vec<&str>> = list
        .stdout
        .lines()
        .map(|l| l.split_whitespace().take(2).collect())
        .filter(|r: &Vec<&str>| r.len() == 2 && !r[0].ends_with(':'))
        .collect();
    for expected in [
        ["civic", "contrast"],
        ["contrast", "official"],
        ["official", "-"],
    ] {
        assert!(
            rows.iter().any(|r| r[..] == expected[..]),
            "{expected:?} not in:\n{}",
            list.stdout
        );
    }
    assert!(
        list.stdout.contains("used by: 台江区 (taijiang)"),
        "{}",
        list.stdout
    );
    // It builds at once, as the site's default.
    let run = ogi_in(Some(project.path()), &["build", "--theme", "civic"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let site = project.path().join("site");
    let page = read(&site.join(SEED_PAGE));
    assert!(stylesheets(&page).contains(&"/assets/civic/style.css".to_owned()));
    assert_eq!(
        count(&page, "body.theme-civic .contrast-doc-header"),
        1,
        "contrast's report header"
    );
    assert_eq!(count(&page, "#legend-blank"), 1, "official's report page");
    let css = read(&site.join("assets/civic/style.css"));
    assert!(
        css.contains("@import url(\"../contrast/style.css\");"),
        "{css}"
    );
    assert!(
        site.join("assets/contrast/style.css").is_file(),
        "the parent's files are published"
    );
    check_links(&site, "/");
    // Its one option, set from site.yaml, shows in its block.
    let config = project.path().join("content/site.yaml");
    let text = read(&config).replace(
        "districts:",
        "theme_options:\n  banner: 试运行版本\ndistricts:",
    );
    std::fs::write(&config, text).expect("write");
    let run = ogi_in(Some(project.path()), &["build", "--theme", "civic"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let page = read(&site.join(SEED_PAGE));
    assert!(page.contains("<p class=\"theme-banner\">试运行版本</p>"));
    // It is never written over.
    let again = ogi_in(Some(project.path()), &["theme", "new", "civic"]);
    assert_eq!(again.code, Some(2), "{}", again.stderr);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert!(!again.panicked());
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

#[test]
fn a_cycle_a_missing_parent_or_a_missing_district_theme_stops_the_build_clearly() {
    let project = project(&root().join("content"));
    let p = project.path();
    write(
        p,
        "themes/loop-a/theme.yaml",
        "name: loop-a\nextends: loop-b\n",
    );
    write(
        p,
        "themes/loop-b/theme.yaml",
        "name: loop-b\nextends: loop-a\n",
    );
    write(
        p,
        "themes/orphan/theme.yaml",
        "name: orphan\nextends: gone\n",
    );
    let cycle = ogi_in(Some(p), &["build", "--theme", "loop-a"]);
    assert_eq!(cycle.code, Some(2), "{}", cycle.stderr);
    assert!(
        cycle.stderr.contains("cycle: loop-a → loop-b → loop-a"),
        "{}",
        cycle.stderr
    );
    let orphan = ogi_in(Some(p), &["build", "--theme", "orphan"]);
    assert_eq!(orphan.code, Some(2), "{}", orphan.stderr);
    assert!(
        orphan.stderr.contains("extends `gone`"),
        "{}",
        orphan.stderr
    );
    assert!(
        orphan
            .stderr
            .contains("the built-in themes are official, contrast"),
        "{}",
        orphan.stderr
    );
    let config = p.join("content/site.yaml");
    std::fs::write(
        &config,
        read(&config).replace("theme: contrast", "theme: contrats"),
    )
    .expect("write");
    let district = ogi_in(Some(p), &["build"]);
    assert_eq!(district.code, Some(2), "{}", district.stderr);
    assert!(
        district
            .stderr
            .contains("district `taijiang` (台江区) in site.yaml"),
        "{}",
        district.stderr
    );
    assert!(
        district.stderr.contains("contrast"),
        "lists the themes: {}",
        district.stderr
    );
    for run in [&cycle, &orphan, &district] {
        assert!(!run.panicked(), "{}", run.stderr);
        assert!(run.stderr.contains("was not changed"), "{}", run.stderr);
    }
    let list = ogi_in(Some(p), &["theme", "list"]);
    assert_eq!(
        list.code,
        Some(1),
        "broken themes are listed with their problem"
    );
    assert!(list.stdout.contains("error: "), "{}", list.stdout);
}

/// Pixels differing between two PNGs, counted by a page in Chromium (a canvas each).
const COMPARE: &str = r#"<!DOCTYPE html><meta charset="utf-8"><pre id="result"></pre><script>
const load = (src) => new Promise((ok, fail) => { const i = new Image(); i.onload = () => ok(i); i.onerror = () => fail(src); i.src = src; });
Promise.all([load('a.png'), load('b.png')]).then(([a, b]) => {
  const w = Math.min(a.width, b.width), h = Math.min(a.height, b.height);
  const pixels = (img) => { const c = document.createElement('canvas'); c.width = w; c.height = h; const x = c.getContext('2d'); x.drawImage(img, 0, 0); return x.getImageData(0, 0, w, h).data; };
  const pa = pixels(a), pb = pixels(b);
  let differing = 0;
  for (let i = 0; i < pa.length; i += 4) {
    if (Math.abs(pa[i] - pb[i]) + Math.abs(pa[i + 1] - pb[i + 1]) + Math.abs(pa[i + 2] - pb[i + 2]) > 48) differing++;
  }
  document.getElementById('result').textContent = JSON.stringify({a: [a.width, a.height], b: [b.width, b.height], compared: w * h, differing});
}).catch((e) => { document.getElementById('result').textContent = JSON.stringify({error: String(e)}); });
</script>"#;

/// Screenshots `url` into `target/screenshots/<name>`, through a temporary name so a
/// reader never sees half a file; returns the file.
fn keep_screenshot(bin: &Path, url: &str, name: &str) -> PathBuf {
    let dir = screenshots();
    let partial = dir.join(format!(".{name}.{}.partial.png", std::process::id()));
    screenshot(bin, url, &partial, (1280, 4000));
    let kept = dir.join(name);
    std::fs::rename(&partial, &kept).expect("rename screenshot");
    kept
}

#[test]
fn the_seed_report_page_looks_different_in_the_two_bundled_themes() {
    let Some(bin) = chromium() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    for theme in ["official", "contrast"] {
        let out = dir.path().join(theme);
        let base = format!("/{theme}/");
        let run = ogi_in(
            None,
            &[
                "build",
                "--theme",
                theme,
                "--base-url",
                &base,
                "--output",
                out.to_str().expect("utf-8 path"),
            ],
        );
        assert_eq!(run.code, Some(0), "{}", run.stderr);
    }
    let server = serve(dir.path());
    let page = SEED_PAGE.trim_end_matches("index.html");
    let mut pngs = Vec::new();
    let mut cells = Vec::new();
    for theme in ["official", "contrast"] {
        let url = format!("{}/{theme}/{page}", server.origin);
        let png = keep_screenshot(&bin, &url, &format!("report-{theme}.png"));
        let bytes = std::fs::read(&png).expect("png");
        assert_eq!(&bytes[1..4], b"PNG");
        assert!(
            bytes.len() > 30_000,
            "{theme}: a nearly empty screenshot ({} bytes)",
            bytes.len()
        );
        let t3 = measure(&bin, &url, "#requests table");
        assert_eq!(t3["found"], true, "{theme}: table 3 not found: {t3}");
        assert_eq!(t3["visible"], true, "{theme}: {t3}");
        assert_eq!(t3["rows"].as_u64(), Some(3 + 23), "{theme}: {t3}");
        let font = t3["fontSize"].as_f64().unwrap_or(0.0);
        println!(
            "{theme}: screenshot {} ({} bytes); table 3 {t3}",
            png.display(),
            bytes.len()
        );
        std::fs::copy(
            &png,
            dir.path().join(if theme == "official" {
                "a.png"
            } else {
                "b.png"
            }),
        )
        .expect("copy");
        pngs.push(bytes);
        cells.push(font);
    }
    assert_ne!(pngs[0], pngs[1], "the two screenshots are the same file");
    assert!(
        cells[1] > cells[0],
        "contrast's table type ({}px) is larger than official's ({}px)",
        cells[1],
        cells[0]
    );
    std::fs::write(dir.path().join("compare.html"), COMPARE).expect("write");
    let dom = dump_dom(&bin, &format!("{}/compare.html", server.origin));
    let start = dom
        .find("<pre id=\"result\">")
        .map(|i| i + "<pre id=\"result\">".len())
        .unwrap_or_else(|| panic!("no result in:\n{dom}"));
    let end = dom[start..].find("</pre>").map_or(dom.len(), |i| start + i);
    let result: serde_json::Value =
        serde_json::from_str(&dom[start..end].replace("&quot;", "\"")).expect("comparison JSON");
    let compared = result["compared"].as_f64().unwrap_or(0.0);
    let differing = result["differing"].as_f64().unwrap_or(0.0);
    assert!(compared > 1_000_000.0, "compared too little: {result}");
    let share = differing / compared;
    println!(
        "official vs contrast: {differing} of {compared} pixels differ ({:.1}%): {result}",
        share * 100.0
    );
    assert!(share > 0.2, "the themes look too alike: {result}");
}
