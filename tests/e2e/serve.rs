//! `ogi serve`: the served site equals a fresh build after every kind of edit, the browser
//! follows saves and errors live, and request paths cannot leave the site.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use crate::support::{ogi_in, root, seed_path};
use crate::webdriver::Driver;

/// A running `ogi serve` and what it prints.
pub(crate) struct Preview {
    child: Child,
    /// `127.0.0.1:port`.
    pub(crate) addr: String,
    pub(crate) lines: Receiver<String>,
}

impl Preview {
    /// Starts `ogi serve` as an editor would, in the project folder `project` (no --root),
    /// writing to `out`.
    fn start(project: &Path, out: &Path) -> Preview {
        let out = out.to_string_lossy();
        Preview::spawn(project, &["serve", "--port", "0", "--output", &out])
    }

    /// Starts `ogi ARGS` (a `serve` command) with `cwd` as the current folder.
    pub(crate) fn spawn(cwd: &Path, args: &[&str]) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ogi"))
            .args(args)
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .env("LANG", "C")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ogi serve");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("  [serve] {line}");
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Owned by the preview from here on, so a failure below still stops the server.
        let mut preview = Preview {
            child,
            addr: String::new(),
            lines,
        };
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let line = preview
                .lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("ogi serve never said it was serving");
            if let Some(url) = line.strip_prefix("serving http://") {
                preview.addr = url.split('/').next().unwrap_or("").to_owned();
                return preview;
            }
        }
    }

    /// `http://ADDR` followed by `path`.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The last line about a rebuild mentioning `what`, among those printed since the last
    /// call; fails when there is none.
    pub(crate) fn rebuild_line(&self, what: &str) -> String {
        let lines: Vec<String> = self.lines.try_iter().collect();
        lines
            .into_iter()
            .rev()
            .find(|l| l.contains(what) && l.contains(" ms"))
            .unwrap_or_else(|| panic!("the terminal reports no rebuild about {what}"))
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends a raw GET for `target` (sent as is, unnormalised); returns status and body.
pub(crate) fn get(addr: &str, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

/// The server's event stream: `(event, data)` pairs.
pub(crate) fn events(addr: &str) -> Receiver<(String, String)> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET /__ogi/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("send");
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut name = String::new();
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(n) = line.strip_prefix("event: ") {
                name = n.to_owned();
            } else if let Some(data) = line.strip_prefix("data: ") {
                if tx.send((name.clone(), data.to_owned())).is_err() {
                    break;
                }
            }
        }
    });
    // The subscription is registered once the headers are back; give it a moment.
    std::thread::sleep(Duration::from_millis(200));
    rx
}

/// Waits for the next event, then until the server stays quiet; returns the events.
fn settle(events: &Receiver<(String, String)>, what: &str) -> Vec<(String, String)> {
    settle_for(events, what, Duration::from_millis(700))
}

/// [`settle`], with the quiet time that counts as done.
fn settle_for(
    events: &Receiver<(String, String)>,
    what: &str,
    quiet: Duration,
) -> Vec<(String, String)> {
    let first = events
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|e| panic!("no update after {what}: {e}"));
    let mut all = vec![first];
    loop {
        match events.recv_timeout(quiet) {
            Ok(event) => all.push(event),
            Err(RecvTimeoutError::Timeout) => return all,
            Err(RecvTimeoutError::Disconnected) => panic!("the server went away after {what}"),
        }
    }
}

/// Every file below `dir`, by relative path.
pub(crate) fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                files.insert(rel, std::fs::read(&path).expect("read"));
            }
        }
    }
    files
}

/// Asserts that the preview's folder equals a fresh `ogi build` of the project.
fn assert_same_as_build(project: &Path, served: &Path, after: &str) {
    let fresh = project.join("fresh-build");
    let run = ogi_in(
        Some(project),
        &[
            "build",
            "--base-url",
            "/",
            "--output",
            &fresh.to_string_lossy(),
        ],
    );
    assert_eq!(run.code, Some(0), "build after {after}: {}", run.stderr);
    let (a, b) = (tree(served), tree(&fresh));
    let only_served: Vec<_> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_built: Vec<_> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_served.is_empty() && only_built.is_empty(),
        "after {after}: {} files only served, e.g. {:?}; {} only built, e.g. {:?}",
        only_served.len(),
        only_served.iter().take(5).collect::<Vec<_>>(),
        only_built.len(),
        only_built.iter().take(5).collect::<Vec<_>>()
    );
    let differing: Vec<_> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(
        differing.is_empty(),
        "after {after}: {} files differ from a fresh build, e.g. {:?}",
        differing.len(),
        differing.iter().take(5).collect::<Vec<_>>()
    );
    eprintln!(
        "after {after}: {} files identical to a fresh build",
        a.len()
    );
    std::fs::remove_dir_all(&fresh).expect("remove fresh build");
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).expect("inside");
        let target = to.join(rel);
        std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
        std::fs::copy(&entry, &target).expect("copy");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir").flatten() {
            if entry.path().is_dir() {
                stack.push(entry.path());
            } else {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    out
}

