//! `ogi-validate`: the consistency relations (勾稽关系) of information-disclosure annual
//! reports, as rule plugins that emit [`Diagnostic`]s, and renderers for people and tools.
//!
//! Each rule is a type implementing [`Rule`], with a stable id, a severity and its
//! documentation ([`RuleMeta`]); [`registry`] lists them all. Rules are pure: they never
//! fail, and a relation with a blank cell is skipped (the `BLANK` rule reports the blank).
//!
//! ```
//! use ogi_model::{Level, ScaffoldOptions, parse_report, scaffold};
//!
//! let text = scaffold(&ScaffoldOptions {
//!     body: "某某街道办事处".into(), short_name: None, level: Level::Township,
//!     region: vec!["某省".into()], year: 2022, edition: None,
//! })
//! .replace("new_requests: [0, 0, 0, 0, 0, 0, 0]", "new_requests: [1, 0, 0, 0, 0, 0, 1]");
//! let doc = parse_report("2022.yaml".as_ref(), text).expect("loads");
//! let found = ogi_validate::validate(std::slice::from_ref(&doc));
//! assert!(found.iter().any(|d| d.code == "T3-BALANCE"));
//! ```

mod diagnostic;
mod render;
mod rule;
mod rules;

pub use diagnostic::{CellRef, Diagnostic, Label, Severity};
pub use ogi_model::{Lang, Message};
pub use render::{Format, Sources, Tally, render};
pub use rule::{Rule, RuleMeta, Scope, find_rule, registry};
pub use rules::{Claim, prose_claims};

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use ogi_model::{Archive, ArchiveError, Document};
use rayon::prelude::*;

/// Runs every rule over `docs`: per-report rules in parallel, then the archive rules.
/// Diagnostics come back sorted by file, line and column.
pub fn validate(docs: &[Document]) -> Vec<Diagnostic> {
    let per_report: Vec<Vec<Diagnostic>> = docs.par_iter().map(check_report).collect();
    let all: Vec<&Document> = docs.iter().collect();
    let mut archive = check_archive(&all);
    archive.extend(check_across_bodies(&all));
    combine(&[], per_report.into_iter().flatten(), archive)
}

/// The findings of the per-report rules about `doc` alone.
pub fn check_report(doc: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in registry() {
        rule.check_report(doc, &mut out);
    }
    out
}

/// The findings of the rules that compare the reports of one body with each other (across
/// years, duplicates): `docs` may be the whole archive or one body's reports.
pub fn check_archive(docs: &[&Document]) -> Vec<Diagnostic> {
    archive_rules(docs, Scope::Body)
}

/// The findings of the rules that compare reports across bodies (addresses that collide):
/// `docs` is the whole archive.
pub fn check_across_bodies(docs: &[&Document]) -> Vec<Diagnostic> {
    archive_rules(docs, Scope::Archive)
}

/// Runs the archive rules of `scope`, each on a thread of its own when there are threads
/// to spare (this part is not split by report), their findings in registry order.
fn archive_rules(docs: &[&Document], scope: Scope) -> Vec<Diagnostic> {
    let rules: Vec<&dyn Rule> = registry()
        .iter()
        .copied()
        .filter(|r| r.scope() == scope)
        .collect();
    let found: Vec<Vec<Diagnostic>> = rules
        .par_iter()
        .map(|rule| {
            let mut out = Vec::new();
            rule.check_archive(docs, &mut out);
            out
        })
        .collect();
    found.concat()
}

/// The group within which the archive rules of [`Scope::Body`] relate reports: the body
/// (its region and name). Those rules never relate reports of different groups, so running
/// them on each group alone finds exactly what running them on the whole archive finds; a
/// live preview re-runs only the groups a change touched. A test holds every such rule to
/// this. Rules of [`Scope::Archive`] compare reports across bodies: a live preview re-runs
/// them over every report on every change.
pub fn archive_group(doc: &Document) -> String {
    doc.report.body.key()
}

/// Puts together what [`check`] reports: load errors, then the per-report findings in
/// document order, then the archive findings, sorted by file, position and rule.
///
/// A live preview that re-checks only the reports that changed calls this with its cached
/// per-report findings and gets exactly what a full check would.
pub fn combine(
    load_errors: &[ogi_model::LoadError],
    per_report: impl IntoIterator<Item = Diagnostic>,
    archive: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut found: Vec<Diagnostic> = load_errors
        .iter()
        .map(Diagnostic::from_load_error)
        .collect();
    found.extend(per_report);
    found.extend(archive);
    sort(&mut found);
    found
}

