//! ogi in a user's hands: the binary run exactly as the README tells a person to, from a
//! fresh folder as the current directory, with relative paths and default flags. No test
//! here passes `--root` an absolute path.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::lang::english_words;
use crate::serve::{Preview, events, get, tree};
use crate::support::{Run, ogi_env, ogi_in};

/// Where `ogi init` puts its sample report, below the project.
const SAMPLE: &str = "content/fujian/fuzhou/gulou/wenquan/2020.yaml";
/// The sample report's page.
const PAGE: &str = "/reports/fujian/fuzhou/gulou/wenquan/2020/";

fn ok(run: &Run, what: &str) {
    assert_eq!(run.code, Some(0), "{what}: {}\n{}", run.stdout, run.stderr);
}

/// Polls the page at `path` until `test` holds for its body; returns how long it took.
fn until(preview: &Preview, path: &str, what: &str, test: impl Fn(&str) -> bool) -> Duration {
    let started = Instant::now();
    loop {
        let (status, body) = get(&preview.addr, path);
        if status == 200 && test(&body) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{what}: the served page did not change within 2 s (status {status})"
        );
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// The text of the error overlay on a served page: tags dropped, entities decoded.
fn overlay_text(page: &str) -> String {
    let start = page.find("<div id=\"ogi-overlay\"").expect("an overlay");
    let end = page[start..]
        .find("</div>")
        .map_or(page.len(), |e| start + e);
    let mut text = String::new();
    let mut in_tag = false;
    for c in page[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&apos;", "'"),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(text, |t, (entity, c)| t.replace(entity, c))
}

/// Replaces `from` by `to` in the report at `path` the way `how` says an editor saves.
fn save(path: &Path, from: &str, to: &str, how: &str) {
    let text = fs::read_to_string(path).expect("read report");
    assert!(text.contains(from), "{from} not in {}", path.display());
    let text = text.replacen(from, to, 1);
    let dir = path.parent().expect("folder");
    match how {
        "plain write" => fs::write(path, text).expect("write"),
        "sed -i" => {
            // sed writes a temporary file without an extension beside it, then renames it.
            let tmp = dir.join("sedX1b2c3");
            fs::write(&tmp, text).expect("write");
            fs::rename(&tmp, path).expect("rename");
        }
        "write-then-rename" => {
            let tmp = dir.join("2020.yaml.tmp");
            fs::write(&tmp, text).expect("write");
            fs::rename(&tmp, path).expect("rename");
        }
        other => panic!("unknown way to save: {other}"),
    }
}

/// The preview started in `cwd` with `args` follows every kind of save of the report at
/// `report`, shows a broken file in the overlay as `shown:LINE` and drops it when fixed,
/// and swaps an edited stylesheet of the ejected theme at `theme_css`.
fn edits_show_in_the_preview(
    cwd: &Path,
    args: &[&str],
    report: &Path,
    shown: &str,
    theme_css: &Path,
) {
    let preview = Preview::spawn(cwd, args);
    until(&preview, PAGE, "first build", |b| b.contains("湖东路"));
    let mut last = "湖东路".to_owned();
    for (i, how) in ["plain write", "sed -i", "write-then-rename"]
        .iter()
        .enumerate()
    {
        let next = format!("湖东{}路", ["甲", "乙", "丙"][i]);
        save(report, &last, &next, how);
        let took = until(&preview, PAGE, how, |b| b.contains(&next));
        eprintln!("{how}: the served page shows the edit after {took:?}");
        last = next;
    }
    // A broken file: the overlay names it as the user would type it, with its line.
    let good = fs::read_to_string(report).expect("read");
    fs::write(report, good.replacen("year: 2020", "year: [2020", 1)).expect("break");
    let needle = format!("{shown}:");
    until(&preview, PAGE, "broken YAML", |b| {
        b.contains("id=\"ogi-overlay\"")
            && b.split(&needle)
                .nth(1)
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    });
    // Its text is Chinese: no English words besides rule ids, file names and numbers.
    let (_, page) = get(&preview.addr, PAGE);
    let overlay = overlay_text(&page);
    assert!(overlay.contains(shown), "{overlay}");
    let english = english_words(&overlay);
    assert!(
        english.is_empty(),
        "English in the overlay: {english:?}\n{overlay}"
    );
    fs::write(report, &good).expect("fix");
    until(&preview, PAGE, "fixed YAML", |b| {
        !b.contains("id=\"ogi-overlay\"") && b.contains(&last)
    });
    // A stylesheet of the ejected theme: swapped in place (a `css` event), served new.
    let stream = events(&preview.addr);
    let mut css = fs::read_to_string(theme_css).expect("read style.css");
    css.push_str("\n.ogi-user-test { color: #123456; }\n");
    fs::write(theme_css, css).expect("write style.css");
    until(&preview, "/assets/official/style.css", "css edit", |b| {
        b.contains("#123456")
    });
    let (name, _) = stream
        .recv_timeout(Duration::from_secs(5))
        .expect("an event after the stylesheet edit");
    assert_eq!(name, "css", "a stylesheet edit is swapped, not a reload");
}

/// `ogi init` in a fresh folder, then `ogi build`, `ogi theme eject official` and `ogi
/// serve --port 0`, each run from that folder with no other flag.
#[test]
fn a_new_user_inits_builds_and_serves_from_a_fresh_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let here = dir.path();
    ok(&ogi_in(Some(here), &["init"]), "ogi init");
    assert!(here.join(SAMPLE).is_file() && here.join("content/site.yaml").is_file());
    let gitignore = fs::read_to_string(here.join(".gitignore")).expect(".gitignore");
    assert!(gitignore.lines().any(|l| l == "site/"), "{gitignore}");
    let again = ogi_in(Some(here), &["init"]);
    assert_eq!(again.code, Some(2), "init refuses an existing project");
    assert!(again.stderr.contains("already holds a project"));
    ok(&ogi_in(Some(here), &["check"]), "ogi check");
    let build = ogi_in(Some(here), &["build"]);
    ok(&build, "ogi build");
    assert!(here.join("site/index.html").is_file());
    assert!(
        here.join("site")
            .join(PAGE.trim_matches('/'))
            .join("index.html")
            .is_file()
    );
    ok(
        &ogi_in(Some(here), &["theme", "eject", "official"]),
        "eject",
    );
    edits_show_in_the_preview(
        here,
        &["serve", "--port", "0"],
        &here.join(SAMPLE),
        SAMPLE,
        &here.join("themes/official/static/style.css"),
    );
}

/// The same with `--root proj` from the folder above the project.
#[test]
fn serve_follows_edits_with_a_relative_root_from_the_parent() {
    let dir = tempfile::tempdir().expect("temp dir");
    let here = dir.path();
    ok(&ogi_in(Some(here), &["init", "proj"]), "ogi init proj");
    ok(
        &ogi_in(
            Some(here),
            &["theme", "eject", "official", "--root", "proj"],
        ),
        "eject",
    );
    edits_show_in_the_preview(
        here,
        &["serve", "--port", "0", "--root", "proj"],
        &here.join("proj").join(SAMPLE),
        &format!("proj/{SAMPLE}"),
        &here.join("proj/themes/official/static/style.css"),
    );
}

/// The same with `--root ..` from inside content/: files are named from there.
#[test]
fn serve_follows_edits_with_root_dot_dot_from_the_content_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let here = dir.path();
    ok(&ogi_in(Some(here), &["init"]), "ogi init");
    ok(
        &ogi_in(Some(here), &["theme", "eject", "official"]),
        "eject",
    );
    let content = here.join("content");
    edits_show_in_the_preview(
        &content,
        &["serve", "--port", "0", "--root", ".."],
        &here.join(SAMPLE),
        SAMPLE.trim_start_matches("content/"),
        &here.join("themes/official/static/style.css"),
    );
}

