//! `ogi import` as a user types it: from the project folder, relative file names.

use std::path::Path;

use crate::support::{fixture, ogi_env, ogi_in};

/// A fresh project with the two published pages copied into its folder.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let init = ogi_in(Some(dir.path()), &["init", "nianbao"]);
    assert_eq!(init.code, Some(0), "{init:?}");
    // The published pages the importer's own tests read, in crates/import/tests/fixtures.
    for name in ["pingtan_2021.html", "junshan_pq_2024.html"] {
        std::fs::copy(
            crate::support::root()
                .join("crates/import/tests/fixtures")
                .join(name),
            dir.path().join("nianbao").join(name),
        )
        .expect("copy sample");
    }
    dir
}

#[test]
fn import_writes_checked_reports_under_content_and_refuses_to_overwrite() {
    let dir = project();
    let root = dir.path().join("nianbao");
    let run = ogi_in(
        Some(&root),
        &[
            "import",
            "pingtan_2021.html",
            "junshan_pq_2024.html",
            "--region",
            "福建省,平潭综合实验区",
        ],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains(
        "pingtan_2021.html: wrote content/pingtan/2021.yaml: 200 cells read, 0 uncertain; check: 0 errors"
    ), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("junshan_pq_2024.html: wrote content/junshan-pq/2024.yaml"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("total: 2 of 2 files imported, 400 cells read, 0 uncertain"),
        "{}",
        run.stdout
    );
    let written = std::fs::read_to_string(root.join("content/pingtan/2021.yaml")).expect("written");
    assert!(
        written.contains("normative_documents: [69, 3, 665]"),
        "{written}"
    );
    assert!(
        written.contains("region: [福建省, 平潭综合实验区]"),
        "{written}"
    );
    let check = ogi_in(Some(&root), &["check"]);
    assert_eq!(check.code, Some(0), "{check:?}");

    // Again: refused, the file untouched; with --force, rewritten.
    std::fs::write(
        root.join("content/pingtan/2021.yaml"),
        format!("{written}# edited\n"),
    )
    .expect("edit");
    let again = ogi_in(
        Some(&root),
        &[
            "import",
            "pingtan_2021.html",
            "--region",
            "福建省,平潭综合实验区",
        ],
    );
    assert_eq!(again.code, Some(2), "{again:?}");
    assert!(
        again
            .stdout
            .contains("content/pingtan/2021.yaml exists; pass --force to overwrite it"),
        "{again:?}"
    );
    let kept = std::fs::read_to_string(root.join("content/pingtan/2021.yaml")).expect("kept");
    assert!(kept.ends_with("# edited\n"));
    let forced = ogi_in(
        Some(&root),
        &[
            "import",
            "pingtan_2021.html",
            "--region",
            "福建省,平潭综合实验区",
            "--force",
        ],
    );
    assert_eq!(forced.code, Some(0), "{forced:?}");
    let rewritten =
        std::fs::read_to_string(root.join("content/pingtan/2021.yaml")).expect("rewritten");
    assert_eq!(rewritten, written);
}

#[test]
fn import_of_a_garbled_row_leaves_it_blank_flagged_and_exits_1() {
    let dir = project();
    let root = dir.path().join("nianbao");
    let page = std::fs::read_to_string(root.join("pingtan_2021.html")).expect("sample");
    std::fs::write(
        root.join("garbled.html"),
        page.replace("7.属于行政执法案卷", "7.□□□□■■"),
    )
    .expect("write");
    let run = ogi_in(
        Some(&root),
        &[
            "import",
            "garbled.html",
            "-o",
            "out.yaml",
            "--region",
            "福建省",
        ],
    );
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stdout.contains(
            "garbled.html: wrote out.yaml: 193 cells read, 8 uncertain (blank, marked 未能识别)"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("review the cells marked 未能识别"),
        "{run:?}"
    );
    let out = std::fs::read_to_string(root.join("out.yaml")).expect("written");
    assert!(
        out.contains("enforcement_files: [~, ~, ~, ~, ~, ~, ~]"),
        "{out}"
    );
    assert!(
        out.contains("# 未能识别: 自然人: 表三中没有找到“（三）不予公开 · 7.属于行政执法案卷”一行"),
        "{out}"
    );
    // In a Chinese locale the summary is in Chinese.
    let zh = ogi_env(
        Some(&root),
        &[
            "import",
            "garbled.html",
            "-o",
            "out-zh.yaml",
            "--region",
            "福建省",
        ],
        &[("LANG", "zh_CN.UTF-8")],
    );
    assert_eq!(zh.code, Some(1), "{zh:?}");
    assert!(
        zh.stdout.contains(
            "garbled.html：已写入 out-zh.yaml：读出 193 格，8 格未能识别（留空，标注“未能识别”）"
        ),
        "{zh:?}"
    );
    assert!(zh.stderr.contains("请核对标注“未能识别”的单元格"), "{zh:?}");
    // ogi check loads it: the blanks are findings to fix, not a broken file.
    let check = ogi_in(Some(&root), &["check", "out.yaml"]);
    assert!(
        !check.panicked() && check.stdout.contains("out.yaml"),
        "{check:?}"
    );
}

#[test]
fn import_dry_run_writes_nothing_and_a_scan_or_broken_file_is_refused_with_what_to_do() {
    let dir = project();
    let root = dir.path().join("nianbao");
    let run = ogi_in(
        Some(&root),
        &["import", "--dry-run", "junshan_pq_2024.html"],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout
            .contains("would write content/junshan-pq/2024.yaml"),
        "{}",
        run.stdout
    );
    assert!(!Path::new(&root.join("content/junshan-pq")).exists());
    // A body of a region the archive holds goes beside that region's bodies.
    let beside = ogi_in(
        Some(&root),
        &[
            "import",
            "--dry-run",
            "junshan_pq_2024.html",
            "--region",
            "福建省,福州市,鼓楼区",
        ],
    );
    assert!(
        beside
            .stdout
            .contains("would write content/fujian/fuzhou/gulou/junshan-pq/2024.yaml"),
        "{beside:?}"
    );
    // A scan: a PDF without a text layer.
    std::fs::copy(fixture("import/scanned.pdf"), root.join("scan.pdf")).expect("copy");
    let scan = ogi_in(Some(&root), &["import", "scan.pdf"]);
    assert_eq!(scan.code, Some(2), "{scan:?}");
    assert!(
        scan.stdout.contains("scan.pdf: not imported: the PDF has no text layer (a scanned document); run it through OCR first"),
        "{scan:?}"
    );
    // Not a PDF at all past its first bytes.
    std::fs::write(root.join("broken.pdf"), b"%PDF-1.4\n%%EOF\n").expect("pdf");
    let broken = ogi_in(Some(&root), &["import", "broken.pdf"]);
    assert_eq!(broken.code, Some(2), "{broken:?}");
    assert!(
        broken
            .stdout
            .contains("broken.pdf: not imported: the PDF cannot be read"),
        "{broken:?}"
    );
    assert!(!broken.panicked(), "{broken:?}");
    let none = ogi_in(Some(&root), &["import", "missing.html"]);
    assert_eq!(none.code, Some(2), "{none:?}");
    assert!(
        none.stdout
            .contains("missing.html: not imported: cannot read it"),
        "{none:?}"
    );
}

#[test]
fn import_out_and_level_as_documented() {
    let dir = project();
    let root = dir.path().join("nianbao");
    let run = ogi_in(
        Some(&root),
        &[
            "import",
            "pingtan_2021.html",
            "--out",
            "imported",
            "--level",
            "department",
        ],
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout.contains("wrote imported/pingtan/2021.yaml"),
        "{run:?}"
    );
    let text = std::fs::read_to_string(root.join("imported/pingtan/2021.yaml")).expect("written");
    assert!(text.contains("level: department"), "{text}");
    assert!(!text.contains("guessed from the name"), "{text}");
    // Without --level the guess is said in the file.
    let guessed = ogi_in(
        Some(&root),
        &["import", "pingtan_2021.html", "-o", "g.yaml"],
    );
    assert_eq!(guessed.code, Some(0), "{guessed:?}");
    let text = std::fs::read_to_string(root.join("g.yaml")).expect("written");
    assert!(
        text.contains("# level: government guessed from the name 平潭综合实验区"),
        "{text}"
    );
    assert!(!root.join("content/pingtan").exists());
}
