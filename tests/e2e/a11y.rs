//! Accessibility as the field measures it: axe-core (npm package, installed into
//! `tests/e2e/axe/` by `npm ci --prefix tests/e2e/axe`, which `.ci/run` does) injected into
//! headless Chromium on every kind of page, in both built-in themes, on a phone (390×844)
//! and a desktop window. No violation of impact serious or critical may remain. Without
//! axe-core the test skips loudly; under CI (`CI=true`) it fails.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;

use crate::http::serve;
use crate::readers::build_readers;
use crate::support::root;
use crate::webdriver::Driver;

/// axe-core's script, or `None` (after saying so loudly) when it is not installed.
fn axe_source() -> Option<String> {
    let path: PathBuf = root().join("tests/e2e/axe/node_modules/axe-core/axe.min.js");
    match std::fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(_) => {
            let ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(
                !ci,
                "CI=true but axe-core is missing at {}: run npm ci --prefix tests/e2e/axe (.ci/run does)",
                path.display()
            );
            eprintln!(
                "\n!!!!!!!! SKIPPED: the accessibility test needs axe-core: npm ci --prefix tests/e2e/axe !!!!!!!!\n"
            );
            None
        }
    }
}

/// Every kind of page, by the address below the site root.
const PAGES: [(&str, &str); 10] = [
    ("home", ""),
    ("year", "years/2020/"),
    ("district", "districts/gulou/"),
    ("body", "reports/fujian/fuzhou/gulou/wenquan/"),
    ("report-2019", "reports/fujian/fuzhou/gulou/wenquan/2020/"),
    ("report-2021", "reports/fujian/fuzhou/gulou/zhengfu/2021/"),
    (
        "report-flagged",
        "reports/fujian/fuzhou/gulou/dongjie/2020/",
    ),
    ("statistics", "statistics/"),
    ("search", "search.html?q=%E8%A1%97%E9%81%93"),
    ("404", "404.html"),
];

/// Runs axe on the page in the tab; returns its violations, one summary each.
const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']})
  .then((r) => done(r.violations.map((v) => ({
    id: v.id, impact: v.impact, nodes: v.nodes.length,
    first: v.nodes[0] ? v.nodes[0].target.join(' ') : '',
    why: v.nodes[0] ? v.nodes[0].failureSummary : ''}))))
  .catch((e) => done({error: String(e)}));
"#;

#[test]
fn axe_finds_no_serious_or_critical_violation_on_any_page_in_either_theme() {
    let Some(axe) = axe_source() else { return };
    let mut serious = Vec::new();
    let mut runs = 0;
    for (size, (width, height)) in [("phone", (390, 844)), ("desktop", (1280, 900))] {
        let Some(driver) = Driver::start_sized(width, height) else {
            return;
        };
        for theme in ["official", "contrast"] {
            let (_dir, site) = build_readers(Some(theme));
            let server = serve(&site);
            for (kind, path) in PAGES {
                driver.goto(&format!("{}/{path}", server.origin));
                if kind == "search" {
                    let found = driver.wait_for(
                        "return document.querySelectorAll('.search-result').length;",
                        Duration::from_secs(10),
                        |v| v.as_u64().unwrap_or(0) > 0,
                    );
                    assert!(found.is_some(), "{theme}: the search page shows no result");
                }
                driver.eval(&format!("{axe}\nreturn 1;"));
                let got = driver.eval_async(RUN_AXE, 120_000);
                let violations = got
                    .as_array()
                    .unwrap_or_else(|| panic!("{theme} {kind}: axe failed: {got}"));
                let impact = |v: &Value| v["impact"].as_str().unwrap_or("").to_owned();
                let bad: Vec<&Value> = violations
                    .iter()
                    .filter(|v| matches!(impact(v).as_str(), "serious" | "critical"))
                    .collect();
                let minor: Vec<String> = violations
                    .iter()
                    .filter(|v| !matches!(impact(v).as_str(), "serious" | "critical"))
                    .map(|v| format!("{} ({})", v["id"].as_str().unwrap_or(""), impact(v)))
                    .collect();
                println!(
                    "axe {size} {theme} {kind}: {} serious/critical, {} moderate/minor{}",
                    bad.len(),
                    minor.len(),
                    if minor.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", minor.join(", "))
                    }
                );
                for v in bad {
                    serious.push(format!("{size} {theme} {kind}: {v}"));
                }
                runs += 1;
                if runs == 1 {
                    // The check can fail: an image without a text alternative is critical.
                    driver.eval(
                        "document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">'); return 1;",
                    );
                    let control = driver.eval_async(RUN_AXE, 120_000);
                    assert!(
                        control.as_array().is_some_and(|all| all
                            .iter()
                            .any(|v| v["id"] == "image-alt" && v["impact"] == "critical")),
                        "axe did not report a planted image without alt: {control}"
                    );
                }
            }
        }
    }
    assert_eq!(runs, 2 * 2 * PAGES.len());
    assert!(
        serious.is_empty(),
        "serious or critical violations:\n{}",
        serious.join("\n")
    );
}

