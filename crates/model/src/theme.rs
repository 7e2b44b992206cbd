//! Theme manifests (`themes/<name>/theme.yaml`) and the values of theme options, which
//! `site.yaml` can set too.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::load::{LoadError, parse_yaml, read_text};

/// The file name of a theme's manifest inside its folder.
pub const THEME_MANIFEST: &str = "theme.yaml";

/// Theme options by name: a theme's defaults, or what `site.yaml` sets.
pub type ThemeOptions = BTreeMap<String, OptionValue>;

/// The value of a theme option: any YAML value without tags, such as a colour (text), a
/// switch, or a list of navigation links (a list of maps).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum OptionValue {
    /// `~` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Integer(i64),
    /// A decimal number.
    Float(f64),
    /// Text.
    Text(String),
    /// A list.
    List(Vec<OptionValue>),
    /// A map with text keys.
    Map(BTreeMap<String, OptionValue>),
}

// Like YAML's own values, a NaN option equals itself only as far as templates care; configs
// are compared whole (`SiteConfig: Eq`) to see whether they changed.
impl Eq for OptionValue {}

/// A theme's `theme.yaml`: its name, what it is for, its parent and its options.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeManifest {
    /// The theme's name; the same as its folder's.
    pub name: String,
    /// One line on what the theme looks like or is for.
    #[serde(default)]
    pub description: String,
    /// The parent theme, whose templates and static files this one falls back to.
    #[serde(default)]
    pub extends: Option<String>,
    /// The options the theme declares, with their defaults.
    #[serde(default)]
    pub options: ThemeOptions,
}

/// Loads a theme manifest file.
pub fn load_theme_manifest(path: &Path) -> Result<ThemeManifest, LoadError> {
    let text = read_text(path)?;
    parse_theme_manifest(path, &text)
}

/// Parses the text of a theme manifest; `path` names it in errors (a manifest built into
/// the binary has no file of its own).
pub fn parse_theme_manifest(path: &Path, text: &str) -> Result<ThemeManifest, LoadError> {
    parse_yaml::<ThemeManifest>(path, text).map_err(|mut e| {
        e.help = Some(if e.message.en.contains("missing field") {
            crate::Message::new(
                "a theme.yaml needs at least `name:` (the folder's name); docs/themes.md shows a complete one",
                "theme.yaml 至少要有 `name:`（即文件夹名）；docs/themes.md 有完整的示例",
            )
        } else {
            let help = e.help.unwrap_or_default();
            let docs = |t: &str| t.replace("docs/content-format.md", "docs/themes.md");
            crate::Message::new(docs(&help.en), docs(&help.zh))
        });
        e
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_with_every_kind_of_option_loads() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(THEME_MANIFEST);
        std::fs::write(
            &path,
            "name: mine\ndescription: 我的主题\nextends: official\noptions:\n  accent: '#003366'\n  wide: true\n  columns: 3\n  scale: 1.25\n  logo: ~\n  nav_links:\n    - {name: 首页, url: /}\n",
        )
        .expect("write");
        let m = load_theme_manifest(&path).expect("loads");
        assert_eq!(m.name, "mine");
        assert_eq!(m.extends.as_deref(), Some("official"));
        assert_eq!(m.options["accent"], OptionValue::Text("#003366".into()));
        assert_eq!(m.options["wide"], OptionValue::Bool(true));
        assert_eq!(m.options["columns"], OptionValue::Integer(3));
        assert_eq!(m.options["scale"], OptionValue::Float(1.25));
        assert_eq!(m.options["logo"], OptionValue::Null);
        let OptionValue::List(links) = &m.options["nav_links"] else {
            panic!("a list: {:?}", m.options["nav_links"]);
        };
        assert_eq!(
            links[0],
            OptionValue::Map(BTreeMap::from([
                ("name".to_owned(), OptionValue::Text("首页".into())),
                ("url".to_owned(), OptionValue::Text("/".into())),
            ]))
        );
    }

    #[test]
    fn an_unknown_key_is_named_with_a_suggestion() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(THEME_MANIFEST);
        std::fs::write(&path, "name: mine\nextend: official\n").expect("write");
        let e = load_theme_manifest(&path).expect_err("unknown key");
        let text = e.to_string();
        assert!(text.contains("extend"), "{text}");
        assert!(text.contains("extends"), "a suggestion: {text}");
        std::fs::write(&path, "description: x\n").expect("write");
        let e = load_theme_manifest(&path).expect_err("missing name");
        assert!(e.to_string().contains("`name`"), "{e}");
    }
}
