//! `ogi theme eject`: a built-in theme's files written into `themes/<name>`, to edit.

use std::io::Write;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::chain::known_text;
use super::embedded;
use crate::error::{BuildError, io};

/// The first file below `dir`, at any depth, if there is one.
fn first_file(dir: &Path) -> Option<PathBuf> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .find(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
}

/// Writes every file of built-in theme `name` into `themes_dir/name`, where they override
/// the built-in ones. Refuses, writing nothing, if that folder has any file; writes over
/// nothing. Returns the files written.
pub fn eject_theme(themes_dir: &Path, name: &str) -> Result<Vec<PathBuf>, BuildError> {
    let error = |message: String| BuildError::Theme {
        name: name.to_owned(),
        message,
    };
    let files: Vec<_> = embedded::files(name, "").collect();
    if files.is_empty() {
        return Err(error(format!(
            "no built-in theme named `{name}`: {}",
            known_text(themes_dir)
        )));
    }
    let dir = themes_dir.join(name);
    if let Some(file) = first_file(&dir) {
        return Err(error(format!(
            "{} already has files ({}): ejecting would write over them. Move the folder away (or delete it) and eject again; to change single files, edit them there instead",
            dir.display(),
            file.display()
        )));
    }
    let existed = dir.is_dir();
    std::fs::create_dir_all(themes_dir).map_err(io(themes_dir))?;
    if !existed {
        // `create_dir` (not `_all`) fails if another process made the folder meanwhile.
        std::fs::create_dir(&dir).map_err(io(&dir))?;
    }
    let mut written = Vec::new();
    let result = (|| {
        for (rel, file) in &files {
            let path = rel.split('/').fold(dir.clone(), |p, part| p.join(part));
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder).map_err(io(folder))?;
            }
            let bytes = file.read()?;
            // `create_new`: never write over a file that appeared meanwhile.
            let mut out = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
                .map_err(io(&path))?;
            written.push(path.clone());
            out.write_all(&bytes).map_err(io(&path))?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        // Take back what was written: the folder if it is ours, else the files.
        if existed {
            for path in &written {
                let _ = std::fs::remove_file(path);
            }
        } else {
            let _ = std::fs::remove_dir_all(&dir);
        }
        return Err(e);
    }
    Ok(written)
}
