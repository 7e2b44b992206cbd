//! Report tables rendered from per-shape skeletons (the built-in table partials) must be
//! byte for byte what the partials make when run for every report. The same archive,
//! with blank and flagged cells of every kind in both editions, is rendered twice: with
//! the built-in partials, and with a project override of `partials/table.html` that
//! differs only by a comment (so the pages run the template for every table).

use std::path::Path;

use ogi_site::{SiteOptions, load, render_to_memory};

/// Edits that give a report blank cells, errors, warnings or all at once.
const EDITS: [(&str, &str); 5] = [
    (
        "  partly_granted: [0, 0, 0, 0, 0, 0, 0]",
        "  partly_granted: [~, 0, 0, 0, 0, 0, 1]",
    ),
    (
        "    third_party: [0, 0, 0, 0, 0, 0, 0]",
        "    third_party: [0, 0, 0, 0, 0, 0, 5]",
    ),
    (
        "    still_unclear: [0, 0, 0, 0, 0, 0, 0]",
        "    still_unclear: [~, ~, ~, ~, ~, ~, ~]",
    ),
    ("  review: [", "  review: [7, "),
    // 上一年项目数量 no longer follows from last year's report: a warning.
    ("  fees: [", "  fees: [77"),
];

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create a folder of the fixture");
    }
    std::fs::write(path, text).expect("write a file of the fixture");
}

#[test]
fn skeletons_render_what_the_partials_render() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    let opts = ogi_gen::GenOptions {
        reports: 40,
        seed: 11,
    };
    let mut edited = 0;
    for (i, file) in ogi_gen::generate(&opts).into_iter().enumerate() {
        let mut text = file.text;
        // Each report takes a different mix of the edits: none, one, or several.
        for (bit, (from, to)) in EDITS.iter().enumerate() {
            if i % 5 != 0 && (i >> bit) & 1 == 1 && text.contains(from) {
                text = text.replacen(from, to, 1);
                edited += 1;
            }
        }
        write(root, &format!("content/{}", file.path.display()), &text);
    }
    assert!(
        edited > 20,
        "only {edited} edits applied: the fixture changed shape"
    );
    write(root, "content/site.yaml", &ogi_gen::site_config(&opts));
    let options = SiteOptions::new(root);
    let loaded = load(&options).expect("the fixture loads");
    assert!(
        loaded.diagnostics.len() > 20,
        "the edits should make findings, got {}",
        loaded.diagnostics.len()
    );
    let fast = render_to_memory(&loaded, &options).expect("render with the built-in partials");

    let partial = include_str!("../../../themes/official/templates/partials/table.html");
    write(
        root,
        "templates/partials/table.html",
        &format!("{partial}{{# the same table, run for every report #}}"),
    );
    let slow = render_to_memory(&loaded, &options).expect("render with an overridden partial");

    assert_eq!(fast.len(), slow.len());
    let (mut errors, mut notes, mut blanks) = (0, 0, 0);
    for (a, b) in fast.iter().zip(&slow) {
        assert_eq!(a.path, b.path);
        assert!(
            a.bytes == b.bytes,
            "{} differs between the skeleton and the partial",
            a.path
        );
        let text = String::from_utf8_lossy(&a.bytes);
        if a.path.ends_with("/index.html") {
            errors += usize::from(text.contains(" flag-error\""));
            notes += usize::from(text.contains(" flag-warning\"") || text.contains(" flag-info\""));
            blanks += usize::from(text.contains("class=\"num blank"));
        }
    }
    eprintln!("report pages with errors {errors}, warnings or notes {notes}, blank cells {blanks}");
    assert!(
        errors >= 3 && notes >= 1 && blanks >= 3,
        "the fixture should flag cells of every kind: errors {errors}, warnings or notes {notes}, blank {blanks}"
    );

    // A template that reads the laid-out tables itself still finds them.
    std::fs::remove_file(root.join("templates/partials/table.html")).expect("remove the override");
    write(
        root,
        "templates/report.html",
        "{% extends \"official/report.html\" %}{% block report_meta %}<p id=\"t3\">{{ report.table3.width }} {{ report.table3.rows[2].cells[6].label }}</p>{% endblock report_meta %}",
    );
    let reading =
        render_to_memory(&loaded, &options).expect("render with a template reading tables");
    let page = reading
        .iter()
        .find(|f| {
            f.path.starts_with("reports/")
                && f.path.ends_with("/index.html")
                && f.path.matches('/').count() > 4
        })
        .expect("a report page");
    let text = String::from_utf8_lossy(&page.bytes);
    assert!(
        text.contains("<p id=\"t3\">10 表三 （一）予以公开 · 总计</p>"),
        "{} does not show what the template read of table 3",
        page.path
    );
}