/// Every file below `dir` with its bytes: what must not change when ogi refuses.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(dir)
}

/// Every output that would destroy an input, or someone else's files, is refused with
/// exit 2 and a message naming the conflict, and nothing in the project changes.
#[test]
fn outputs_that_would_destroy_input_are_refused_and_nothing_is_touched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let here = dir.path();
    ok(&ogi_in(Some(here), &["init"]), "ogi init");
    fs::create_dir_all(here.join("notes")).expect("mkdir");
    fs::write(here.join("notes/todo.txt"), "mine").expect("write");
    fs::write(here.join("file.txt"), "a file").expect("write");
    let before = snapshot(here);
    let cases: [(&[&str], &str); 8] = [
        (&["build", "--output", "content"], "content folder"),
        (&["build", "--output", "content/fujian"], "content folder"),
        (&["build", "--output", "."], "project folder"),
        (&["build", "--output", ".."], "project folder"),
        (&["build", "--output", "file.txt"], "is a file"),
        (&["build", "--output", "notes"], "did not make"),
        (
            &["serve", "--port", "0", "--output", "content"],
            "content folder",
        ),
        (
            &["serve", "--port", "0", "--output", "notes"],
            "did not make",
        ),
    ];
    for (args, conflict) in cases {
        let run = ogi_in(Some(here), args);
        assert_eq!(run.code, Some(2), "{args:?} must exit 2: {}", run.stderr);
        assert!(
            run.stderr.contains(conflict),
            "{args:?} must name the conflict ({conflict}): {}",
            run.stderr
        );
        assert!(!run.panicked());
        assert_eq!(snapshot(here), before, "{args:?} touched the project");
    }
    // A folder ogi made (it carries the marker) is replaced; so is an empty one.
    ok(
        &ogi_in(Some(here), &["build", "--output", "public"]),
        "build",
    );
    ok(
        &ogi_in(Some(here), &["build", "--output", "public"]),
        "rebuild",
    );
    fs::create_dir_all(here.join("empty")).expect("mkdir");
    ok(
        &ogi_in(Some(here), &["build", "--output", "empty"]),
        "empty",
    );
}

