//! `ogi build`: the seed's figures in their cells, internal links, sanitized Markdown,
//! atomic writes.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use ogi_model::load_report;
use scraper::{ElementRef, Html, Selector};

use crate::support::{fixture, ogi_in, root, seed_path};

/// The seed report page below a site folder.
pub(crate) const SEED_PAGE: &str = "reports/fujian/fuzhou/gulou/wenquan/2020/index.html";

/// Builds the bundled project into a temporary folder; returns the folder and the site.
pub(crate) fn build_bundled(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    let mut args = vec!["build", "--output", site.to_str().expect("utf-8 path")];
    args.extend_from_slice(extra);
    let run = ogi_in(None, &args);
    assert_eq!(run.code, Some(0), "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("built 1 report"), "{}", run.stderr);
    (dir, site)
}

/// A project folder with `content` copied from `content_from` and the repository's themes.
pub(crate) fn project(content_from: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(content_from, &dir.path().join("content"));
    copy_dir(&root().join("themes"), &dir.path().join("themes"));
    dir
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("{css}: {e:?}"))
}

fn text(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_figure_of_the_seed_is_in_its_cell() {
    let (_dir, site) = build_bundled(&[]);
    let html = Html::parse_document(&read(&site.join(SEED_PAGE)));
    assert_eq!(
        html.select(&sel("html"))
            .next()
            .and_then(|h| h.value().attr("lang")),
        Some("zh-CN")
    );
    let doc = load_report(&seed_path()).expect("seed");
    let mut checked = 0;
    for cell in doc.report.cells() {
        let id = ogi_site::cell_anchor(cell.path);
        let element = html
            .select(&sel(&format!("td#{id}")))
            .next()
            .unwrap_or_else(|| panic!("no cell #{id} ({})", cell.label));
        assert_eq!(text(element), cell.value.display(), "{}", cell.label);
        assert_eq!(element.value().attr("title"), Some(cell.label), "{id}");
        checked += 1;
    }
    assert_eq!(checked, 22 + 23 * 7 + 15);
    // The named figures of the issue, found by their row headers.
    let row_with = |header: &str| -> Vec<String> {
        html.select(&sel("tr"))
            .find(|tr| tr.select(&sel("th")).any(|th| text(th) == header))
            .map(|tr| tr.select(&sel("td")).map(text).collect())
            .unwrap_or_else(|| panic!("no row headed {header}"))
    };
    assert_eq!(row_with("政府集中采购"), ["11", "108426.00"]);
    assert_eq!(
        row_with("4.保护第三方合法权益"),
        ["1", "0", "0", "0", "0", "0", "1"]
    );
    assert_eq!(row_with("（七）总计"), ["4", "0", "0", "0", "0", "0", "4"]);
    // Merged header cells and scopes, as in the template.
    let t3_corner = html
        .select(&sel("th[rowspan='3'][colspan='3']"))
        .next()
        .expect("table 3 corner");
    assert!(text(t3_corner).contains("第一项加第二项之和"));
    assert_eq!(
        html.select(&sel("th[scope='row']")).count(),
        23 + 8,
        "one row header per row of tables 3 and 2"
    );
    assert!(
        html.select(&sel("th[rowspan='8']"))
            .any(|th| text(th) == "（三）不予公开")
    );
}

#[test]
fn sections_prose_and_contact_details_are_on_the_report_page() {
    let (_dir, site) = build_bundled(&[]);
    let page = read(&site.join(SEED_PAGE));
    let html = Html::parse_document(&page);
    let all = text(html.root_element());
    for heading in [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ] {
        assert!(
            html.select(&sel("h2")).any(|h| text(h).contains(heading)),
            "heading {heading}"
        );
    }
    assert!(
        html.select(&sel("h3"))
            .any(|h| text(h) == "（一）政府信息公开基本情况")
    );
    assert!(
        html.select(&sel("strong"))
            .any(|s| text(s) == "一是坚持主动公开。"),
        "bold lead-in"
    );
    assert!(!page.contains("**"), "asterisks left in the page");
    for needle in [
        "温泉街办〔2021〕1号",
        "鼓楼区温泉街道办事处",
        "2021年1月15日",
        "福州市鼓楼区湖东路 218 号",
        "350003",
        "87839186",
        "87987731",
        "暂无其他需要报告的事项",
        "定期邀请律师、法律专家等前来授课",
    ] {
        assert!(
            all.contains(needle),
            "{needle} missing from the report page"
        );
    }
    for link in ["report.yaml", "report.json", "report.csv"] {
        assert!(
            html.select(&sel("a[href]"))
                .any(|a| a.value().attr("href").is_some_and(|h| h.ends_with(link))),
            "{link}"
        );
    }
}

/// Every internal link, stylesheet, script and image of every page resolves to a file
/// (and every `#fragment` to an id on its page).
pub(crate) fn check_links(site: &Path, base: &str) -> usize {
    let mut pages: BTreeMap<PathBuf, Html> = BTreeMap::new();
    for entry in walk(site) {
        if entry.extension().is_some_and(|e| e == "html") {
            pages.insert(entry.clone(), Html::parse_document(&read(&entry)));
        }
    }
    let ids: HashMap<&PathBuf, Vec<String>> = pages
        .iter()
        .map(|(p, h)| {
            (
                p,
                h.select(&sel("[id]"))
                    .filter_map(|e| e.value().attr("id").map(str::to_owned))
                    .collect(),
            )
        })
        .collect();
    let mut checked = 0;
    let mut broken = Vec::new();
    for (page, html) in &pages {
        for (css, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("script[src]", "src"),
            ("img[src]", "src"),
        ] {
            for e in html.select(&sel(css)) {
                let Some(link) = e.value().attr(attr) else {
                    continue;
                };
                if link.starts_with("http://")
                    || link.starts_with("https://")
                    || link.starts_with("mailto:")
                    || link.starts_with("tel:")
                    // base.html's empty icon, so no page asks for /favicon.ico.
                    || (css == "link[href]" && link == "data:,")
                {
                    continue;
                }
                let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
                let target = if path.is_empty() {
                    page.clone()
                } else {
                    let Some(rel) = path.strip_prefix(base) else {
                        broken.push(format!("{}: {link} is outside {base}", page.display()));
                        continue;
                    };
                    let mut t = site.join(rel);
                    if path.ends_with('/') {
                        t = t.join("index.html");
                    }
                    t
                };
                checked += 1;
                if !target.is_file() {
                    broken.push(format!(
                        "{}: {link} → missing {}",
                        page.display(),
                        target.display()
                    ));
                } else if !fragment.is_empty()
                    && ids
                        .get(&target)
                        .is_some_and(|ids| !ids.iter().any(|i| i == fragment))
                {
                    broken.push(format!("{}: {link} → no id {fragment}", page.display()));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    checked
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let p = entry.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn every_internal_link_and_asset_is_present() {
    let (_dir, site) = build_bundled(&[]);
    for required in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "feed.xml",
        "robots.txt",
        "statistics/index.html",
        "years/2020/index.html",
        "districts/gulou/index.html",
        "reports/fujian/fuzhou/gulou/wenquan/index.html",
        "data/table3.csv",
        "search/search.js",
        "search/client.z",
        "search/meta.json",
        "search/attrs.json",
    ] {
        assert!(site.join(required).is_file(), "{required} missing");
    }
    let checked = check_links(&site, "/");
    println!("link checker: {checked} internal links and assets resolved");
    assert!(checked > 50, "only {checked} links checked");
}

#[test]
fn a_base_url_puts_every_link_under_its_path() {
    let (_dir, site) = build_bundled(&["--base-url", "/archive/reports"]);
    let checked = check_links(&site, "/archive/reports/");
    assert!(checked > 50);
    let sitemap = read(&site.join("sitemap.xml"));
    assert!(
        sitemap.contains("<loc>/archive/reports/reports/fujian/fuzhou/gulou/wenquan/2020/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn open_data_carries_every_figure() {
    let (_dir, site) = build_bundled(&[]);
    let dir = site.join("reports/fujian/fuzhou/gulou/wenquan/2020");
    assert_eq!(read(&dir.join("report.yaml")), read(&seed_path()));
    let json: serde_json::Value =
        serde_json::from_str(&read(&dir.join("report.json"))).expect("json");
    assert_eq!(json["report"]["table2"]["procurement"][1], "108426.00");
    assert_eq!(json["report"]["table3"]["withheld"]["third_party"][0], 1);
    let csv = read(&dir.join("report.csv"));
    assert!(
        csv.contains(
            "table2.procurement[1],表二 第二十条第（九）项 · 政府集中采购 · 采购总金额,108426.00,false"
        ),
        "{csv}"
    );
    let all = read(&site.join("data/table3.csv"));
    assert_eq!(all.lines().count(), 1 + 23);
    assert!(all.starts_with("\u{feff}body,region,district,year,edition,row,自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他,总计,report,flagged\n"), "{all}");
    assert!(all.contains("福州市鼓楼区人民政府温泉街道办事处,福建省/福州市/鼓楼区,鼓楼区,2020,2019,（三）不予公开 · 4.保护第三方合法权益,1,0,0,0,0,0,1,/reports/fujian/fuzhou/gulou/wenquan/2020/,false\n"), "{all}");
    assert_eq!(json["flagged"], false);
    let feed = read(&site.join("feed.xml"));
    assert!(
        feed.contains("<title>鼓楼区温泉街道2020年度政府信息公开工作年度报告</title>"),
        "{feed}"
    );
}

#[test]
fn markdown_cannot_inject_script_handlers_or_javascript_links() {
    let project = project(&fixture("site/xss"));
    let site = project.path().join("site");
    let run = ogi_in(Some(project.path()), &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for page in walk(&site)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
    {
        let html = Html::parse_document(&read(&page));
        // The only script is the site's own search loader, named by the search page (it runs
        // the client from search/client.z).
        for script in html.select(&sel("script")) {
            assert_eq!(
                script.value().attr("src"),
                Some("/search/search.js"),
                "{}: a script element",
                page.display()
            );
            assert!(
                text(script).is_empty(),
                "{}: an inline script",
                page.display()
            );
        }
        for e in html.select(&sel("*")) {
            for (name, value) in e.value().attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{}: attribute {name}={value}",
                    page.display()
                );
                assert!(
                    !value.trim().to_lowercase().starts_with("javascript:"),
                    "{}: {name}={value}",
                    page.display()
                );
            }
        }
    }
    let report = read(&site.join("reports/xss/2022/index.html"));
    assert!(
        report.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the script is shown as text"
    );
    assert!(
        report.contains("onerror"),
        "the handler is shown as text, not dropped silently"
    );
}

/// Every file below `dir` with its bytes and modification time.
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
    walk(dir)
        .into_iter()
        .map(|p| {
            let meta = std::fs::metadata(&p).expect("meta");
            (
                p.clone(),
                (
                    std::fs::read(&p).expect("read"),
                    meta.modified().expect("mtime"),
                ),
            )
        })
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let project = project(&root().join("content"));
    let ok = ogi_in(Some(project.path()), &["build"]);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    let site = project.path().join("site");
    let before = snapshot(&site);
    assert!(before.len() > 10);
    // A site template that does not compile.
    std::fs::create_dir_all(project.path().join("templates")).expect("mkdir");
    std::fs::write(
        project.path().join("templates/report.html"),
        "{% extends \"base.html\" %}{% block content %}{{ report.title {% endblock content %}",
    )
    .expect("write");
    let failed = ogi_in(Some(project.path()), &["build"]);
    assert_eq!(failed.code, Some(2), "{}", failed.stderr);
    assert!(
        failed.stderr.contains("report.html"),
        "the error names the template: {}",
        failed.stderr
    );
    assert!(
        failed.stderr.contains("was not changed"),
        "{}",
        failed.stderr
    );
    assert_eq!(
        snapshot(&site),
        before,
        "site/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(project.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn an_unchanged_rebuild_keeps_every_modification_time() {
    let project = project(&root().join("content"));
    assert_eq!(ogi_in(Some(project.path()), &["build"]).code, Some(0));
    let site = project.path().join("site");
    let before = snapshot(&site);
    std::thread::sleep(std::time::Duration::from_millis(50));
    let again = ogi_in(Some(project.path()), &["build"]);
    assert!(
        again.stderr.contains(" 0 changed files"),
        "{}",
        again.stderr
    );
    assert_eq!(
        snapshot(&site),
        before,
        "bytes or modification times changed"
    );
}

#[test]
fn errors_are_published_flagged_unless_strict() {
    let project = project(&fixture("rules/T3-OUTCOMES/fail-2021"));
    let run = ogi_in(Some(project.path()), &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stderr.contains("1 flagged with errors"),
        "{}",
        run.stderr
    );
    let page = read(&project.path().join("site/reports/2022/report/index.html"));
    let html = Html::parse_document(&page);
    assert!(
        html.select(&sel(".flag-error")).count() >= 2,
        "flagged cells"
    );
    assert!(text(html.root_element()).contains("T3-OUTCOMES"));
    let strict = ogi_in(
        Some(project.path()),
        &["build", "--strict", "--output", "strict-site"],
    );
    assert_eq!(strict.code, Some(1), "{}", strict.stderr);
    assert!(!project.path().join("strict-site").exists());
}

#[test]
fn a_generated_archive_builds_with_every_link_resolved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let content = dir.path().join("content");
    let generated = ogi_in(
        None,
        &[
            "gen",
            "--reports",
            "80",
            "--seed",
            "7",
            content.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(generated.code, Some(0), "{}", generated.stderr);
    copy_dir(&root().join("themes"), &dir.path().join("themes"));
    let run = ogi_in(Some(dir.path()), &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("built 80 reports"), "{}", run.stderr);
    let site = dir.path().join("site");
    let checked = check_links(&site, "/");
    println!("generated archive: {checked} internal links resolved");
    // Both editions, several districts and bodies with several years each.
    let districts = std::fs::read_dir(site.join("districts"))
        .expect("districts")
        .count();
    assert!(districts >= 3, "{districts} districts");
    let stats = read(&site.join("statistics/index.html"));
    assert!(
        stats.matches("<svg").count() >= districts,
        "one chart per district"
    );
}

#[test]
fn a_site_template_overrides_the_theme_file_of_the_same_name() {
    let project = project(&root().join("content"));
    std::fs::create_dir_all(project.path().join("templates")).expect("mkdir");
    std::fs::write(project.path().join("templates/404.html"), "{% extends \"base.html\" %}{% block content %}<p id=\"own-404\">本站自己的 404</p>{% endblock content %}").expect("write");
    let run = ogi_in(Some(project.path()), &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let page = read(&project.path().join("site/404.html"));
    assert!(
        page.contains("<p id=\"own-404\">本站自己的 404</p>"),
        "{page}"
    );
    assert!(
        page.contains("政府信息公开工作年度报告档案"),
        "the theme's base still wraps it"
    );
    let report = read(&project.path().join("site").join(SEED_PAGE));
    assert!(!report.contains("own-404"));
}
