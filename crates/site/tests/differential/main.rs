//! The differential test of the live preview: random sequences of edits (reports added,
//! changed, deleted, moved and broken; figures of tables 2 and 3, prose, dates, names,
//! regions; `site.yaml`; templates, a stylesheet, the theme's parent) applied to a small
//! generated archive while a [`LiveSite`] keeps it current, in process. After every step
//! the preview's files must equal a fresh full render of the sources on disk, byte for
//! byte, and its findings a fresh check.
//!
//! Seeded and reproducible: `OGI_LIVE_SEED` (default fixed) picks the sequences,
//! `OGI_LIVE_SEQUENCES` how many (default 200), `OGI_LIVE_STEPS` the most steps in one
//! (default 20). A failure prints the seed and the steps, made as few as still fail.
//!
//! Run with `cargo test -p ogi-site --test differential -- --nocapture`.

mod edits;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use edits::{Project, Rng, Step};
use ogi_site::{LiveOptions, LiveSite, SiteOptions};

/// The seed CI runs with; any other is as good (`OGI_LIVE_SEED=…`).
const SEED: u64 = 0x5EED_0F0D_1FF5_0001;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| {
            let v = v.trim();
            match v.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16).ok(),
                None => v.parse().ok(),
            }
        })
        .unwrap_or(default)
}

/// The generated archive every sequence starts from: its files, relative to the project.
fn fixture() -> Vec<(String, String)> {
    let opts = ogi_gen::GenOptions {
        reports: 6,
        seed: 3,
    };
    let mut files: Vec<(String, String)> = ogi_gen::generate(&opts)
        .into_iter()
        .map(|f| {
            let rel = f
                .path
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (format!("content/{rel}"), f.text)
        })
        .collect();
    let mut config = ogi_gen::site_config(&opts).replace("theme: official", "theme: local");
    // A third district with no reports yet, for edits to move reports into.
    let (slug, name, region) = edits::DISTRICTS[2];
    if !config.contains(&format!("slug: {slug}")) {
        config.push_str(&format!(
            "  - slug: {slug}\n    name: {name}\n    region: {region}\n"
        ));
    }
    files.push(("content/site.yaml".into(), config));
    files.push((
        "themes/local/theme.yaml".into(),
        "name: local\ndescription: 测试主题\nextends: official\n".into(),
    ));
    files.push((
        "themes/local/templates/base.html".into(),
        "{% extends \"official/base.html\" %}{% block head %}<meta name=\"x-edit\" content=\"0\">{% endblock head %}\n".into(),
    ));
    files.push((
        "themes/local/static/style.css".into(),
        "@import \"../official/style.css\";\n".into(),
    ));
    files
}

/// Every file below `dir` but the site marker, by `/`-separated path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?;
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (rel != ogi_model::SITE_MARKER)
                .then(|| (rel, std::fs::read(e.path()).unwrap_or_default()))
        })
        .collect()
}

/// Where `a` and `b` first differ: the line, and a few dozen characters around the
/// first differing one in each.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    for (i, (x, y)) in a.lines().zip(b.lines()).enumerate() {
        if x != y {
            let at = x.chars().zip(y.chars()).take_while(|(p, q)| p == q).count();
            let around =
                |s: &str| -> String { s.chars().skip(at.saturating_sub(40)).take(100).collect() };
            return format!(
                "line {}, character {}:\n      preview: …{}…\n      build:   …{}…",
                i + 1,
                at + 1,
                around(x),
                around(y)
            );
        }
    }
    format!("lengths {} and {}", a.len(), b.len())
}

/// How the preview differs from a fresh full render of the sources, if it does.
fn difference(site: &LiveSite, options: &SiteOptions, blocked: bool) -> Option<String> {
    let fresh = match ogi_site::load(options) {
        Ok(loaded) => loaded,
        Err(e) => return Some(format!("the sources do not load: {e}")),
    };
    if !fresh.archive.errors.is_empty() {
        // A build refuses; the preview must say it is blocked and keep the last site.
        return (!blocked).then(|| "a report does not load, yet the update was not blocked".into());
    }
    if site.diagnostics() != fresh.diagnostics.as_slice() {
        return Some(format!(
            "findings differ: preview {} against a fresh check {}",
            site.diagnostics().len(),
            fresh.diagnostics.len()
        ));
    }
    let built = match ogi_site::render_to_memory(&fresh, options) {
        Ok(files) => files,
        Err(e) => {
            return site
                .problem()
                .is_none()
                .then(|| format!("a build fails ({e}) but the preview has no problem"));
        }
    };
    if blocked || site.problem().is_some() {
        return Some(format!(
            "blocked, yet a build succeeds ({:?})",
            site.problem()
        ));
    }
    let mut served = tree(site.output());
    let mut differing = Vec::new();
    for f in built {
        match served.remove(&f.path) {
            Some(bytes) if bytes == f.bytes => {}
            Some(bytes) => differing.push(format!(
                "  {} differs at {}",
                f.path,
                first_difference(&bytes, &f.bytes)
            )),
            None => differing.push(format!("  {} only in the build", f.path)),
        }
    }
    differing.extend(
        served
            .into_keys()
            .map(|p| format!("  {p} only in the preview")),
    );
    (!differing.is_empty()).then(|| {
        let n = differing.len();
        differing.truncate(8);
        format!(
            "{n} files differ from a fresh build:\n{}",
            differing.join("\n")
        )
    })
}