/// Names of the staging and old folders beside `site` in `dir`.
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".site.staging-") || n.starts_with(".site.old-"))
        .collect()
}

/// A build killed at 10 moments leaves folders behind; the next build removes them all.
#[test]
fn a_build_after_killed_builds_leaves_no_staging_or_old_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let here = dir.path();
    ok(
        &ogi_in(Some(here), &["gen", "--reports", "150", "content"]),
        "gen",
    );
    let started = Instant::now();
    ok(&ogi_in(Some(here), &["build"]), "first build");
    let span = started.elapsed().as_millis().max(50) as u64;
    // Moments spread over a build's length by a fixed pseudo-random sequence.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut killed_with_leftovers = 0;
    for _ in 0..10 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let at = Duration::from_millis(state % span);
        let mut child = Command::new(env!("CARGO_BIN_EXE_ogi"))
            .arg("build")
            .current_dir(here)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start ogi build");
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        if !leftovers(here).is_empty() {
            killed_with_leftovers += 1;
        }
    }
    eprintln!("{killed_with_leftovers} of 10 killed builds left folders behind");
    ok(&ogi_in(Some(here), &["build"]), "build after the kills");
    assert_eq!(leftovers(here), Vec::<String>::new());
    assert!(here.join("site/index.html").is_file());
}

