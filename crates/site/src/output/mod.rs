//! Outputs are plugins: each turns the site model into files. A new output touches no other.

mod assets;
mod data;
mod feed;
mod pages;
mod search;
mod sitemap;

use std::any::Any;
use std::collections::HashMap;
use std::sync::Mutex;

use crate::BuildError;
use crate::context::SiteModel;
use crate::scope::Scope;
use crate::theme::Themes;

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

/// What an output reads.
pub struct RenderContext<'a> {
    /// The site's data.
    pub model: &'a SiteModel<'a>,
    /// The themes, and which pages use which.
    pub themes: &'a Themes,
    /// Called with (done, total) as pages are rendered.
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
    /// What to render: everything for a build, the changed parts for a live preview.
    pub scope: &'a Scope,
    /// State an output keeps between renders of a live preview (none in a build).
    pub memory: Option<&'a OutputMemory>,
}

/// What outputs remember between the renders of a live preview, each under its own name,
/// so that the next render can update instead of starting over (the search index does).
#[derive(Default)]
pub struct OutputMemory {
    slots: Mutex<HashMap<&'static str, Box<dyn Any + Send>>>,
}

impl std::fmt::Debug for OutputMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutputMemory").finish_non_exhaustive()
    }
}

impl OutputMemory {
    /// Takes what the output `name` stored, if it is a `T`.
    pub fn take<T: Any>(&self, name: &'static str) -> Option<T> {
        let mut slots = self
            .slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let boxed = slots.remove(name)?;
        boxed.downcast::<T>().ok().map(|b| *b)
    }

    /// Stores `value` for the output `name`'s next render.
    pub fn put<T: Any + Send>(&self, name: &'static str, value: T) {
        self.slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(name, Box::new(value));
    }

    /// Forgets everything (after a failed render, state may be half-updated).
    pub fn clear(&self) {
        self.slots
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }
}

/// Where outputs put their files: the staging folder of a build, or memory.
pub trait Sink: Sync {
    /// Takes one file; fails if another output already wrote the same path.
    fn emit(&self, file: OutputFile) -> Result<(), BuildError>;

    /// Records that the file at `path` no longer exists (an incremental render only).
    fn remove(&self, path: &str) -> Result<(), BuildError>;
}

/// Collects files in memory (for previews and tests).
#[derive(Debug, Default)]
pub struct MemorySink {
    files: std::sync::Mutex<Vec<OutputFile>>,
    removed: std::sync::Mutex<Vec<String>>,
}

impl MemorySink {
    /// The files, sorted by path, and the paths removed.
    pub fn into_parts(self) -> (Vec<OutputFile>, Vec<String>) {
        let removed = self
            .removed
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut files = self
            .files
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        (files, removed)
    }

    /// The files, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        self.into_parts().0
    }
}

impl Sink for MemorySink {
    fn emit(&self, file: OutputFile) -> Result<(), BuildError> {
        let mut files = self
            .files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if files.iter().any(|f| f.path == file.path) {
            return Err(BuildError::Collision { path: file.path });
        }
        files.push(file);
        Ok(())
    }

    fn remove(&self, path: &str) -> Result<(), BuildError> {
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .retain(|f| f.path != path);
        self.removed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(path.to_owned());
        Ok(())
    }
}

/// An output plugin.
pub trait Output: Sync {
    /// Short name, for timings and errors.
    fn name(&self) -> &'static str;

    /// Renders this output's files into `sink`.
    fn render(&self, cx: &RenderContext<'_>, sink: &dyn Sink) -> Result<(), BuildError>;
}

/// The built-in outputs, in the order they run.
pub fn builtin() -> Vec<&'static dyn Output> {
    vec![
        &pages::Pages,
        &data::Data,
        &feed::Feed,
        &sitemap::Sitemap,
        &assets::Assets,
        &search::Search,
    ]
}

/// Escapes text for XML and HTML, attributes included.
pub fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}