/// A project: the bundled themes, `reports` generated reports and the seed.
fn project(reports: usize, seed: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("themes"), &dir.path().join("themes"));
    let content = dir.path().join("content");
    let run = ogi_in(
        None,
        &[
            "gen",
            "--reports",
            &reports.to_string(),
            "--seed",
            &seed.to_string(),
            &content.to_string_lossy(),
        ],
    );
    assert_eq!(run.code, Some(0), "gen: {}", run.stderr);
    let seed_copy = content.join("fujian/fuzhou/gulou/wenquan/2020.yaml");
    std::fs::create_dir_all(seed_copy.parent().expect("parent")).expect("mkdir");
    std::fs::copy(seed_path(), &seed_copy).expect("copy seed");
    dir
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn the_served_site_equals_a_fresh_build_after_every_kind_of_edit() {
    let dir = project(60, 7);
    let p = dir.path();
    let out = p.join("served");
    let preview = Preview::start(p, &out);
    let events = events(&preview.addr);
    assert_same_as_build(p, &out, "the first build");
    let seed = p.join("content/fujian/fuzhou/gulou/wenquan/2020.yaml");

    // A plain write of one figure: only what shows the report is rendered again.
    edit(
        &seed,
        "procurement: [11, 108426.00]",
        "procurement: [12, 108426.00]",
    );
    let got = settle(&events, "a plain write");
    // The report's own page first (its open tabs follow at once), then the whole site.
    let names: Vec<&str> = got.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["page", "reload"], "{got:?}");
    assert!(
        got[0]
            .1
            .contains("\"/reports/fujian/fuzhou/gulou/wenquan/2020/\""),
        "{got:?}"
    );
    let line = preview.rebuild_line("2020.yaml");
    assert!(
        line.contains(" ms") && !line.contains("(full)"),
        "an incremental rebuild: {line}"
    );
    assert_same_as_build(p, &out, "a plain write");

    // A figure of table 3: the lists, statistics and feeds show it, so they follow (and
    // the new arithmetic errors are published, flagged).
    edit(&seed, "new_requests: [4,", "new_requests: [5,");
    settle(&events, "a table-3 figure");
    assert_same_as_build(p, &out, "a table-3 figure");
    edit(&seed, "new_requests: [5,", "new_requests: [4,");
    settle(&events, "the table-3 figure put back");

    // As `sed -i` saves: a temporary file with no extension, renamed over the report.
    let text = std::fs::read_to_string(&seed).expect("read");
    let temporary = seed.with_file_name("sedAb12Cd");
    std::fs::write(&temporary, text.replace("六稳", "六稳六保")).expect("write");
    std::fs::rename(&temporary, &seed).expect("rename over");
    settle(&events, "a sed-style save");
    let line = preview.rebuild_line("2020.yaml");
    assert!(!line.contains("(full)"), "still incremental: {line}");
    assert_same_as_build(p, &out, "a sed-style save");

    // Write to a temporary file, then rename it over the report (many editors do this);
    // swap and backup files beside it are ignored.
    std::fs::write(seed.with_file_name(".2020.yaml.swp"), "swap").expect("swap");
    std::fs::write(seed.with_file_name("2020.yaml~"), "backup").expect("backup");
    let text = std::fs::read_to_string(&seed).expect("read");
    let temporary = seed.with_file_name(".2020.yaml.tmp-save");
    std::fs::write(
        &temporary,
        text.replace(
            "procurement: [12, 108426.00]",
            "procurement: [13, 108426.00]",
        ),
    )
    .expect("write temporary");
    std::fs::rename(&temporary, &seed).expect("rename over");
    settle(&events, "write-then-rename");
    assert_same_as_build(p, &out, "write-then-rename");

    // Delete and re-create.
    std::fs::remove_file(&seed).expect("delete");
    std::thread::sleep(Duration::from_millis(150));
    std::fs::write(&seed, text.replace("湖东路 218 号", "湖东路 219 号")).expect("re-create");
    settle(&events, "delete and re-create");
    assert_same_as_build(p, &out, "delete and re-create");

    // Add a report of a new body, in a new folder.
    let added = p.join("content/fujian/fuzhou/gulou/xince/2020.yaml");
    std::fs::create_dir_all(added.parent().expect("parent")).expect("mkdir");
    std::fs::write(
        &added,
        text.replace(
            "福州市鼓楼区人民政府温泉街道办事处",
            "福州市鼓楼区人民政府新测街道办事处",
        )
        .replace("short_name: 温泉街道", "short_name: 新测街道"),
    )
    .expect("add");
    settle(&events, "adding a report");
    assert_same_as_build(p, &out, "adding a report");

    // Rename a report, then delete one.
    let generated = walk(&p.join("content"))
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "yaml") && !f.ends_with("site.yaml"))
        .filter(|f| *f != seed && *f != added)
        .collect::<Vec<_>>();
    let renamed = generated[0].with_file_name("renamed.yaml");
    std::fs::rename(&generated[0], &renamed).expect("rename");
    settle(&events, "renaming a report");
    assert_same_as_build(p, &out, "renaming a report");
    std::fs::remove_file(&generated[1]).expect("delete");
    settle(&events, "deleting a report");
    assert_same_as_build(p, &out, "deleting a report");

    // A template (here an included partial): the pages of its theme, not the data or
    // the search index.
    let partial = p.join("themes/official/templates/partials/report_list.html");
    let partial_text = std::fs::read_to_string(&partial).expect("read");
    std::fs::write(&partial, format!("<!-- edited -->\n{partial_text}")).expect("edit partial");
    settle(&events, "editing a template");
    let line = preview.rebuild_line("theme");
    assert!(!line.contains("(full)"), "only the theme's pages: {line}");
    assert_same_as_build(p, &out, "editing a template");

    // A stylesheet: swapped in the page, not reloaded.
    let css = p.join("themes/official/static/style.css");
    let css_text = std::fs::read_to_string(&css).expect("read");
    std::fs::write(&css, format!("{css_text}\n.edited {{ color: red; }}\n")).expect("edit css");
    let got = settle(&events, "editing a stylesheet");
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "css", "{got:?}");
    assert!(got[0].1.contains("assets/official/style.css"), "{got:?}");
    assert_same_as_build(p, &out, "editing a stylesheet");

    // The configuration.
    edit(&p.join("content/site.yaml"), "title: ", "title: 新标题 ");
    settle(&events, "editing the configuration");
    assert_same_as_build(p, &out, "editing the configuration");

    // A `git checkout` that changes hundreds of files at once: files written over, new
    // ones made, the rest deleted.
    let other = project(180, 8);
    let content = p.join("content");
    let incoming = other.path().join("content");
    let wanted: Vec<PathBuf> = walk(&incoming)
        .iter()
        .map(|f| f.strip_prefix(&incoming).expect("inside").to_path_buf())
        .collect();
    for old in walk(&content) {
        let rel = old.strip_prefix(&content).expect("inside").to_path_buf();
        if !wanted.contains(&rel) {
            std::fs::remove_file(&old).expect("delete");
        }
    }
    copy_dir(&incoming, &content);
    settle_for(
        &events,
        "a checkout of hundreds of files",
        Duration::from_secs(4),
    );
    assert_same_as_build(p, &out, "a checkout of hundreds of files");

    // The content folder itself deleted and made again.
    let saved = p.join("saved-content");
    copy_dir(&content, &saved);
    std::fs::remove_dir_all(&content).expect("remove content");
    std::thread::sleep(Duration::from_millis(300));
    copy_dir(&saved, &content);
    edit(&seed, "湖东路 218 号", "湖东路 220 号");
    settle_for(
        &events,
        "re-creating the content folder",
        Duration::from_secs(4),
    );
    assert_same_as_build(p, &out, "re-creating the content folder");
}