/// `ogi check` takes `--root`, a project folder, a content folder or one report, and never
/// reads a built site, a theme manifest or the configuration as a report.
#[test]
fn check_takes_a_root_a_project_a_content_folder_or_one_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let here = dir.path();
    ok(&ogi_in(Some(here), &["init", "proj"]), "init");
    let proj = here.join("proj");
    ok(&ogi_in(Some(&proj), &["build"]), "build");
    ok(
        &ogi_in(Some(&proj), &["theme", "eject", "official"]),
        "eject",
    );
    let one = "checked 1 report file in";
    let cases: [(PathBuf, &[&str], &str); 6] = [
        (proj.clone(), &["check"], "content"),
        (
            here.to_path_buf(),
            &["check", "--root", "proj"],
            "proj/content",
        ),
        (proj.clone(), &["check", "."], "."),
        (proj.clone(), &["check", "content"], "content"),
        (proj.join("content"), &["check", "--root", ".."], "."),
        (proj.clone(), &["check", SAMPLE], SAMPLE),
    ];
    for (cwd, args, shown) in cases {
        let run = ogi_in(Some(&cwd), args);
        ok(&run, &format!("{args:?}"));
        assert!(
            run.stderr.contains(&format!("{one} {shown}:")),
            "{args:?} from {}: {}",
            cwd.display(),
            run.stderr
        );
    }
    let config = ogi_in(Some(&proj), &["check", "content/site.yaml"]);
    assert_eq!(config.code, Some(2), "{}", config.stderr);
    assert!(
        config.stderr.contains("not a report file"),
        "{}",
        config.stderr
    );
    // A broken report shows its path as typed from where the user stands.
    let report = proj.join(SAMPLE);
    let text = fs::read_to_string(&report).expect("read");
    fs::write(&report, text.replacen("year: 2020", "year: [2020", 1)).expect("break");
    let run = ogi_in(
        Some(here),
        &["check", "--root", "proj", "--format", "short"],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!("proj/{SAMPLE}:")),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains(&here.display().to_string()));
}

/// A busy port is reported at once, before the first build, with what to do.
#[test]
fn a_busy_port_is_reported_before_the_first_build() {
    let dir = tempfile::tempdir().expect("temp dir");
    let here = dir.path();
    ok(&ogi_in(Some(here), &["init"]), "ogi init");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("address").port().to_string();
    let run = ogi_in(Some(here), &["serve", "--port", &port]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("cannot listen"), "{}", run.stderr);
    assert!(run.stderr.contains("--port"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("first build"),
        "the port is checked before building: {}",
        run.stderr
    );
}

/// A preview written inside the project does not rebuild on its own writes.
#[test]
fn serve_does_not_rebuild_on_its_own_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let here = dir.path();
    ok(&ogi_in(Some(here), &["init"]), "ogi init");
    let preview = Preview::spawn(here, &["serve", "--port", "0", "--output", "preview"]);
    until(&preview, PAGE, "first build", |b| b.contains("湖东路"));
    std::thread::sleep(Duration::from_millis(800));
    let lines: Vec<String> = preview.lines.try_iter().collect();
    assert!(
        !lines.iter().any(|l| l.contains("changed:")),
        "rebuilt on its own writes: {lines:?}"
    );
    assert!(here.join("preview/index.html").is_file());
}

/// In a Chinese locale the status lines and errors of the command line are Chinese too.
#[test]
fn the_command_line_speaks_chinese_in_a_chinese_locale() {
    let dir = tempfile::tempdir().expect("temp dir");
    let here = dir.path();
    let zh = [("LANG", "zh_CN.UTF-8")];
    ok(&ogi_env(Some(here), &["init"], &zh), "init");
    let build = ogi_env(Some(here), &["build"], &zh);
    ok(&build, "build");
    assert!(
        build.stderr.contains("已构建 1 份报告") && build.stderr.contains("→ site"),
        "{}",
        build.stderr
    );
    // Besides the folder's name, no English word.
    let words = english_words(&build.stderr.replace("→ site", ""));
    assert!(words.is_empty(), "{words:?} in {}", build.stderr);
    let refused = ogi_env(Some(here), &["build", "--output", "content"], &zh);
    assert_eq!(refused.code, Some(2));
    assert!(refused.stderr.starts_with("错误："), "{}", refused.stderr);
    let english = ogi_in(Some(here), &["build"]);
    assert!(
        english.stderr.contains("built 1 report"),
        "{}",
        english.stderr
    );
}
