//! PDF reports: not read yet (see docs/import.md).

use std::path::Path;

use crate::ImportError;
use crate::page::Page;

/// Reads a PDF's text layer.
pub(crate) fn read(path: &Path, _bytes: &[u8]) -> Result<Page, ImportError> {
    Err(ImportError::Pdf {
        path: path.to_owned(),
        why: "reading PDF tables is not implemented yet".into(),
    })
}
