//! The static files of every theme used, under `assets/<theme>/`.

use std::collections::BTreeSet;

use super::{Output, RenderContext};
use crate::error::BuildError;
use crate::write::{OutputFile, Sink};

/// Copies each theme's static files (on disk or built in), with the files it inherits.
pub(crate) struct Assets;

/// The paths of the static files a live preview wrote last.
struct Written(BTreeSet<String>);

impl Output for Assets {
    fn name(&self) -> &'static str {
        "assets"
    }

    fn render(&self, cx: &RenderContext<'_>, sink: &dyn Sink) -> Result<(), BuildError> {
        if !cx.stale.assets() {
            return Ok(());
        }
        let mut written = BTreeSet::new();
        for (theme, files) in cx.themes.assets() {
            for (rel, file) in files {
                let bytes = file.read()?.into_owned();
                let path = format!("assets/{theme}/{rel}");
                written.insert(path.clone());
                sink.emit(OutputFile::new(path, bytes))?;
            }
        }
        if let Some(memory) = cx.memory {
            // A file a theme no longer has (a stylesheet deleted) goes from the preview too.
            if let Some(Written(before)) = memory.take::<Written>(self.name()) {
                if !cx.stale.is_everything() {
                    for path in before.difference(&written) {
                        sink.remove(path)?;
                    }
                }
            }
            memory.put(self.name(), Written(written));
        }
        Ok(())
    }
}
