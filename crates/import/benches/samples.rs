//! Importing the five published samples (four portal pages, one PDF), the target being
//! under 1 s for all five in a release build. Run with `cargo bench -p ogi-import`.

use std::path::{Path, PathBuf};

fn main() {
    divan::main();
}

const SAMPLES: [&str; 5] = [
    "pingtan_2019.html",
    "pingtan_2021.html",
    "gaj_2022.html",
    "junshan_pq_2024.html",
    "hongze_2024.pdf",
];

fn samples() -> Vec<(PathBuf, Vec<u8>)> {
    SAMPLES
        .iter()
        .map(|name| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name);
            let bytes = std::fs::read(&path).expect("sample");
            (path, bytes)
        })
        .collect()
}

/// All five, one after the other, each read and written as YAML.
#[divan::bench(sample_count = 10)]
fn all_five(bencher: divan::Bencher) {
    let files = samples();
    let opts = ogi_import::ImportOptions::default();
    bencher.bench(|| {
        for (path, bytes) in &files {
            let imported = ogi_import::import_bytes(path, bytes, &opts).expect("imports");
            divan::black_box(imported.yaml("sample"));
        }
    });
}

/// Each sample alone.
#[divan::bench(args = SAMPLES, sample_count = 10)]
fn one(bencher: divan::Bencher, name: &str) {
    let files = samples();
    let (path, bytes) = files
        .iter()
        .find(|(p, _)| p.ends_with(name))
        .expect("sample");
    let opts = ogi_import::ImportOptions::default();
    bencher.bench(|| ogi_import::import_bytes(path, bytes, &opts).expect("imports"));
}
