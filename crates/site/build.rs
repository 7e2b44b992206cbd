//! Embeds the repository's `themes/` folder (`official`, `contrast`) in the crate, so an
//! installed `ogi` builds a site from `content/` alone. Writes `embedded_themes.rs` into
//! `OUT_DIR`: one `(path below themes/, include_bytes!(file))` entry per file, sorted by
//! path. Hidden files and editor backups are skipped, as the theme loader skips them.

use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Every file below `dir`, at any depth, following links: (`/`-separated path, file).
fn walk(dir: &Path, rel: &str, out: &mut Vec<(String, PathBuf)>) -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed={}", dir.display());
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        let meta = std::fs::metadata(&path)?;
        if meta.is_dir() {
            walk(&path, &rel, out)?;
        } else if meta.is_file() && !name.starts_with('.') && !name.ends_with('~') {
            println!("cargo:rerun-if-changed={}", path.display());
            out.push((rel, path));
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR")?;
    let themes = Path::new(&manifest_dir).join("../../themes");
    let themes = themes.canonicalize().map_err(|e| {
        format!(
            "the built-in themes are read from {}: {e}",
            themes.display()
        )
    })?;
    let mut files = Vec::new();
    walk(&themes, "", &mut files)?;
    files.sort();
    let mut code = String::from(
        "/// Every file of the built-in themes: its path below `themes/` and its bytes.\n\
         pub(crate) static EMBEDDED: &[(&str, &[u8])] = &[\n",
    );
    for (rel, path) in &files {
        let path = path
            .to_str()
            .ok_or_else(|| format!("{}: the path is not UTF-8", path.display()))?;
        writeln!(code, "    ({rel:?}, include_bytes!({path:?})),")?;
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR")?).join("embedded_themes.rs");
    std::fs::write(out, code)?;
    Ok(())
}