/// A project folder holding `files`: in memory (`/dev/shm`) where there is such a folder,
/// since every step writes and reads the whole site.
fn project_with(files: &[(String, String)]) -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm).or_else(|_| tempfile::tempdir())
    } else {
        tempfile::tempdir()
    }
    .expect("temporary folder");
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("make folder");
        std::fs::write(&path, text).expect("write fixture");
    }
    dir
}

/// Runs `steps` on a fresh copy of the fixture; the first step after which the preview
/// differs from a build, and how.
fn run(files: &[(String, String)], steps: &[Step]) -> Option<(usize, String)> {
    let dir = project_with(files);
    let options = SiteOptions::new(dir.path());
    let (mut site, first) =
        LiveSite::open(options.clone(), LiveOptions::default()).expect("the site opens");
    if let Some(d) = difference(&site, &options, first.blocked) {
        return Some((0, d));
    }
    let mut project = Project::new(dir.path());
    for (i, step) in steps.iter().enumerate() {
        let mut changes = ogi_site::Changes::default();
        for edit in &step.edits {
            changes.merge(project.apply(edit));
        }
        changes.rescan |= step.rescan;
        let update = match site.update(&changes) {
            Ok(update) => update,
            Err(e) => return Some((i + 1, format!("the update failed: {e}"))),
        };
        if let Some(d) = difference(&site, &options, update.blocked) {
            return Some((i + 1, d));
        }
    }
    None
}

/// `steps` with steps left out as long as the sequence still fails: the failure, made small.
fn shrink(files: &[(String, String)], mut steps: Vec<Step>) -> (Vec<Step>, usize, String) {
    let Some((mut at, mut why)) = run(files, &steps) else {
        return (steps, 0, "passed when run again".into());
    };
    steps.truncate(at);
    let mut i = 0;
    while i < steps.len() && steps.len() > 1 {
        let mut fewer = steps.clone();
        fewer.remove(i);
        match run(files, &fewer) {
            Some((a, w)) => {
                fewer.truncate(a);
                (steps, at, why) = (fewer, a, w);
            }
            None => i += 1,
        }
    }
    (steps, at, why)
}

#[test]
fn the_preview_equals_a_fresh_build_after_every_step_of_random_edits() {
    let seed = env_number("OGI_LIVE_SEED", SEED);
    let sequences = env_number("OGI_LIVE_SEQUENCES", 200);
    let max_steps = env_number("OGI_LIVE_STEPS", 20).max(1) as usize;
    let files = fixture();
    let started = Instant::now();
    let mut steps_run = 0;
    for n in 0..sequences {
        let sequence_seed = seed.wrapping_add(n);
        let steps = edits::sequence(&mut Rng::new(sequence_seed), max_steps);
        steps_run += steps.len();
        if let Some((at, why)) = run(&files, &steps) {
            let (small, small_at, small_why) = shrink(&files, steps.clone());
            let listed: Vec<String> = small
                .iter()
                .enumerate()
                .map(|(i, s)| format!("  {}. {s}", i + 1))
                .collect();
            panic!(
                "sequence {n} (OGI_LIVE_SEED={sequence_seed:#x} OGI_LIVE_SEQUENCES=1 to replay it) \
                 differs after step {at} of {}: {why}\n\nmade smaller, {} steps differ after step \
                 {small_at}: {small_why}\n{}",
                steps.len(),
                small.len(),
                listed.join("\n")
            );
        }
    }
    eprintln!(
        "{sequences} sequences, {steps_run} steps from seed {seed:#x}: the preview equalled a fresh build after each, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn a_full_preview_equals_a_fresh_build_too() {
    let dir = project_with(&fixture());
    let options = SiteOptions::new(dir.path());
    let live = LiveOptions {
        full: true,
        verify: false,
    };
    let (mut site, _) = LiveSite::open(options.clone(), live).expect("the site opens");
    let mut project = Project::new(dir.path());
    for step in edits::sequence(&mut Rng::new(SEED ^ 1), 8) {
        let mut changes = ogi_site::Changes::default();
        for edit in &step.edits {
            changes.merge(project.apply(edit));
        }
        let update = site.update(&changes).expect("updates");
        assert!(update.full || update.blocked, "{step}: rendered in full");
        assert_eq!(difference(&site, &options, update.blocked), None, "{step}");
    }
}

#[test]
fn verify_finds_a_file_the_preview_got_wrong_and_writes_the_full_render() {
    let dir = project_with(&fixture());
    let options = SiteOptions::new(dir.path());
    let live = LiveOptions {
        full: false,
        verify: true,
    };
    let (mut site, _) = LiveSite::open(options.clone(), live).expect("the site opens");
    // Something the engine did not write: a page changed behind its back.
    let page = site.output().join("statistics/index.html");
    std::fs::write(&page, "tampered").expect("tamper");
    let mut project = Project::new(dir.path());
    let changes = project.apply(&edits::Edit::Prose { report: 0, n: 1 });
    let update = site.update(&changes).expect("updates");
    assert!(!update.full, "an incremental update");
    assert_eq!(update.mismatched, ["statistics/index.html"]);
    assert_eq!(difference(&site, &options, false), None);
}
