//! Rendering: one report page's data, and the whole seed site in memory.
//! Run with `cargo bench -p ogi-site --bench render`.

use std::path::{Path, PathBuf};

fn main() {
    divan::main();
}

/// The repository root: it holds the seed content and the themes.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The seed report page's data: tables 2-4 laid out and the prose rendered from Markdown.
#[divan::bench]
fn report_view_seed(bencher: divan::Bencher) {
    let options = ogi_site::SiteOptions::new(root());
    let loaded = ogi_site::load(&options).expect("the seed content loads");
    let model = ogi_site::SiteModel::of(&loaded, &options);
    assert!(model.reports() > 0, "one report");
    bencher.bench(|| model.report_page(divan::black_box(0)));
}

/// The whole seed site rendered into memory: theme, pages, data, feed, sitemap, search.
#[divan::bench(sample_count = 20)]
fn seed_site_in_memory(bencher: divan::Bencher) {
    let options = ogi_site::SiteOptions::new(root());
    let loaded = ogi_site::load(&options).expect("the seed content loads");
    bencher.bench(|| ogi_site::render_to_memory(&loaded, &options).expect("renders"));
}