/// Where focus is and whether it shows: inside the window and marked by an outline or a
/// shadow (`:focus-visible`).
const FOCUSED: &str = r#"
const el = document.activeElement;
if (!el || el === document.body) return null;
const b = el.getBoundingClientRect();
const s = getComputedStyle(el);
return {tag: el.tagName, text: (el.textContent || '').trim().slice(0, 30), href: el.getAttribute('href'),
  marked: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none',
  inside: b.right > 0 && b.left < innerWidth && b.bottom > 0 && b.top < innerHeight,
  key: el.dataset.tabOrder || (el.dataset.tabOrder = String(window.tabOrder = (window.tabOrder || 0) + 1))};
"#;

#[test]
fn every_control_is_reached_by_tab_with_its_focus_visible_on_a_phone() {
    let Some(driver) = Driver::start_sized(390, 844) else {
        return;
    };
    for theme in ["official", "contrast"] {
        let (_dir, site) = build_readers(Some(theme));
        let server = serve(&site);
        for (kind, path) in [
            ("home", ""),
            (
                "report-flagged",
                "reports/fujian/fuzhou/gulou/dongjie/2020/",
            ),
            ("statistics", "statistics/"),
        ] {
            driver.goto(&format!("{}/{path}", server.origin));
            // Scrolling is instant, as for a reader who asked for reduced motion: whether
            // focus lands in view must not depend on an animation racing the test.
            driver.eval(
                "document.documentElement.style.setProperty('scroll-behavior', 'auto', 'important'); return null;",
            );
            let controls = driver
                .eval("return document.querySelectorAll('a[href], button, input, select, [tabindex=\"0\"]').length;")
                .as_u64()
                .unwrap_or(0);
            let mut seen = std::collections::BTreeSet::new();
            let mut first = None;
            for _ in 0..(controls + 5) {
                driver.press_tab();
                // The page scrolls smoothly to the focused control: wait for it to arrive.
                let _ = driver.wait_for(FOCUSED, Duration::from_secs(10), |v| {
                    v.is_null() || v["inside"] == true
                });
                let got = driver.eval(FOCUSED);
                if got.is_null() {
                    break;
                }
                let key = got["key"].as_str().unwrap_or_default().to_owned();
                if first.as_ref() == Some(&key) {
                    break;
                }
                first.get_or_insert_with(|| key.clone());
                assert_eq!(
                    got["marked"], true,
                    "{theme} {kind}: focus not visible on {got}"
                );
                assert_eq!(
                    got["inside"], true,
                    "{theme} {kind}: focus outside the window on {got}"
                );
                seen.insert(key);
            }
            println!(
                "keyboard {theme} {kind}: {} of {controls} controls reached by Tab, each with visible focus",
                seen.len()
            );
            assert_eq!(
                seen.len() as u64,
                controls,
                "{theme} {kind}: Tab reaches every link, button, field and scroll region"
            );
        }
    }
}
