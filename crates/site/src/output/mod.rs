//! Outputs are plugins: each turns the site model into files. A new output touches no other.

mod assets;
mod data;
mod feed;
mod pages;
mod sitemap;

use crate::BuildError;
use crate::context::SiteModel;
use crate::theme::Templates;

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
    /// The theme.
    pub templates: &'a Templates,
    /// Called with (done, total) as pages are rendered.
    pub progress: &'a (dyn Fn(usize, usize) + Sync),
}

/// An output plugin.
pub trait Output: Sync {
    /// Short name, for timings and errors.
    fn name(&self) -> &'static str;

    /// The files this output contributes.
    fn render(&self, cx: &RenderContext<'_>) -> Result<Vec<OutputFile>, BuildError>;
}

/// The built-in outputs, in the order they run.
pub fn builtin() -> Vec<&'static dyn Output> {
    vec![
        &pages::Pages,
        &data::Data,
        &feed::Feed,
        &sitemap::Sitemap,
        &assets::Assets,
    ]
}

/// Escapes text for XML and HTML attributes.
pub(crate) fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}
