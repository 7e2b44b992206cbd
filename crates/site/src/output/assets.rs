//! The static files of every theme used, under `assets/<theme>/`.

use super::{Output, RenderContext};
use crate::error::BuildError;
use crate::write::{OutputFile, Sink};

/// Copies each theme's static files (on disk or built in), with the files it inherits.
pub(crate) struct Assets;

impl Output for Assets {
    fn name(&self) -> &'static str {
        "assets"
    }

    fn render(&self, cx: &RenderContext<'_>, sink: &dyn Sink) -> Result<(), BuildError> {
        if !cx.stale.assets() {
            return Ok(());
        }
        for (theme, files) in cx.themes.assets() {
            for (rel, file) in files {
                let bytes = file.read()?.into_owned();
                sink.emit(OutputFile::new(format!("assets/{theme}/{rel}"), bytes))?;
            }
        }
        Ok(())
    }
}
