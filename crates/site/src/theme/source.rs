//! Where a theme's file comes from: a folder on disk, or the themes built into the binary.
//! Every reader of a template or a static file goes through [`ThemeFile`], so a site is the
//! same byte for byte whichever the file came from.

use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;

use crate::error::{BuildError, io};

/// One file of a theme: on disk, or built into the binary.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ThemeFile {
    /// A file on disk, such as `themes/official/templates/report.html`.
    Disk(PathBuf),
    /// A file of a built-in theme.
    Embedded {
        /// Its path below `themes/` in the repository, such as `official/static/style.css`.
        path: &'static str,
        /// Its bytes.
        bytes: &'static [u8],
    },
}

impl ThemeFile {
    /// The file's bytes.
    pub(crate) fn read(&self) -> Result<Cow<'static, [u8]>, BuildError> {
        match self {
            ThemeFile::Disk(path) => std::fs::read(path).map(Cow::Owned).map_err(io(path)),
            ThemeFile::Embedded { bytes, .. } => Ok(Cow::Borrowed(bytes)),
        }
    }

    /// The file's text (a template's source).
    pub(crate) fn read_to_string(&self) -> Result<String, BuildError> {
        match self {
            ThemeFile::Disk(path) => std::fs::read_to_string(path).map_err(io(path)),
            ThemeFile::Embedded { bytes, .. } => {
                String::from_utf8(bytes.to_vec()).map_err(|e| BuildError::Io {
                    path: PathBuf::from(self.to_string()),
                    source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
                })
            }
        }
    }

    /// The file on disk, if it is one.
    #[cfg(test)]
    pub(crate) fn disk_path(&self) -> Option<&std::path::Path> {
        match self {
            ThemeFile::Disk(path) => Some(path),
            ThemeFile::Embedded { .. } => None,
        }
    }

    /// Whether it is built into the binary.
    #[cfg(test)]
    pub(crate) fn is_embedded(&self) -> bool {
        matches!(self, ThemeFile::Embedded { .. })
    }
}

/// The file as errors name it: its path, or `(built-in) official/templates/report.html`.
impl fmt::Display for ThemeFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ThemeFile::Disk(path) => write!(f, "{}", path.display()),
            ThemeFile::Embedded { path, .. } => write!(f, "{BUILT_IN_LABEL} {path}"),
        }
    }
}

/// How messages mark a path of a built-in theme.
pub(crate) const BUILT_IN_LABEL: &str = "(built-in)";