/// Every diagnostic of a loaded archive: files that did not load, then the rules' findings.
pub fn check(archive: &Archive) -> Vec<Diagnostic> {
    let docs = &archive.documents;
    let per_report: Vec<Vec<Diagnostic>> = docs.par_iter().map(check_report).collect();
    let all: Vec<&Document> = docs.iter().collect();
    let mut across = check_archive(&all);
    across.extend(check_across_bodies(&all));
    combine(&archive.errors, per_report.into_iter().flatten(), across)
}

/// What a check found: the findings, the reports checked, and the texts to show the
/// findings in.
#[derive(Debug, Default)]
pub struct Checked {
    /// The archive checked: its configuration and the files that did not load; of its
    /// reports, those a finding points into at least (with their text), which is all
    /// [`Sources::from_archive`] needs to show the findings.
    pub archive: Archive,
    /// Every report that loaded, in the order of [`Archive::documents`].
    pub reports: Vec<std::path::PathBuf>,
    /// What [`check`] finds.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// Checks an archive already loaded ([`check`]), keeping all of it.
    pub fn of(archive: Archive) -> Checked {
        Checked {
            reports: archive.documents.iter().map(|d| d.path.clone()).collect(),
            diagnostics: check(&archive),
            archive,
        }
    }
}

/// Loads the content folder `root` and checks it, finding exactly what
/// `check(&load_archive(root)?)` finds, with little of the archive in memory at a time.
///
/// Each report is checked on its own as soon as it has loaded; then only what the archive
/// rules read of it is kept (its path, body, year and tables: its prose is dropped, and its
/// text too unless a finding points into it). The archive rules run over those reduced
/// reports; the bodies they find something in are read again in full and their rules run
/// again, so that the findings point where [`check`] points (a finding's place comes from
/// the report's text). Rules of [`Scope::Archive`] run over the reduced reports only: they
/// must relate paths and figures, never point into a report's text.
pub fn load_and_check(root: &Path) -> Result<Checked, ArchiveError> {
    let (mut archive, docs, diagnostics) = check_as_loaded(root, Keep::Figures, &|_| {})?;
    // Freed on the threads, not one after another here.
    let kept: Vec<(PathBuf, Option<Box<Document>>)> = docs
        .into_par_iter()
        .map(|mut doc| {
            let path = std::mem::take(&mut doc.path);
            if doc.text.is_empty() {
                return (path, None);
            }
            doc.path.clone_from(&path);
            (path, Some(doc))
        })
        .collect();
    let mut reports = Vec::with_capacity(kept.len());
    for (path, doc) in kept {
        reports.push(path);
        archive.documents.extend(doc.map(|doc| *doc));
    }
    Ok(Checked {
        archive,
        reports,
        diagnostics,
    })
}

/// What [`check_as_loaded`] keeps of each report besides its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Keep {
    /// Its body, year and tables: what the archive rules read (`ogi check`).
    Figures,
    /// The whole typed report, prose too (`ogi build`, which renders it).
    Report,
}

/// Loads and checks `root` as [`load_and_check`] does, and keeps every report whole but
/// for its text, which is dropped unless a finding points into it: the archive's text,
/// as large as the reports themselves, is never in memory all at once (`ogi build`).
pub fn load_and_check_keeping(root: &Path) -> Result<(Archive, Vec<Diagnostic>), ArchiveError> {
    load_and_check_keeping_with(root, &|_| {})
}

/// [`load_and_check_keeping`], handing each report to `shed` once it is checked (on the
/// loading threads): `ogi build` moves its prose out of memory there. The bodies that the
/// archive rules find something in are read again in full, and are not handed to `shed`.
pub fn load_and_check_keeping_with(
    root: &Path,
    shed: &(dyn Fn(&mut Document) + Sync),
) -> Result<(Archive, Vec<Diagnostic>), ArchiveError> {
    let (mut archive, docs, diagnostics) = check_as_loaded(root, Keep::Report, shed)?;
    archive.documents = docs.into_iter().map(|d| *d).collect();
    Ok((archive, diagnostics))
}

/// An archive loaded and checked: the archive without its documents, the reduced reports
/// in order, and every finding.
type Loaded = (Archive, Vec<Box<Document>>, Vec<Diagnostic>);

