//! The generated archive loads, validates cleanly, and is deterministic.

use ogi_gen::{GenError, GenOptions, generate, site_config};
use ogi_model::{Edition, Level, parse_report};

fn docs(opts: &GenOptions) -> Vec<ogi_model::Document> {
    generate(opts)
        .into_iter()
        .map(|f| {
            parse_report(&f.path, f.text.clone()).unwrap_or_else(|e| panic!("{e}\n{}", f.text))
        })
        .collect()
}

#[test]
fn same_options_same_bytes() {
    let opts = GenOptions {
        reports: 120,
        seed: 11,
    };
    assert_eq!(generate(&opts), generate(&opts));
    assert_eq!(site_config(&opts), site_config(&opts));
    let other = generate(&GenOptions {
        reports: 120,
        seed: 12,
    });
    assert_ne!(generate(&opts), other);
}

#[test]
fn three_hundred_reports_load_and_validate_cleanly() {
    let opts = GenOptions {
        reports: 300,
        seed: 2024,
    };
    let docs = docs(&opts);
    assert_eq!(docs.len(), 300);
    let found = ogi_validate::validate(&docs);
    let summary: Vec<String> = found
        .iter()
        .take(20)
        .map(|d| {
            format!(
                "{}: {:?} {} {}",
                d.file.display(),
                d.severity,
                d.code,
                d.message
            )
        })
        .collect();
    assert!(
        found.is_empty(),
        "{} diagnostics:\n{}",
        found.len(),
        summary.join("\n")
    );
    let editions: Vec<Edition> = docs.iter().map(|d| d.report.edition).collect();
    assert!(editions.contains(&Edition::E2019) && editions.contains(&Edition::E2021));
}

#[test]
fn prose_is_long_and_each_report_has_its_own_phrase() {
    let files = generate(&GenOptions {
        reports: 300,
        seed: 5,
    });
    let all: String = files.iter().map(|f| f.text.as_str()).collect();
    for f in &files {
        assert_eq!(f.text.matches(&f.marker).count(), 1, "{}", f.marker);
        assert_eq!(
            all.matches(&f.marker).count(),
            1,
            "{} is not unique",
            f.marker
        );
        let doc = parse_report(&f.path, f.text.clone()).expect("loads");
        let chars = doc.report.text.overview.chars().count();
        assert!(
            chars >= 2500,
            "{}: overview has {chars} characters",
            f.path.display()
        );
    }
}

#[test]
fn the_tables_vary_as_real_ones_do() {
    use ogi_model::table3::OtherOutcome;
    let docs = docs(&GenOptions {
        reports: 300,
        seed: 77,
    });
    let reports: Vec<&ogi_model::Report> = docs.iter().map(|d| &d.report).collect();
    for level in [
        Level::Government,
        Level::Department,
        Level::Township,
        Level::Committee,
    ] {
        assert!(reports.iter().any(|r| r.body.level == level), "{level:?}");
    }
    for r in &reports {
        // （六） is split from the 2021 edition on, one row before.
        let split = matches!(r.table3.other, OtherOutcome::Split(_));
        assert_eq!(
            split,
            r.edition == Edition::E2021,
            "{} {}",
            r.body.name,
            r.year
        );
        assert_eq!(r.edition, Edition::for_year(r.year));
        assert!(r.document_number.is_some() && r.signed.is_some() && r.contact.is_some());
    }
    let fees: Vec<String> = docs
        .iter()
        .filter_map(|d| d.text.lines().find(|l| l.starts_with("  fees: ")))
        .map(|l| l.trim_start_matches("  fees: ").to_owned())
        .collect();
    assert!(
        fees.iter()
            .any(|f| f.split_once('.').is_some_and(|(_, d)| d.len() == 6))
    );
    assert!(
        docs.iter().any(
            |d| d.text.contains("procurement: [") && !d.text.contains("procurement: [0, 0.00]")
        )
    );
    // The prose restates table 3, and the PROSE-TABLE rule reads it (and agrees).
    let restating = reports
        .iter()
        .filter(|r| !ogi_validate::prose_claims(r).is_empty())
        .count();
    assert!(restating > 250, "only {restating} reports restate table 3");
    let years: std::collections::BTreeSet<i32> = reports.iter().map(|r| r.year).collect();
    assert_eq!(
        years.into_iter().collect::<Vec<_>>(),
        (2019..=2024).collect::<Vec<_>>()
    );
}

