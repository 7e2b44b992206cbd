//! Where outputs put their files: a [`Sink`]. One writer for the build and the live
//! preview, with the same rules for both: every path is a plain relative path that stays
//! inside the site folder, and no two outputs write the same file.
//!
//! - [`Staging`] writes a whole site into a folder beside the target and swaps it in (a
//!   build, and a preview's full render);
//! - [`InPlace`] replaces single files of a site by renames (a preview's update);
//! - [`MemorySink`] keeps the files in memory (tests, and the preview's check of itself).

mod in_place;
mod staging;

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path};
use std::sync::{Mutex, PoisonError};

use crate::error::{BuildError, io};

pub(crate) use in_place::InPlace;
pub(crate) use staging::Staging;

/// A file the build produces: its path below the site folder and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// `/`-separated path below the output folder, such as `reports/x/2020/index.html`.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl OutputFile {
    /// A file at `path` with `bytes`.
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// Where outputs put their files.
pub(crate) trait Sink: Sync {
    /// Takes one file; fails if its path leaves the site or another output already wrote it.
    fn emit(&self, file: OutputFile) -> Result<(), BuildError>;

    /// Records that the file at `path` no longer exists (an update in place only: a site
    /// written whole holds only what was emitted).
    fn remove(&self, path: &str) -> Result<(), BuildError>;

    /// Takes one file that `write` writes in pieces. By default the pieces are gathered
    /// and [`Sink::emit`]ted; a sink that writes a whole site to disk streams them, so a
    /// large file (`data/table3.csv`: 55 MB at 10,000 reports) is never whole in memory.
    fn emit_streamed(&self, path: &str, write: &mut StreamFn<'_>) -> Result<(), BuildError> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(io(Path::new(path)))?;
        self.emit(OutputFile::new(path, bytes))
    }
}

/// Writes a file's bytes in pieces, for [`Sink::emit_streamed`].
pub(crate) type StreamFn<'a> = dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()> + 'a;

/// Whether `path` is a plain relative path that stays inside the site.
fn is_safe(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// The paths one render wrote: each inside the site, each once.
#[derive(Debug, Default)]
struct Claims(Mutex<HashSet<String>>);

impl Claims {
    /// Claims `path` for one file; fails if it leaves the site or was claimed before.
    fn claim(&self, path: &str) -> Result<(), BuildError> {
        if !is_safe(path) {
            return Err(BuildError::Escape {
                path: path.to_owned(),
            });
        }
        let fresh = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.to_owned());
        if fresh {
            Ok(())
        } else {
            Err(BuildError::Collision {
                path: path.to_owned(),
            })
        }
    }
}

/// Collects files in memory.
#[derive(Debug, Default)]
pub(crate) struct MemorySink {
    claims: Claims,
    files: Mutex<Vec<OutputFile>>,
}

impl MemorySink {
    /// The files, sorted by path.
    pub(crate) fn into_files(self) -> Vec<OutputFile> {
        let mut files = self
            .files
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

impl Sink for MemorySink {
    fn emit(&self, file: OutputFile) -> Result<(), BuildError> {
        self.claims.claim(&file.path)?;
        self.files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(file);
        Ok(())
    }

    /// Memory holds only what was emitted, so a removal is already done.
    fn remove(&self, _path: &str) -> Result<(), BuildError> {
        Ok(())
    }
}

/// Whether the files at `a` and `b` hold the same bytes, read in chunks.
pub(crate) fn same_files(a: &Path, b: &Path) -> bool {
    use std::io::Read;
    let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) else {
        return false;
    };
    if ma.len() != mb.len() {
        return false;
    }
    let (Ok(mut fa), Ok(mut fb)) = (fs::File::open(a), fs::File::open(b)) else {
        return false;
    };
    let mut ca = vec![0u8; 64 * 1024];
    let mut cb = vec![0u8; 64 * 1024];
    loop {
        match fa.read(&mut ca) {
            Ok(0) => return fb.read(&mut cb).is_ok_and(|n| n == 0),
            Ok(n) => {
                if fb.read_exact(&mut cb[..n]).is_err() || ca[..n] != cb[..n] {
                    return false;
                }
            }
            Err(_) => return false,
        }
    }
}

/// Whether the file at `path` holds exactly `bytes`, read in chunks so memory stays flat.
pub(crate) fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    if fs::metadata(path).map_or(true, |m| m.len() != bytes.len() as u64) {
        return false;
    }
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    let mut chunk = vec![0u8; 64 * 1024];
    let mut at = 0;
    loop {
        match file.read(&mut chunk) {
            Ok(0) => return at == bytes.len(),
            Ok(n) if bytes.get(at..at + n) == Some(&chunk[..n]) => at += n,
            _ => return false,
        }
    }
}

/// Writes `files` as the complete contents of `out`, replacing what was there.
pub(crate) fn write_site(
    out: &Path,
    files: Vec<OutputFile>,
) -> Result<staging::WriteSummary, BuildError> {
    let staging = Staging::new(out)?;
    for file in files {
        staging.emit(file)?;
    }
    staging.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sink_refuses_escapes_and_collisions() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(&site).unwrap();
        let staging = Staging::new(&dir.path().join("staged")).unwrap();
        let in_place = InPlace::new(&site);
        let memory = MemorySink::default();
        let sinks: [&dyn Sink; 3] = [&staging, &in_place, &memory];
        for sink in sinks {
            sink.emit(OutputFile::new("a.html", "1")).unwrap();
            assert!(matches!(
                sink.emit(OutputFile::new("a.html", "2")),
                Err(BuildError::Collision { .. })
            ));
            for bad in ["../evil", "/abs", "", "a/../../b", "./x"] {
                assert!(
                    matches!(
                        sink.emit(OutputFile::new(bad, "x")),
                        Err(BuildError::Escape { .. })
                    ),
                    "{bad:?}"
                );
            }
        }
        assert!(in_place.remove("../outside").is_err());
        drop(in_place);
        assert!(!dir.path().join("evil").exists());
        assert_eq!(fs::read_dir(&site).unwrap().count(), 0, "nothing committed");
    }
}
