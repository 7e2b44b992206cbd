//! The live site's check of itself ([`LiveOptions::verify`](super::LiveOptions)): after an
//! incremental render, everything is checked and rendered again from scratch, into memory,
//! and compared with the site on disk. On any difference the full render is written and
//! the differences are reported, so a wrong decision shows and never stays.

use std::collections::BTreeMap;

use super::LiveSite;
use crate::engine;
use crate::error::BuildError;
use crate::write::{MemorySink, write_site};

impl LiveSite {
    /// Renders everything from scratch and compares it with the site on disk; writes it
    /// if they differ. Returns the differing paths (and `diagnostics` if the cached
    /// findings differed from a fresh check).
    pub(super) fn verify(&mut self) -> Result<Vec<String>, BuildError> {
        let mut mismatched = Vec::new();
        let fresh = ogi_validate::check(&self.content.loaded.archive);
        if fresh != self.content.loaded.diagnostics {
            mismatched.push("diagnostics".to_owned());
            self.content.loaded.diagnostics = fresh;
        }
        let sink = MemorySink::default();
        let loaded = &self.content.loaded;
        engine::render_all(
            &loaded.archive,
            &loaded.diagnostics,
            loaded.prose.as_ref(),
            &self.options,
            &sink,
            &|_, _| {},
        )?;
        let files = sink.into_files();
        let out = &self.options.project.output;
        let mut on_disk: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for entry in walkdir::WalkDir::new(out)
            .into_iter()
            .filter_map(Result::ok)
        {
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(out) else {
                continue;
            };
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if rel == ogi_model::SITE_MARKER {
                continue;
            }
            on_disk.insert(rel, std::fs::read(entry.path()).unwrap_or_default());
        }
        for f in &files {
            match on_disk.remove(&f.path) {
                Some(bytes) if bytes == f.bytes => {}
                _ => mismatched.push(f.path.clone()),
            }
        }
        mismatched.extend(on_disk.into_keys());
        if !mismatched.is_empty() {
            write_site(out, files)?;
            // What the site was rendered from is no longer known: render in full next time.
            self.record = None;
            self.memory.clear();
        }
        Ok(mismatched)
    }
}
