//! Loading one report: the seed report, and a generated one of typical size.
//! Run with `cargo bench -p ogi-model --bench load`.

use std::path::{Path, PathBuf};

fn main() {
    divan::main();
}

/// The seed report's path and text.
fn seed() -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../content/fujian/fuzhou/gulou/wenquan/2020.yaml");
    let text = ogi_model::read_text(&path).expect("the seed report is readable");
    (path, text)
}

/// Parsing the seed report's text into a document (the text is cloned outside the timing).
#[divan::bench]
fn parse_seed(bencher: divan::Bencher) {
    let (path, text) = seed();
    bencher
        .with_inputs(|| text.clone())
        .bench_values(|text| ogi_model::parse_report(&path, text).expect("the seed loads"));
}

/// Reading and parsing the seed report from disk, as `ogi check` does for each file.
#[divan::bench]
fn load_seed(bencher: divan::Bencher) {
    let (path, _) = seed();
    bencher.bench(|| ogi_model::load_report(divan::black_box(&path)).expect("the seed loads"));
}

/// Building the seed report's source map (only diagnostics need it).
#[divan::bench]
fn source_map_seed(bencher: divan::Bencher) {
    let (_, text) = seed();
    bencher.bench(|| ogi_model::SourceMap::build(divan::black_box(&text)).expect("maps"));
}
