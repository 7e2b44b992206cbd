//! An update of a written site in place: each file whose bytes changed is written beside
//! its target and renamed over it on [`InPlace::commit`], so a page is never served
//! half-written and a render that fails leaves the site as it was. Memory stays flat.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use super::{Claims, OutputFile, Sink, same_bytes};
use crate::error::{BuildError, io};

/// A site being updated: changed files wait beside their targets until [`InPlace::commit`].
/// Dropped without a commit, it removes them and leaves the site alone.
#[derive(Debug)]
pub(crate) struct InPlace {
    out: PathBuf,
    claims: Claims,
    /// Each changed file: where it waits, and its path below the site.
    waiting: Mutex<Vec<(PathBuf, String)>>,
    removed: Mutex<Vec<String>>,
    pages: AtomicUsize,
    committed: bool,
}

/// What an update in place did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Patched {
    /// HTML pages rendered (written or found unchanged).
    pub(crate) pages: usize,
    /// Paths of the files written because their bytes changed (or they are new).
    pub(crate) written: Vec<String>,
    /// Files removed.
    pub(crate) removed: usize,
}

impl InPlace {
    /// Starts updating the site at `out`.
    pub(crate) fn new(out: &Path) -> InPlace {
        InPlace {
            out: out.to_owned(),
            claims: Claims::default(),
            waiting: Mutex::new(Vec::new()),
            removed: Mutex::new(Vec::new()),
            pages: AtomicUsize::new(0),
            committed: false,
        }
    }

    /// Puts every changed file in place and removes the removed ones.
    pub(crate) fn commit(self) -> Result<Patched, BuildError> {
        self.commit_except(&|_| false)
    }

    /// [`InPlace::commit`], leaving alone the files `keep` names (a newer version of them
    /// is already in place).
    pub(crate) fn commit_except(
        mut self,
        keep: &dyn Fn(&str) -> bool,
    ) -> Result<Patched, BuildError> {
        self.committed = true;
        let waiting = std::mem::take(
            self.waiting
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner),
        );
        let mut written = Vec::with_capacity(waiting.len());
        for (temporary, path) in waiting {
            if keep(&path) {
                let _ = fs::remove_file(&temporary);
                continue;
            }
            let target = self.out.join(&path);
            if let Err(e) = fs::rename(&temporary, &target) {
                let _ = fs::remove_file(&temporary);
                return Err(io(&target)(e));
            }
            written.push(path);
        }
        let mut removed = 0;
        for path in self
            .removed
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
        {
            let target = self.out.join(path);
            match fs::remove_file(&target) {
                Ok(()) => removed += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(&target)(e)),
            }
        }
        written.sort();
        Ok(Patched {
            pages: self.pages.load(Ordering::Relaxed),
            written,
            removed,
        })
    }
}

impl Drop for InPlace {
    fn drop(&mut self) {
        if !self.committed {
            let waiting = self
                .waiting
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner);
            for (temporary, _) in waiting.iter() {
                let _ = fs::remove_file(temporary);
            }
        }
    }
}

impl Sink for InPlace {
    fn emit(&self, file: OutputFile) -> Result<(), BuildError> {
        self.claims.claim(&file.path)?;
        if file.path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        let target = self.out.join(&file.path);
        if same_bytes(&target, &file.bytes) {
            return Ok(());
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let name = target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let temporary = target.with_file_name(format!(".{name}.ogi-tmp"));
        fs::write(&temporary, &file.bytes).map_err(io(&temporary))?;
        self.waiting
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((temporary, file.path));
        Ok(())
    }

    fn remove(&self, path: &str) -> Result<(), BuildError> {
        self.claims.claim(path)?;
        self.removed
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(path.to_owned());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_files_are_written_and_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::write(out.join("same.html"), "same").unwrap();
        fs::write(out.join("old.css"), "old").unwrap();
        fs::write(out.join("gone.txt"), "x").unwrap();
        let update = InPlace::new(out);
        update.emit(OutputFile::new("same.html", "same")).unwrap();
        update.emit(OutputFile::new("old.css", "new")).unwrap();
        update.emit(OutputFile::new("a/new.txt", "n")).unwrap();
        update.remove("gone.txt").unwrap();
        assert_eq!(fs::read_to_string(out.join("old.css")).unwrap(), "old");
        let done = update.commit().unwrap();
        assert_eq!(done.written, ["a/new.txt", "old.css"]);
        assert_eq!((done.pages, done.removed), (1, 1));
        assert_eq!(fs::read_to_string(out.join("old.css")).unwrap(), "new");
        assert!(!out.join("gone.txt").exists());
        let leftovers: Vec<_> = walkdir::WalkDir::new(out)
            .into_iter()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".ogi-tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn an_update_dropped_before_its_commit_leaves_the_site_alone() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.html"), "before").unwrap();
        let update = InPlace::new(dir.path());
        update.emit(OutputFile::new("a.html", "after")).unwrap();
        drop(update);
        assert_eq!(
            fs::read_to_string(dir.path().join("a.html")).unwrap(),
            "before"
        );
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
