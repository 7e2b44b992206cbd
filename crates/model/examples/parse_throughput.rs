//! The YAML parser's own throughput on a content folder, the ceiling for `ogi check`:
//! every report is read into memory first, then parsed into a plain `serde_yaml::Value`
//! on all cores (no typed model, no validation), as bench/run compares with `ogi check`.
//!
//! `cargo run --release -p ogi-model --example parse_throughput -- CONTENT [ROUNDS]`

use std::time::Instant;

use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next() else {
        eprintln!("usage: parse_throughput CONTENT [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let texts: Vec<String> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .filter(|e| e.file_name() != "site.yaml")
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let started = Instant::now();
        let parsed = texts
            .par_iter()
            .filter(|t| serde_yaml::from_str::<serde_yaml::Value>(t).is_ok())
            .count();
        times.push(started.elapsed().as_secs_f64());
        assert_eq!(parsed, texts.len(), "every report parses");
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "serde_yaml parse only: {} reports, {:.1} MB, median {:.3} s of {} rounds on {} threads: {:.0} reports/s",
        texts.len(),
        bytes as f64 / 1e6,
        median,
        rounds,
        rayon::current_num_threads(),
        texts.len() as f64 / median
    );
}
