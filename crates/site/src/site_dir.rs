//! The output folder: where a site may be written, how ogi marks the folders it owns, and
//! the staging and old folders that killed builds left beside it.
//!
//! A site replaces its folder whole, so an output that is, holds or lies inside an input
//! (the content, themes or templates, or the project itself) would destroy it; so would a
//! folder of someone else's files. Both are refused before anything is written.

use std::fs;
use std::path::{Path, PathBuf};

use ogi_model::{Project, SITE_MARKER, overlaps};

use crate::error::BuildError;

/// What the marker file says to a person who opens it.
const MARKER_TEXT: &str =
    "This folder is written by ogi (ogi build / ogi serve) and replaced whole by the next build.\n";

/// Why `project.output` may not be written, or `None` when it may.
pub fn output_conflict(project: &Project) -> Option<String> {
    let out = &project.output;
    let shown = project.show(out);
    if project.root.starts_with(out) {
        return Some(format!(
            "the output {shown} is the project folder or holds it; a build replaces its output whole, so it would delete the project. Write the site to a folder of its own, such as `site`"
        ));
    }
    for (what, input) in project.inputs() {
        if overlaps(out, input) {
            return Some(format!(
                "the output {shown} is, holds or lies inside the {what} {}; a build replaces its output whole, so it would delete them. Write the site to a folder of its own, such as `site`",
                project.show(input)
            ));
        }
    }
    let meta = match fs::symlink_metadata(out) {
        Ok(meta) => meta,
        Err(_) => return None,
    };
    if !meta.is_dir() {
        return Some(format!(
            "the output {shown} is a file, not a folder; name a folder for the site, such as `site`"
        ));
    }
    let empty = fs::read_dir(out).map_or(true, |mut entries| entries.next().is_none());
    if !empty && !out.join(SITE_MARKER).is_file() {
        return Some(format!(
            "the output {shown} is a folder ogi did not make (it has files and no {SITE_MARKER}); a build replaces its output whole. Name an empty or new folder, or remove this one if its files are not needed"
        ));
    }
    None
}

/// Refuses an output that [`output_conflict`] objects to.
pub(crate) fn guard(project: &Project) -> Result<(), BuildError> {
    match output_conflict(project) {
        Some(message) => Err(BuildError::Output {
            path: project.output.clone(),
            message,
        }),
        None => Ok(()),
    }
}

/// Marks `dir`, a folder a site is being written into, as ogi's; the marker of `previous`
/// (the site it replaces) is kept as it is, time and all, when it says the same.
pub(crate) fn mark(dir: &Path, previous: &Path) -> std::io::Result<()> {
    let old = previous.join(SITE_MARKER);
    let new = dir.join(SITE_MARKER);
    if fs::read(&old).is_ok_and(|b| b == MARKER_TEXT.as_bytes())
        && fs::hard_link(&old, &new).is_ok()
    {
        return Ok(());
    }
    fs::write(new, MARKER_TEXT)
}

/// The name of a folder beside the output `out` that a build uses for a while: the staging
/// folder or the previous site, tagged with the process id.
pub(crate) fn sibling(out: &Path, tag: &str) -> PathBuf {
    out.with_file_name(format!(".{}.{tag}-{}", base_name(out), std::process::id()))
}

fn base_name(out: &Path) -> String {
    out.file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned())
}

/// Whether the process `pid` is still running. Where that cannot be told (outside Linux),
/// only this process counts as alive, so a folder of another running build would be
/// removed; builds of one project at once are not supported there.
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        false
    }
}

/// Removes the staging and old folders that builds of `out` left when they were killed:
/// every `.NAME.staging-PID` and `.NAME.old-PID` beside it whose process is gone. A build
/// killed between its two renames leaves no site but an old folder holding the previous
/// one: that is put back first, so a site is never lost.
pub(crate) fn sweep_leftovers(out: &Path) {
    let Some(parent) = out.parent() else {
        return;
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let name = base_name(out);
    let mut dead_old = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else {
            continue;
        };
        let Some(rest) = file_name
            .strip_prefix('.')
            .and_then(|r| r.strip_prefix(name.as_str()))
            .and_then(|r| r.strip_prefix('.'))
        else {
            continue;
        };
        let leftover = ["staging-", "old-"].iter().find_map(|tag| {
            let pid = rest.strip_prefix(tag)?.parse::<u32>().ok()?;
            Some((*tag, pid))
        });
        match leftover {
            Some((tag, pid)) if !alive(pid) => {
                if tag == "old-" {
                    dead_old.push(entry.path());
                } else {
                    let _ = fs::remove_dir_all(entry.path());
                }
            }
            _ => {}
        }
    }
    if !out.exists() {
        let newest = dead_old
            .iter()
            .max_by_key(|p| fs::metadata(p).and_then(|m| m.modified()).ok())
            .cloned();
        if let Some(newest) = newest {
            if fs::rename(&newest, out).is_ok() {
                dead_old.retain(|p| *p != newest);
            }
        }
    }
    for old in dead_old {
        let _ = fs::remove_dir_all(old);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(dir: &Path) -> Project {
        Project::from(Path::new("proj"), dir)
    }

    #[test]
    fn outputs_over_inputs_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = project(dir.path());
        fs::create_dir_all(&p.content).unwrap();
        assert_eq!(output_conflict(&p), None, "proj/site is fine");
        for bad in [
            "proj/content",
            "proj",
            "proj/content/x",
            "proj/themes",
            "proj/templates/y",
            ".",
        ] {
            let p = project(dir.path()).with_output(Path::new(bad));
            let message = output_conflict(&p).unwrap_or_default();
            assert!(!message.is_empty(), "{bad} must be refused");
        }
        let p = project(dir.path()).with_output(Path::new("proj/content"));
        assert!(
            output_conflict(&p)
                .unwrap()
                .contains("content folder proj/content")
        );
    }

    #[test]
    fn only_empty_or_marked_folders_are_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let p = project(dir.path()).with_output(Path::new("out"));
        fs::create_dir_all(&p.output).unwrap();
        assert_eq!(output_conflict(&p), None, "empty");
        fs::write(p.output.join("notes.txt"), "mine").unwrap();
        assert!(output_conflict(&p).unwrap().contains("did not make"));
        mark(&p.output, &dir.path().join("none")).unwrap();
        assert_eq!(output_conflict(&p), None, "marked");
        let file = project(dir.path()).with_output(Path::new("out/notes.txt"));
        assert!(output_conflict(&file).unwrap().contains("is a file"));
    }

    #[test]
    fn leftovers_of_dead_builds_go_and_live_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let dead = dir.path().join(".site.staging-4000000000");
        let old = dir.path().join(".site.old-4000000001");
        let mine = sibling(&out, "staging");
        let other = dir.path().join(".other.staging-4000000000");
        for d in [&dead, &old, &mine, &other] {
            fs::create_dir_all(d.join("a")).unwrap();
        }
        fs::create_dir_all(&out).unwrap();
        sweep_leftovers(&out);
        assert!(!dead.exists() && !old.exists());
        assert!(mine.exists(), "this process is alive");
        assert!(
            other.exists(),
            "another output's folders are not ours to judge"
        );
    }

    #[test]
    fn a_site_lost_between_the_two_renames_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let old = dir.path().join(".site.old-4000000002");
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join("index.html"), "previous").unwrap();
        sweep_leftovers(&out);
        assert_eq!(
            fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
        assert!(!old.exists());
    }
}
