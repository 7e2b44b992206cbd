//! Browser tests in Debian's headless Chromium against the built site on 127.0.0.1.
//! Without Chromium they skip loudly; under CI (`CI=true`) a missing browser fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::http::serve;
use crate::site::{SEED_PAGE, build_bundled};
use crate::support::root;

/// The Chromium binary, or `None` (after saying so) when it is missing outside CI.
pub(crate) fn chromium() -> Option<PathBuf> {
    let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file());
    if found.is_none() {
        missing("Chromium", "chromium");
    }
    found
}

/// Says loudly that a browser test is skipped for want of `what` (Debian package
/// `package`); under CI (`CI=true`) fails instead.
pub(crate) fn missing(what: &str, package: &str) {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    assert!(
        !ci,
        "CI=true but {what} is missing: .ci/run installs it with apt-get install {package}"
    );
    eprintln!(
        "\n!!!!!!!! SKIPPED: browser test needs {what} (apt-get install {package}) !!!!!!!!\n"
    );
}

/// The flags every headless Chromium of the tests starts with (also through chromedriver).
pub(crate) const CHROMIUM_FLAGS: [&str; 10] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
];

fn chromium_command(bin: &Path, profile: &Path) -> Command {
    let mut cmd = Command::new(bin);
    cmd.args(CHROMIUM_FLAGS);
    cmd.arg(format!("--user-data-dir={}", profile.display()));
    cmd
}

/// Renders `url` to `png` at the given window size.
pub(crate) fn screenshot(bin: &Path, url: &str, png: &Path, size: (u32, u32)) {
    let profile = tempfile::tempdir().expect("profile");
    std::fs::create_dir_all(png.parent().expect("parent")).expect("mkdir");
    let out = chromium_command(bin, profile.path())
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("--window-size={},{}", size.0, size.1))
        .arg(url)
        .output()
        .expect("run chromium");
    assert!(
        png.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The page's DOM after its scripts ran.
pub(crate) fn dump_dom(bin: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().expect("profile");
    let out = chromium_command(bin, profile.path())
        .args([
            "--window-size=1280,900",
            // Virtual time runs ahead while the page is idle, so a large budget costs
            // nothing on a quiet machine and waits out fetches on a busy one.
            "--virtual-time-budget=30000",
            "--dump-dom",
        ])
        .arg(url)
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Measures the element matching `selector` on the page at `url` (see `http::MEASURE`).
pub(crate) fn measure(bin: &Path, url: &str, selector: &str) -> serde_json::Value {
    let dom = dump_dom(
        bin,
        &format!(
            "{url}?measure={}",
            selector.replace('#', "%23").replace(' ', "%20")
        ),
    );
    let start = dom
        .find("<pre id=\"measure\">")
        .map(|i| i + "<pre id=\"measure\">".len())
        .unwrap_or_else(|| panic!("no measurement in:\n{}", &dom[..dom.len().min(2000)]));
    let end = dom[start..].find("</pre>").map_or(dom.len(), |i| start + i);
    serde_json::from_str(&dom[start..end].replace("&quot;", "\"")).expect("measurement JSON")
}

/// Where screenshots are kept for people to look at.
pub(crate) fn screenshots() -> PathBuf {
    root().join("target/screenshots")
}

#[test]
fn the_seed_report_renders_with_a_visible_table() {
    let Some(bin) = chromium() else { return };
    let (_dir, site) = build_bundled(&[]);
    let server = serve(&site);
    let url = format!(
        "{}/{}",
        server.origin,
        SEED_PAGE.trim_end_matches("index.html")
    );
    let png = screenshots().join("report-official.png");
    let _ = std::fs::remove_file(&png);
    screenshot(&bin, &url, &png, (1280, 4000));
    let bytes = std::fs::read(&png).expect("png");
    assert_eq!(&bytes[1..4], b"PNG");
    assert!(
        bytes.len() > 30_000,
        "a nearly empty screenshot ({} bytes)",
        bytes.len()
    );
    let t3 = measure(&bin, &url, "#requests table");
    assert_eq!(t3["found"], true, "table 3 not found: {t3}");
    assert_eq!(t3["visible"], true, "{t3}");
    let (w, h, rows) = (
        t3["width"].as_f64().unwrap_or(0.0),
        t3["height"].as_f64().unwrap_or(0.0),
        t3["rows"].as_u64().unwrap_or(0),
    );
    assert!((600.0..=1280.0).contains(&w), "table 3 is {w}px wide");
    assert!((23.0 * 18.0..=3000.0).contains(&h), "table 3 is {h}px high");
    assert_eq!(rows, 3 + 23, "header rows plus 23 rows");
    assert!(t3["fontSize"].as_f64().unwrap_or(0.0) >= 12.0, "{t3}");
    println!(
        "table 3 rendered at {w:.0}×{h:.0} px; screenshot {}",
        png.display()
    );
}