#[test]
fn request_paths_cannot_leave_the_site_and_unknown_ones_get_the_themes_404() {
    let dir = project(3, 1);
    let p = dir.path();
    let out = p.join("served");
    std::fs::write(p.join("secret.txt"), "TOP-SECRET").expect("secret");
    let preview = Preview::start(p, &out);
    #[cfg(unix)]
    std::os::unix::fs::symlink(p.join("secret.txt"), out.join("link.txt")).expect("symlink");
    for target in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/reports/%2e%2e/%2e%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/..;/secret.txt",
        "/link.txt",
        "//secret.txt",
    ] {
        let (status, body) = get(&preview.addr, target);
        assert!(status == 400 || status == 404, "{target}: status {status}");
        assert!(!body.contains("TOP-SECRET"), "{target} leaked the file");
    }
    let (status, body) = get(&preview.addr, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("页面不存在"), "the theme's 404 page: {body}");
    assert!(body.contains("data-ogi-live"), "with the reload script");
    let (status, body) = get(&preview.addr, "/");
    assert_eq!(status, 200);
    assert!(body.contains("data-ogi-live") && !body.contains("ogi-overlay"));
    assert!(
        !std::fs::read_to_string(out.join("index.html"))
            .expect("home")
            .contains("data-ogi-live"),
        "the script is put in when serving, never into the files"
    );
}

