//! Validating one report with every rule. Run with `cargo bench -p ogi-validate --bench validate`.

use std::path::Path;

fn main() {
    divan::main();
}

/// Every rule over the seed report (it passes them all, so no source map is built).
#[divan::bench]
fn validate_seed(bencher: divan::Bencher) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../content/fujian/fuzhou/gulou/wenquan/2020.yaml");
    let doc = ogi_model::load_report(&path).expect("the seed loads");
    let docs = std::slice::from_ref(&doc);
    bencher.bench(|| ogi_validate::validate(divan::black_box(docs)));
}