/// The core of [`load_and_check`]: each report checked as it loads and reduced to `keep`,
/// then the archive rules; returns the archive (without documents), the reduced reports in
/// order and every finding.
fn check_as_loaded(
    root: &Path,
    keep: Keep,
    shed: &(dyn Fn(&mut Document) + Sync),
) -> Result<Loaded, ArchiveError> {
    let (archive, checked) = ogi_model::load_archive_with(root, |doc| {
        let found = check_report(&doc);
        let keep_text = !found.is_empty();
        let mut doc = reduce(doc, keep, keep_text);
        shed(&mut doc);
        // Boxed: the reports are moved about whole, and a report's tables are kilobytes.
        (Box::new(doc), found)
    })?;
    let mut docs = Vec::with_capacity(checked.len());
    let mut per_report = Vec::new();
    for (doc, found) in checked {
        docs.push(doc);
        per_report.extend(found);
    }
    // The rules across bodies read paths only: they run beside those of each body.
    let all: Vec<&Document> = docs.iter().map(|d| &**d).collect();
    let (bodies, mut across) = rayon::join(|| check_archive(&all), || check_across_bodies(&all));
    drop(all);
    across.splice(0..0, body_findings_in_full(&mut docs, bodies));
    let diagnostics = combine(&archive.errors, per_report, across);
    Ok((archive, docs, diagnostics))
}

/// A report reduced to `keep`: its prose dropped unless it keeps the whole report, its
/// text unless `keep_text`, its source map not kept.
fn reduce(doc: Document, keep: Keep, keep_text: bool) -> Document {
    let Document {
        path,
        text,
        mut report,
        ..
    } = doc;
    if keep == Keep::Figures {
        report.text = ogi_model::Text::default();
    }
    Document::new(path, if keep_text { text } else { String::new() }, report)
}

/// The findings of the rules of [`Scope::Body`] over `docs`, reduced reports, given their
/// findings over them (`reduced`): the bodies with findings are read again in full (replacing their reports in `docs`) and checked
/// again, so that each finding has its place in the text. A report that no longer loads
/// stays reduced (its findings then have no place).
fn body_findings_in_full(docs: &mut [Box<Document>], reduced: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if reduced.is_empty() {
        return reduced;
    }
    let files: HashSet<&Path> = reduced.iter().map(|d| d.file.as_path()).collect();
    let groups: BTreeSet<String> = docs
        .iter()
        .filter(|d| files.contains(d.path.as_path()))
        .map(|d| archive_group(d))
        .collect();
    let mut members: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, doc) in docs.iter().enumerate() {
        let group = archive_group(doc);
        if let Some(g) = groups.get(&group) {
            members.entry(g.as_str()).or_default().push(i);
        }
    }
    let reloaded: Vec<(usize, Document)> = members
        .values()
        .flatten()
        .filter_map(|&i| Some((i, ogi_model::load_report(&docs[i].path).ok()?)))
        .collect();
    for (i, doc) in reloaded {
        *docs[i] = doc;
    }
    members
        .values()
        .flat_map(|group| check_archive(&group.iter().map(|&i| &*docs[i]).collect::<Vec<_>>()))
        .collect()
}

/// Sorts by file, position and rule, then message: a total order, so the result does not
/// depend on the order rules or groups were run in.
fn sort(found: &mut [Diagnostic]) {
    found.sort_by(|a, b| {
        let key = |d: &Diagnostic| (d.span.map_or(0, |s| s.start), d.code);
        a.file
            .cmp(&b.file)
            .then_with(|| key(a).cmp(&key(b)))
            .then_with(|| a.message.cmp(&b.message))
            .then_with(|| a.cell.cmp(&b.cell))
    });
}

/// The rules' documentation as Markdown: what `docs/rules.md` holds.
pub fn rules_markdown() -> String {
    let mut md = String::from(
        "# Validation rules\n\n<!-- Generated by `ogi rules --markdown`; a test fails when this file is stale. -->\n\n\
         Within one report, relations 1–5 of the domain are errors; across years of one body they are \
         warnings, because real archives break them after corrections. Blank cells are never counted \
         as mismatches: `BLANK` reports them and the relations that use them are skipped.\n\n\
         | id | severity | 说明 | description |\n|---|---|---|---|\n",
    );
    for rule in registry() {
        let m = rule.meta();
        md.push_str(&format!(
            "| [`{}`](#{}) | {} | {} | {} |\n",
            m.id,
            m.id.to_lowercase(),
            m.severity.as_str(),
            m.summary_zh,
            m.summary_en
        ));
    }
    for rule in registry() {
        md.push('\n');
        md.push_str(&rule_markdown(rule.meta()));
    }
    md
}