#[test]
fn the_browser_shows_saves_and_errors_without_being_reloaded_by_the_test() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let dir = project(2, 1);
    let p = dir.path();
    let preview = Preview::start(p, &p.join("served"));
    let seed = p.join("content/fujian/fuzhou/gulou/wenquan/2020.yaml");
    driver.goto(&preview.url("/reports/fujian/fuzhou/gulou/wenquan/2020/"));
    let cell = "var c = document.getElementById('t2-procurement-0'); return c ? c.textContent.trim() : null;";
    assert_eq!(driver.eval(cell), "11");
    // A mark on the page: it survives only as long as the test does not navigate.
    driver.eval("window.__ogiTest = 'same tab'; return 1;");

    edit(
        &seed,
        "procurement: [11, 108426.00]",
        "procurement: [12, 108426.00]",
    );
    let took = driver
        .wait_for(cell, Duration::from_secs(2), |v| v == "12")
        .expect("the new figure within 2 s");
    eprintln!("save → new figure in the browser: {} ms", took.as_millis());

    // Break the YAML: the overlay names the file and the line.
    let text = std::fs::read_to_string(&seed).expect("read");
    let broken = text.replacen(
        "procurement: [12, 108426.00]",
        "procurement: [12, 108426.00",
        1,
    );
    std::fs::write(&seed, &broken).expect("break");
    let overlay =
        "var o = document.getElementById('ogi-overlay'); return o ? o.textContent : null;";
    driver
        .wait_for(overlay, Duration::from_secs(5), |v| {
            v.as_str().is_some_and(|t| t.contains("wenquan/2020.yaml:"))
        })
        .expect("the overlay appears");
    let shown = driver.eval(overlay);
    let shown = shown.as_str().unwrap_or("");
    let line = broken
        .lines()
        .position(|l| l.contains("procurement: [12, 108426.00"))
        .map(|i| i + 1)
        .unwrap_or(0);
    assert!(
        shown.contains(&format!("2020.yaml:{line}:")),
        "the overlay names line {line}: {shown}"
    );
    // Opening a page while the error stands shows the overlay too.
    let (_, home) = get(&preview.addr, "/");
    assert!(home.contains("ogi-overlay") && home.contains("2020.yaml:"));

    // Fix it: the overlay goes, the figure stays.
    std::fs::write(&seed, &text).expect("fix");
    driver
        .wait_for(overlay, Duration::from_secs(5), serde_json::Value::is_null)
        .expect("the overlay goes");
    assert_eq!(driver.eval(cell), "12");
    assert_eq!(
        driver.eval("return window.__ogiTest || null;"),
        serde_json::Value::Null,
        "the page reloaded itself (the test never navigated)"
    );

    // Map the seed's district to the second theme in the configuration: its pages are
    // rendered again in that theme and the open tab follows; a city-wide page does not.
    let stylesheets = "return Array.from(document.querySelectorAll('link[rel=stylesheet]')).map(function (l) { return l.getAttribute('href'); }).join(' ');";
    assert!(
        !driver
            .eval(stylesheets)
            .as_str()
            .unwrap_or("")
            .contains("contrast")
    );
    edit(
        &p.join("content/site.yaml"),
        "  - slug: gulou\n    name: 鼓楼区\n    region: [福建省, 福州市, 鼓楼区]\n",
        "  - slug: gulou\n    name: 鼓楼区\n    region: [福建省, 福州市, 鼓楼区]\n    theme: contrast\n",
    );
    driver
        .wait_for(stylesheets, Duration::from_secs(10), |v| {
            v.as_str()
                .is_some_and(|t| t.contains("assets/contrast/style.css"))
        })
        .expect("the open report page turns to the district's new theme");
    let (_, district) = get(&preview.addr, "/districts/gulou/");
    assert!(district.contains("assets/contrast/style.css"));
    let (_, home) = get(&preview.addr, "/");
    assert!(
        home.contains("assets/official/style.css") && !home.contains("assets/contrast/style.css")
    );
}

