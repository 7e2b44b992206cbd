//! The site configuration: `site.yaml` at the root of the content folder.

use std::path::Path;

use serde::Deserialize;

use crate::load::{LoadError, parse_yaml, read_text};
use crate::theme::ThemeOptions;

/// The file name of the site configuration inside the content folder.
pub const CONFIG_FILE: &str = "site.yaml";

/// The archive's configuration: title, default theme and districts.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The archive's title.
    pub title: String,
    /// A sentence under the title.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the site will be served from, such as `/` or `/reports/`.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// The default theme, for city-wide pages and districts without their own.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Values for the options the themes declare, for every page (a district can override).
    #[serde(default)]
    pub theme_options: ThemeOptions,
    /// The districts the archive covers.
    #[serde(default)]
    pub districts: Vec<District>,
}

/// A district (区县) of the archive.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct District {
    /// URL-safe name, such as `gulou`.
    pub slug: String,
    /// Name, such as `鼓楼区`.
    pub name: String,
    /// Region path down to the district: `[福建省, 福州市, 鼓楼区]`.
    pub region: Vec<String>,
    /// The district's theme, if it differs from the default.
    #[serde(default)]
    pub theme: Option<String>,
    /// Values for theme options on this district's pages, over the site's.
    #[serde(default)]
    pub theme_options: ThemeOptions,
}

fn default_base_url() -> String {
    "/".to_owned()
}

fn default_theme() -> String {
    "official".to_owned()
}

/// Loads a site configuration file.
pub fn load_config(path: &Path) -> Result<SiteConfig, LoadError> {
    let text = read_text(path)?;
    parse_config(path, &text)
}

/// Parses the text of a site configuration read from `path`, and checks its links and
/// colours.
pub fn parse_config(path: &Path, text: &str) -> Result<SiteConfig, LoadError> {
    let config = parse_yaml::<SiteConfig>(path, text)?;
    crate::site_values::check_config(path, text, &config)?;
    Ok(config)
}
