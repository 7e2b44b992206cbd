//! Writing the site: into a staging folder beside the target, swapped in only when every
//! file is written. Files whose bytes did not change keep their modification time.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::BuildError;
use crate::output::OutputFile;

/// What writing did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteSummary {
    /// Files written.
    pub files: usize,
    /// Their total size.
    pub bytes: u64,
    /// Files whose bytes changed (or are new).
    pub changed: usize,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> BuildError + '_ {
    move |e| BuildError::Io {
        path: path.to_owned(),
        message: e.to_string(),
    }
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    out.with_file_name(format!(".{name}.{tag}-{}", std::process::id()))
}

/// Writes `files` as the complete contents of `out`, replacing what was there.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<WriteSummary, BuildError> {
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let staging = sibling(out, "staging");
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    fs::create_dir_all(&staging).map_err(io(&staging))?;
    let result = stage(out, &staging, files);
    let summary = match result {
        Ok(summary) => summary,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if out.exists() {
        let old = sibling(out, "old");
        if old.exists() {
            fs::remove_dir_all(&old).map_err(io(&old))?;
        }
        fs::rename(out, &old).map_err(io(out))?;
        if let Err(e) = fs::rename(&staging, out) {
            // Put the previous site back: a failed build never leaves a half-written one.
            let _ = fs::rename(&old, out);
            let _ = fs::remove_dir_all(&staging);
            return Err(io(out)(e));
        }
        fs::remove_dir_all(&old).map_err(io(&old))?;
    } else {
        fs::rename(&staging, out).map_err(io(out))?;
    }
    Ok(summary)
}

fn stage(out: &Path, staging: &Path, files: &[OutputFile]) -> Result<WriteSummary, BuildError> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| staging.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let changed: Vec<bool> = files
        .par_iter()
        .map(|f| {
            let target = staging.join(&f.path);
            let previous = out.join(&f.path);
            let same = fs::metadata(&previous).is_ok_and(|m| m.len() == f.bytes.len() as u64)
                && fs::read(&previous).is_ok_and(|old| old == f.bytes);
            // Unchanged bytes: link the previous file, which keeps its modification time.
            if same && fs::hard_link(&previous, &target).is_ok() {
                return Ok(false);
            }
            fs::write(&target, &f.bytes).map_err(io(&target))?;
            if same {
                if let Ok(modified) = fs::metadata(&previous).and_then(|m| m.modified()) {
                    let _ = fs::File::options()
                        .write(true)
                        .open(&target)
                        .and_then(|file| file.set_modified(modified));
                }
            }
            Ok(!same)
        })
        .collect::<Result<_, BuildError>>()?;
    Ok(WriteSummary {
        files: files.len(),
        bytes: files.iter().map(|f| f.bytes.len() as u64).sum(),
        changed: changed.iter().filter(|c| **c).count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_files_keep_their_time_and_stale_files_go() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(
            &out,
            &[
                OutputFile::new("a/index.html", "one"),
                OutputFile::new("stale.txt", "x"),
            ],
        )
        .unwrap();
        let before = fs::metadata(out.join("a/index.html"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let s = write_site(
            &out,
            &[
                OutputFile::new("a/index.html", "one"),
                OutputFile::new("b.txt", "two"),
            ],
        )
        .unwrap();
        assert_eq!((s.files, s.changed), (2, 1));
        assert_eq!(
            fs::metadata(out.join("a/index.html"))
                .unwrap()
                .modified()
                .unwrap(),
            before
        );
        assert!(!out.join("stale.txt").exists());
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "two");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }
}
