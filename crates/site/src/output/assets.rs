//! The theme's static files, under `assets/<theme>/`.

use super::{Output, OutputFile, RenderContext, Sink};
use crate::BuildError;

/// Copies the theme's `static/` folder.
pub(crate) struct Assets;

impl Output for Assets {
    fn name(&self) -> &'static str {
        "assets"
    }

    fn render(&self, cx: &RenderContext<'_>, sink: &dyn Sink) -> Result<(), BuildError> {
        if !cx.scope.assets() {
            return Ok(());
        }
        let theme = &cx.templates.theme;
        for (rel, path) in &cx.templates.static_files {
            let bytes = std::fs::read(path).map_err(|e| BuildError::Io {
                path: path.clone(),
                message: e.to_string(),
            })?;
            sink.emit(OutputFile::new(format!("assets/{theme}/{rel}"), bytes))?;
        }
        Ok(())
    }
}
