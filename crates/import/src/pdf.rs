//! PDF reports: not read yet. pdf-extract was measured on a WPS-made sample and gives the
//! Chinese text right with glyph positions (see docs/import.md), but rebuilding the tables
//! from positions is not written yet, so a PDF is refused with what to do instead.

use std::path::Path;

use crate::ImportError;
use crate::page::Page;

/// Reads a PDF's text layer: for now, a clear refusal.
pub(crate) fn read(path: &Path, _bytes: &[u8]) -> Result<Page, ImportError> {
    Err(ImportError::Pdf {
        path: path.to_owned(),
        why: "PDF reports are not read yet".into(),
    })
}
