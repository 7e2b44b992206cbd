//! The themes built into the binary: every file of the repository's `themes/` folder,
//! embedded at compile time by `build.rs`, sorted by path.

use std::collections::BTreeMap;

use super::source::ThemeFile;

include!(concat!(env!("OUT_DIR"), "/embedded_themes.rs"));

/// The names of the built-in themes: `official` (the default) first, then the others by name.
pub(crate) fn names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = EMBEDDED
        .iter()
        .filter_map(|(path, _)| path.split_once('/').map(|(theme, _)| theme))
        .collect();
    names.dedup();
    names.sort_by_key(|n| (*n != "official", *n));
    names
}

/// Whether `name` is a built-in theme.
pub(crate) fn has(name: &str) -> bool {
    files(name, "").next().is_some()
}

/// The files of built-in theme `name` below `sub` (`templates`, `static`, or `""` for
/// all): their paths below `sub`, in order.
pub(crate) fn files<'a>(
    name: &'a str,
    sub: &'a str,
) -> impl Iterator<Item = (&'static str, ThemeFile)> + 'a {
    EMBEDDED.iter().filter_map(move |(path, bytes)| {
        let rest = path.strip_prefix(name)?.strip_prefix('/')?;
        let rel = if sub.is_empty() {
            rest
        } else {
            rest.strip_prefix(sub)?.strip_prefix('/')?
        };
        Some((rel, ThemeFile::Embedded { path, bytes }))
    })
}

/// The files of built-in theme `name` below `sub`, by path below `sub`.
pub(crate) fn files_by_path(name: &str, sub: &str) -> BTreeMap<String, ThemeFile> {
    files(name, sub)
        .map(|(rel, file)| (rel.to_owned(), file))
        .collect()
}

/// One file of built-in theme `name`, by its path inside the theme (`theme.yaml`).
pub(crate) fn file(name: &str, rel: &str) -> Option<ThemeFile> {
    files(name, "").find_map(|(r, file)| (r == rel).then_some(file))
}