#[test]
fn an_open_report_page_shows_its_save_before_the_update_ends_and_is_not_loaded_again() {
    let Some(driver) = Driver::start() else {
        return;
    };
    let dir = project(60, 3);
    let p = dir.path();
    let preview = Preview::start(p, &p.join("served"));
    let stream = events(&preview.addr);
    let seed = p.join("content/fujian/fuzhou/gulou/wenquan/2020.yaml");
    let address = "/reports/fujian/fuzhou/gulou/wenquan/2020/";
    driver.goto(&preview.url(address));
    let cell = "var c = document.querySelector('[data-path=\"table3.granted[0]\"]'); return c ? c.textContent.trim() : null;";
    driver
        .wait_for(cell, Duration::from_secs(10), |v| v == "1")
        .expect("table 3 shows 予以公开 1");
    // Gone if the tab loads a document again (the test never navigates).
    driver.eval("window.__ogiTest = 'same document'; return 1;");

    // Table 3 as an editor changes it: one more granted request, every relation kept.
    let text = std::fs::read_to_string(&seed).expect("read");
    let mut edited = text.clone();
    for (from, to) in [
        (
            "new_requests: [4, 0, 0, 0, 0, 0, 4]",
            "new_requests: [5, 0, 0, 0, 0, 0, 5]",
        ),
        (
            "granted: [1, 0, 0, 0, 0, 0, 1]",
            "granted: [2, 0, 0, 0, 0, 0, 2]",
        ),
        (
            "total: [4, 0, 0, 0, 0, 0, 4]",
            "total: [5, 0, 0, 0, 0, 0, 5]",
        ),
    ] {
        assert!(edited.contains(from), "the seed lacks {from}");
        edited = edited.replacen(from, to, 1);
    }
    std::fs::write(&seed, &edited).expect("write");
    let took = driver
        .wait_for(cell, Duration::from_secs(10), |v| v == "2")
        .expect("the open page shows the new figure");
    eprintln!(
        "save → new figure in the open page: {} ms",
        took.as_millis()
    );

    // The page event came before the update's own reload, which names the page as fresh:
    // the tab took the page from the first and was spared by the second.
    let got = settle(&stream, "a table-3 figure");
    let names: Vec<&str> = got.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["page", "reload"], "{got:?}");
    let page: serde_json::Value = serde_json::from_str(&got[0].1).expect("page JSON");
    let id = page["pages"][address].as_str().expect("the page is named");
    let reload: serde_json::Value = serde_json::from_str(&got[1].1).expect("reload JSON");
    assert_eq!(reload["fresh"][address].as_str(), Some(id), "{reload}");
    assert_eq!(
        driver.eval("return window.__ogiTest || null;"),
        "same document",
        "the page was swapped in place, and not loaded again at the end"
    );
    assert_eq!(driver.eval(cell), "2");
    let (_, served) = get(&preview.addr, address);
    assert!(served.contains("data-path=\"table3.granted[0]\">2</td>"));

    // A page not the saved one reloads at the end as before.
    driver.goto(&preview.url("/"));
    driver
        .wait_for(
            "return document.readyState;",
            Duration::from_secs(10),
            |v| v == "complete",
        )
        .expect("the home page loads");
    driver.eval("window.__ogiTest = 'home'; return 1;");
    std::fs::write(&seed, &text).expect("write back");
    driver
        .wait_for(
            "return window.__ogiTest || null;",
            Duration::from_secs(10),
            serde_json::Value::is_null,
        )
        .expect("the home page reloads once the update is done");
}