#[test]
fn written_archives_load_with_their_config_and_check_clean() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("content");
    let opts = GenOptions {
        reports: 60,
        seed: 3,
    };
    let summary = ogi_gen::write(&opts, &out).expect("written");
    assert_eq!(summary.reports, 60);
    let archive = ogi_model::load_archive(&out).expect("loads");
    assert!(archive.errors.is_empty(), "{:?}", archive.errors);
    assert_eq!(archive.documents.len(), 60);
    let config = archive.config.as_ref().expect("site.yaml loads");
    assert_eq!(config.districts.len(), summary.districts);
    assert!((6..=8).contains(&config.districts.len()));
    for doc in &archive.documents {
        let region = &doc.report.body.region;
        assert!(
            config.districts.iter().any(|d| &d.region == region),
            "{region:?}"
        );
        let district = config
            .districts
            .iter()
            .find(|d| &d.region == region)
            .expect("listed");
        let rel = doc.path.strip_prefix(&out).expect("inside");
        assert_eq!(
            rel.iter().nth(2).and_then(|s| s.to_str()),
            Some(district.slug.as_str())
        );
    }
    assert!(ogi_validate::check(&archive).is_empty());
    let bytes: u64 = walk_bytes(&out);
    assert_eq!(bytes, summary.bytes);

    // A second run into the same folder is refused, and leaves it alone.
    let again = ogi_gen::write(&opts, &out).expect_err("not empty");
    assert!(matches!(again, GenError::NotEmpty { .. }), "{again}");
    assert!(again.to_string().contains("not empty"));
    let file = out.join("site.yaml");
    assert!(matches!(
        ogi_gen::write(&opts, &file),
        Err(GenError::NotAFolder { .. })
    ));
    // An existing empty folder is fine.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    assert!(
        ogi_gen::write(
            &GenOptions {
                reports: 2,
                seed: 1
            },
            &empty
        )
        .is_ok()
    );
}

fn walk_bytes(dir: &std::path::Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).expect("readable") {
        let entry = entry.expect("entry");
        let meta = entry.metadata().expect("metadata");
        total += if meta.is_dir() {
            walk_bytes(&entry.path())
        } else {
            meta.len()
        };
    }
    total
}

#[test]
fn an_empty_archive_is_just_a_config() {
    let opts = GenOptions {
        reports: 0,
        seed: 9,
    };
    assert!(generate(&opts).is_empty());
    assert!(site_config(&opts).contains("districts: []"));
}

/// Timing of a large archive: `cargo test --release -p ogi-gen -- --ignored --nocapture`.
#[test]
#[ignore = "a benchmark; run in release mode"]
fn ten_thousand_reports() {
    let opts = GenOptions {
        reports: 10_000,
        seed: 1,
    };
    let started = std::time::Instant::now();
    let files = generate(&opts);
    let elapsed = started.elapsed();
    let bytes: usize = files.iter().map(|f| f.text.len()).sum();
    eprintln!(
        "generated {} reports, {bytes} bytes, in {elapsed:?}",
        files.len()
    );
    assert_eq!(files.len(), 10_000);
    assert!(elapsed.as_secs() < 10);
}

/// ogi-model lifts the prose blocks out before it parses a report; an explicit `---` at
/// the top turns that shortcut off without changing what the file means, so the two parses
/// of every generated report must agree.
#[test]
fn the_prose_shortcut_gives_what_the_parser_gives() {
    for seed in [1, 7] {
        for f in generate(&GenOptions { reports: 150, seed }) {
            let quick = parse_report(&f.path, f.text.clone()).expect("loads");
            let full = parse_report(&f.path, format!("---\n{}", f.text)).expect("loads");
            assert_eq!(quick.report, full.report, "{}", f.path.display());
            assert!(!quick.report.text.overview.is_empty());
        }
    }
}
