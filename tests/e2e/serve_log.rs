//! The preview's log counts what a save removed: moving a report's folder removes its old
//! pages, and the line says how many.

use std::time::{Duration, Instant};

use crate::serve::Preview;
use crate::site::copy_dir;
use crate::support::root;

#[test]
fn moving_a_folder_logs_the_files_it_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("content"), &dir.path().join("content"));
    let out = dir.path().join("served");
    let preview = Preview::spawn(
        dir.path(),
        &["serve", "--port", "0", "--output", &out.to_string_lossy()],
    );
    let old = out.join("reports/fujian/fuzhou/gulou/wenquan");
    assert!(old.is_dir(), "the report's pages are served");
    let gulou = dir.path().join("content/fujian/fuzhou/gulou");
    std::fs::rename(gulou.join("wenquan"), gulou.join("wenquan-moved")).expect("move");
    let deadline = Instant::now() + Duration::from_secs(60);
    let line = loop {
        let line = preview
            .lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("a rebuild line after the move");
        if line.contains(" removed in ") {
            break line;
        }
    };
    assert!(!old.exists(), "the old pages are gone");
    let removed: usize = line
        .split(" removed in ")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {line}"));
    assert!(removed >= 5, "the log says {removed} removed: {line}");
}