/// One rule's documentation as Markdown: its section of [`rules_markdown`].
pub fn rule_markdown(m: &RuleMeta) -> String {
    format!(
        "## {}\n\n**{}** · {}\n\n{}\n\n{}\n\n**Reported:**\n\n```yaml\n{}\n```\n\n**Fix:** {}\n",
        m.id,
        m.severity.as_str(),
        m.summary_zh,
        m.summary_en,
        m.rationale_text(),
        m.bad_example,
        m.fix_text()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn rule_ids_are_unique_and_documented() {
        let mut ids = HashSet::new();
        for rule in registry() {
            let m = rule.meta();
            assert!(ids.insert(m.id), "duplicate id {}", m.id);
            assert!(
                m.id.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
            );
            assert!(
                !m.summary_zh.is_empty() && !m.summary_en.is_empty() && !m.rationale.is_empty()
            );
            assert!(!m.bad_example.is_empty() && !m.fix.is_empty());
        }
        assert_eq!(
            find_rule("t3-balance").map(|r| r.meta().id),
            Some("T3-BALANCE")
        );
    }

    #[test]
    fn archive_rules_relate_only_reports_of_one_group() {
        use ogi_model::Edition;
        use rules::testing::{doc, set_row};
        // Two bodies, three years each, with carry-over breaks, a duplicate and table-2
        // running totals that do not follow: findings in both groups.
        let body = |name: &str, year: i32, carried: &str| {
            let (owned, carried) = (name.to_owned(), carried.to_owned());
            let mut d = doc(year, Edition::E2021, move |t| {
                set_row(
                    &t.replace("测试街道办事处", &owned),
                    "carried_forward",
                    &carried,
                )
            });
            d.path = format!("{name}/{year}.yaml").into();
            d
        };
        let mut docs = vec![
            body("甲街道办事处", 2021, "[1, 0, 0, 0, 0, 0, 1]"),
            body("乙街道办事处", 2021, "[2, 0, 0, 0, 0, 0, 2]"),
            body("甲街道办事处", 2022, "[0, 0, 0, 0, 0, 0, 0]"),
            body("乙街道办事处", 2022, "[3, 0, 0, 0, 0, 0, 3]"),
            body("甲街道办事处", 2023, "[0, 0, 0, 0, 0, 0, 0]"),
            body("乙街道办事处", 2023, "[0, 0, 0, 0, 0, 0, 0]"),
            body("乙街道办事处", 2023, "[5, 0, 0, 0, 0, 0, 5]"),
        ];
        docs[6].path = "乙街道办事处/2023-copy.yaml".into();
        let all: Vec<&Document> = docs.iter().collect();
        let whole = combine(&[], Vec::new(), check_archive(&all));
        let mut groups: std::collections::BTreeMap<String, Vec<&Document>> = Default::default();
        for d in &docs {
            groups.entry(archive_group(d)).or_default().push(d);
        }
        assert_eq!(groups.len(), 2);
        let by_group = combine(
            &[],
            Vec::new(),
            groups
                .values()
                .rev()
                .flat_map(|g| check_archive(g))
                .collect(),
        );
        let codes: HashSet<&str> = whole.iter().map(|d| d.code).collect();
        assert!(
            codes.contains("CARRY-OVER") && codes.contains("DUPLICATE"),
            "{codes:?}"
        );
        assert_eq!(whole, by_group);
    }

    /// Checking report by report as they load finds what checking the loaded archive
    /// finds, on every fixture of the end-to-end tests (each rule has a failing one).
    #[test]
    fn load_and_check_finds_what_check_finds() {
        let fixtures =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/e2e/fixtures");
        let mut folders = Vec::new();
        for group in ["rules", "bad-input"] {
            for entry in std::fs::read_dir(fixtures.join(group)).expect("fixtures") {
                let path = entry.expect("entry").path();
                if group == "rules" && path.is_dir() {
                    for edition in std::fs::read_dir(&path).expect("rule fixtures") {
                        folders.push(edition.expect("entry").path());
                    }
                } else if path.is_dir() {
                    folders.push(path);
                }
            }
        }
        folders.push(fixtures.join("findings/content"));
        folders.push(fixtures.join("readers"));
        let mut found = 0;
        for folder in folders.iter().filter(|f| f.is_dir()) {
            let archive = ogi_model::load_archive(folder).expect("fixture loads");
            let whole = check(&archive);
            let checked = load_and_check(folder).expect("fixture loads");
            assert_eq!(checked.diagnostics, whole, "{}", folder.display());
            let paths: Vec<_> = archive.documents.iter().map(|d| &d.path).collect();
            assert_eq!(checked.reports.iter().collect::<Vec<_>>(), paths);
            for d in &whole {
                if d.span.is_some() && d.file.is_file() {
                    assert!(
                        checked
                            .archive
                            .documents
                            .iter()
                            .any(|doc| doc.path == d.file)
                            || checked.archive.errors.iter().any(|e| e.path == d.file),
                        "no text kept for {}",
                        d.file.display()
                    );
                }
            }
            found += whole.len();
        }
        assert!(found > 50, "only {found} findings");
    }

    #[test]
    fn every_rule_speaks_both_languages() {
        let fixtures =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/e2e/fixtures/rules");
        let mut seen = HashSet::new();
        for rule in registry() {
            let id = rule.meta().id;
            for edition in ["2019", "2021"] {
                let dir = fixtures.join(format!("{id}/fail-{edition}"));
                if !dir.is_dir() {
                    continue;
                }
                let archive = ogi_model::load_archive(&dir).expect("fixture loads");
                for d in check(&archive).iter().filter(|d| d.code == id) {
                    seen.insert(id);
                    let (en, zh) = (d.headline(Lang::En), d.headline(Lang::Zh));
                    assert_ne!(d.message.en, d.message.zh, "{id}: {en}");
                    assert!(!ogi_model::english_words(&en).is_empty(), "{id}: {en}");
                    let mut chinese = vec![zh];
                    chinese.extend(d.notes.iter().map(|n| n.zh.clone()));
                    chinese.extend(d.labels.iter().map(|l| l.message.zh.clone()));
                    chinese.extend(d.help.iter().map(|h| h.zh.clone()));
                    for text in chinese {
                        assert_eq!(
                            ogi_model::english_words(&text),
                            Vec::<String>::new(),
                            "{id}: {text}"
                        );
                    }
                }
            }
        }
        let all: HashSet<&str> = registry().iter().map(|r| r.meta().id).collect();
        assert_eq!(seen, all, "rules without a failing fixture");
    }

    #[test]
    fn severities_and_figures_in_both_languages() {
        let d = Diagnostic::new(
            "T3-OUTCOMES",
            Severity::Error,
            "a.yaml".as_ref(),
            Message::new("not the sum", "不等于之和"),
        )
        .expected(4, 5);
        assert_eq!(d.headline(Lang::En), "not the sum (expected 4, found 5)");
        assert_eq!(d.headline(Lang::Zh), "不等于之和（应为 4，实为 5）");
        assert_eq!(Severity::Warning.label(Lang::Zh), "警告");
        assert_eq!(Severity::Info.label(Lang::Zh), "提示");
        let mut out = Vec::new();
        render(
            std::slice::from_ref(&d),
            &Sources::default(),
            Format::Json,
            Lang::Zh,
            &mut out,
        )
        .expect("renders");
        let json: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
        assert_eq!(
            (&json["message"], &json["message_zh"]),
            (&"not the sum".into(), &"不等于之和".into())
        );
        let mut out = Vec::new();
        render(&[d], &Sources::default(), Format::Short, Lang::Zh, &mut out).expect("renders");
        assert_eq!(
            String::from_utf8_lossy(&out),
            "a.yaml: 错误[T3-OUTCOMES]: 不等于之和（应为 4，实为 5）\n"
        );
    }

    #[test]
    fn docs_rules_md_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if std::env::var_os("OGI_BLESS").is_some() {
            std::fs::write(&path, rules_markdown()).expect("write docs/rules.md");
            return;
        }
        assert!(
            current == rules_markdown(),
            "docs/rules.md is stale: run `OGI_BLESS=1 cargo test -p ogi-validate` or `ogi rules --markdown > docs/rules.md`"
        );
    }
}
