//! The prose of a build's reports, kept on disk while the build runs: it is most of a
//! report's memory (11 KB of a generated report's ~14 KB), and a build holds every report
//! from the end of loading to the end of rendering. Each report's four prose fields are
//! written to an anonymous temporary file beside the site as soon as the report is
//! checked, and read back by the outputs that print them (the page, `report.json`, the
//! search text). The operating system keeps that file in its cache while there is room,
//! and can write it out when there is not: the build's own memory no longer grows with the
//! archive's prose.
//!
//! A live preview keeps its reports whole and has no store; nor does a build when the
//! file cannot be made (its reports then keep their prose).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use ogi_model::{Document, Text};

use crate::error::{BuildError, io};

/// Where one report's prose lies in the store: its offset, and the byte length of each
/// field in the order of [`Text::fields`].
#[derive(Clone, Copy, Debug)]
struct Slot {
    offset: u64,
    lens: [usize; 4],
}

/// The prose of a build's reports, on disk.
#[derive(Debug)]
pub(crate) struct ProseStore {
    /// An anonymous file: it disappears when the build ends, however it ends.
    file: File,
    /// Where the next report's prose goes.
    end: Mutex<u64>,
    /// Where each report's prose is, by the report's path.
    slots: Mutex<HashMap<PathBuf, Slot>>,
}

impl ProseStore {
    /// A store in the folder `dir` (the site's parent folder, which the build writes to
    /// anyway); `None` where it cannot be made, or where positioned I/O is not available.
    pub(crate) fn new(dir: &Path) -> Option<ProseStore> {
        if !cfg!(unix) || !dir.is_dir() {
            return None;
        }
        let file = tempfile::tempfile_in(dir).ok()?;
        Some(ProseStore {
            file,
            end: Mutex::new(0),
            slots: Mutex::new(HashMap::new()),
        })
    }

    /// Moves the prose of `doc` into the store, leaving its fields empty; leaves them as
    /// they are if the store cannot take them.
    pub(crate) fn shed(&self, doc: &mut Document) {
        let text = &doc.report.text;
        let fields = text.fields();
        let lens = fields.map(|(_, f)| f.len());
        let size: usize = lens.iter().sum();
        if size == 0 {
            return;
        }
        let mut bytes = Vec::with_capacity(size);
        for (_, field) in fields {
            bytes.extend_from_slice(field.as_bytes());
        }
        let offset = {
            let mut end = self.end.lock().unwrap_or_else(PoisonError::into_inner);
            let offset = *end;
            *end += size as u64;
            offset
        };
        if write_at(&self.file, &bytes, offset).is_err() {
            return;
        }
        self.slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(doc.path.clone(), Slot { offset, lens });
        let text = &mut doc.report.text;
        for field in [
            &mut text.preamble,
            &mut text.overview,
            &mut text.problems,
            &mut text.other_matters,
        ] {
            *field = String::new();
        }
    }

    /// The prose of `doc`: its own when it has any (a report read again in full, or one
    /// the store did not take), else what the store keeps of it.
    pub(crate) fn text<'a>(&self, doc: &'a Document) -> Result<Cow<'a, Text>, BuildError> {
        let text = &doc.report.text;
        if text.fields().iter().any(|(_, f)| !f.is_empty()) {
            return Ok(Cow::Borrowed(text));
        }
        let slot = self
            .slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&doc.path)
            .copied();
        let Some(slot) = slot else {
            return Ok(Cow::Borrowed(text));
        };
        let mut bytes = vec![0; slot.lens.iter().sum()];
        read_at(&self.file, &mut bytes, slot.offset).map_err(io(&doc.path))?;
        let mut fields = [(); 4].map(|()| String::new());
        let mut at = 0;
        for (field, len) in fields.iter_mut().zip(slot.lens) {
            // The bytes were a String's when written; a damaged store is an I/O error.
            *field = std::str::from_utf8(&bytes[at..at + len])
                .map_err(|e| io(&doc.path)(std::io::Error::other(e)))?
                .to_owned();
            at += len;
        }
        let [preamble, overview, problems, other_matters] = fields;
        Ok(Cow::Owned(Text {
            preamble,
            overview,
            problems,
            other_matters,
            headings: text.headings.clone(),
            extra_sections: text.extra_sections.clone(),
        }))
    }
}

/// The prose of `doc` from `store` if there is one, else its own.
pub(crate) fn text_of<'a>(
    store: Option<&ProseStore>,
    doc: &'a Document,
) -> Result<Cow<'a, Text>, BuildError> {
    match store {
        Some(store) => store.text(doc),
        None => Ok(Cow::Borrowed(&doc.report.text)),
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

#[cfg(unix)]
fn read_at(file: &File, bytes: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

#[cfg(not(unix))]
fn write_at(_: &File, _: &[u8], _: u64) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(not(unix))]
fn read_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_goes_to_disk_and_comes_back_whole() {
        let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/../../content");
        let archive = ogi_model::load_archive(Path::new(seed)).expect("the seed loads");
        let dir = tempfile::tempdir().expect("a folder");
        let store = ProseStore::new(dir.path()).expect("a store");
        let whole = archive.documents[0].clone();
        let mut shed = whole.clone();
        store.shed(&mut shed);
        assert!(
            shed.report.text.fields().iter().all(|(_, f)| f.is_empty()),
            "the prose left memory"
        );
        let back = store.text(&shed).expect("read back");
        assert!(matches!(back, Cow::Owned(_)));
        assert_eq!(*back, whole.report.text);
        // A report read again in full keeps its own prose; one without prose has nothing
        // stored and stays as it is.
        assert!(matches!(store.text(&whole), Ok(Cow::Borrowed(_))));
        let mut bare = whole.clone();
        bare.path = dir.path().join("bare.yaml");
        bare.report.text = Text::default();
        store.shed(&mut bare);
        assert_eq!(
            *store.text(&bare).expect("nothing to read"),
            Text::default()
        );
        // Nothing is left beside the site: the store's file has no name.
        assert_eq!(std::fs::read_dir(dir.path()).expect("listed").count(), 0);
    }
}
