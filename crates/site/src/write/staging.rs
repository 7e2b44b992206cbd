//! A whole site written at once: each file goes straight into a staging folder beside the
//! target, which is swapped in only when every output succeeded. Files whose bytes did not
//! change keep their modification time. Memory stays flat however large the archive.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use super::{Claims, OutputFile, Sink, StreamFn, same_bytes, same_files};
use crate::error::{BuildError, io};
use crate::site_dir::{mark, sibling, sweep_leftovers};

/// What writing did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct WriteSummary {
    /// Files written.
    pub(crate) files: usize,
    /// Their total size.
    pub(crate) bytes: u64,
    /// Files whose bytes changed (or are new).
    pub(crate) changed: usize,
    /// HTML pages among the files.
    pub(crate) pages: usize,
    /// Files of the previous site that the new one no longer has.
    pub(crate) removed: usize,
}

/// How many files under `old` have no counterpart under `new`.
fn gone(old: &Path, new: &Path) -> usize {
    walkdir::WalkDir::new(old)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter(|e| {
            e.path()
                .strip_prefix(old)
                .is_ok_and(|rel| fs::symlink_metadata(new.join(rel)).is_err())
        })
        .count()
}

/// A site being written: files land in a staging folder until [`Staging::commit`].
/// Dropped without a commit, it removes the staging folder and leaves the site alone.
#[derive(Debug)]
pub(crate) struct Staging {
    out: PathBuf,
    staging: PathBuf,
    claims: Claims,
    /// Whether there is a previous site to compare files with (none on a first build).
    previous: bool,
    /// Folders made so far, below the staging folder: a site has ~7 files per folder, and
    /// asking the kernel for each folder again was ~3% of a build's time.
    folders: Mutex<HashSet<String>>,
    files: AtomicUsize,
    pages: AtomicUsize,
    bytes: AtomicU64,
    changed: AtomicUsize,
    committed: bool,
}

impl Staging {
    /// Starts writing a new version of the site at `out`.
    pub(crate) fn new(out: &Path) -> Result<Staging, BuildError> {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        sweep_leftovers(out);
        let staging = sibling(out, "staging");
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(io(&staging))?;
        }
        fs::create_dir_all(&staging).map_err(io(&staging))?;
        mark(&staging, out).map_err(io(&staging))?;
        Ok(Staging {
            out: out.to_owned(),
            staging,
            claims: Claims::default(),
            previous: out.is_dir(),
            folders: Mutex::default(),
            files: AtomicUsize::new(0),
            pages: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            changed: AtomicUsize::new(0),
            committed: false,
        })
    }

    /// Swaps the staged site in place of the old one.
    pub(crate) fn commit(mut self) -> Result<WriteSummary, BuildError> {
        let out = self.out.clone();
        let mut removed = 0;
        if out.exists() {
            removed = gone(&out, &self.staging);
            let old = sibling(&out, "old");
            if old.exists() {
                fs::remove_dir_all(&old).map_err(io(&old))?;
            }
            fs::rename(&out, &old).map_err(io(&out))?;
            if let Err(e) = fs::rename(&self.staging, &out) {
                // Put the previous site back: a failed build never leaves a half-written one.
                let _ = fs::rename(&old, &out);
                return Err(io(&out)(e));
            }
            self.committed = true;
            fs::remove_dir_all(&old).map_err(io(&old))?;
        } else {
            fs::rename(&self.staging, &out).map_err(io(&out))?;
            self.committed = true;
        }
        Ok(WriteSummary {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            changed: self.changed.load(Ordering::Relaxed),
            pages: self.pages.load(Ordering::Relaxed),
            removed,
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

impl Staging {
    /// Where the file at `path` is staged, its folder made.
    fn staged(&self, path: &str) -> Result<PathBuf, BuildError> {
        if let Some((folder, _)) = path.rsplit_once('/') {
            let made = self
                .folders
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .contains(folder);
            if !made {
                let parent = self.staging.join(folder);
                fs::create_dir_all(&parent).map_err(io(&parent))?;
                self.folders
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .insert(folder.to_owned());
            }
        }
        Ok(self.staging.join(path))
    }

    /// Counts a file of `size` bytes at `path` as written.
    fn count(&self, path: &str, size: u64) {
        self.files.fetch_add(1, Ordering::Relaxed);
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.bytes.fetch_add(size, Ordering::Relaxed);
    }
}

impl Sink for Staging {
    fn emit(&self, file: OutputFile) -> Result<(), BuildError> {
        self.claims.claim(&file.path)?;
        let target = self.staged(&file.path)?;
        let previous = self.out.join(&file.path);
        let same = self.previous && same_bytes(&previous, &file.bytes);
        // Unchanged bytes: link the previous file, which keeps its modification time.
        if !(same && fs::hard_link(&previous, &target).is_ok()) {
            fs::write(&target, &file.bytes).map_err(io(&target))?;
            if same {
                if let Ok(modified) = fs::metadata(&previous).and_then(|m| m.modified()) {
                    let _ = fs::File::options()
                        .write(true)
                        .open(&target)
                        .and_then(|f| f.set_modified(modified));
                }
            } else {
                self.changed.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.count(&file.path, file.bytes.len() as u64);
        Ok(())
    }

    fn emit_streamed(&self, path: &str, write: &mut StreamFn<'_>) -> Result<(), BuildError> {
        self.claims.claim(path)?;
        let target = self.staged(path)?;
        let mut file = std::io::BufWriter::with_capacity(
            256 * 1024,
            fs::File::create(&target).map_err(io(&target))?,
        );
        write(&mut file).map_err(io(&target))?;
        let file = file.into_inner().map_err(|e| io(&target)(e.into_error()))?;
        let size = file.metadata().map_err(io(&target))?.len();
        drop(file);
        let previous = self.out.join(path);
        if self.previous && same_files(&previous, &target) {
            // Unchanged bytes: link the previous file instead, which keeps its modification
            // time (a copy if the link fails: the bytes are what matter).
            fs::remove_file(&target).map_err(io(&target))?;
            if fs::hard_link(&previous, &target).is_err() {
                fs::copy(&previous, &target).map_err(io(&target))?;
            }
        } else {
            self.changed.fetch_add(1, Ordering::Relaxed);
        }
        self.count(path, size);
        Ok(())
    }

    /// A staged site holds only what was emitted, so a removal is already done.
    fn remove(&self, _path: &str) -> Result<(), BuildError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::write_site;

    #[test]
    fn unchanged_files_keep_their_time_and_stale_files_go() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(
            &out,
            vec![
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
            vec![
                OutputFile::new("a/index.html", "one"),
                OutputFile::new("b.txt", "two"),
            ],
        )
        .unwrap();
        assert_eq!((s.files, s.changed, s.pages, s.removed), (2, 1, 1, 1));
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

    #[test]
    fn collisions_and_escapes_are_refused_and_nothing_is_left_behind() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let staging = Staging::new(&out).unwrap();
        staging.emit(OutputFile::new("a.html", "1")).unwrap();
        assert!(matches!(
            staging.emit(OutputFile::new("a.html", "2")),
            Err(BuildError::Collision { .. })
        ));
        assert!(staging.emit(OutputFile::new("../evil", "x")).is_err());
        assert!(staging.emit(OutputFile::new("/abs", "x")).is_err());
        drop(staging);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            0,
            "the staging folder is removed"
        );
    }
}
