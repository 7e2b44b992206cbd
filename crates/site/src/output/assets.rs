//! The theme's static files, under `assets/<theme>/`.

use super::{Output, OutputFile, RenderContext};
use crate::BuildError;

/// Copies the theme's `static/` folder.
pub(crate) struct Assets;

impl Output for Assets {
    fn name(&self) -> &'static str {
        "assets"
    }

    fn render(&self, cx: &RenderContext<'_>) -> Result<Vec<OutputFile>, BuildError> {
        let theme = &cx.templates.theme;
        cx.templates
            .static_files
            .iter()
            .map(|(rel, path)| {
                let bytes = std::fs::read(path).map_err(|e| BuildError::Io {
                    path: path.clone(),
                    message: e.to_string(),
                })?;
                Ok(OutputFile::new(format!("assets/{theme}/{rel}"), bytes))
            })
            .collect()
    }
}
