//! Themes: `themes/<name>/` with `theme.yaml`, `templates/` and `static/`, or built into
//! the binary (`official`, `contrast`), or both: a folder named like a built-in theme is a
//! layer over it. A theme may extend a parent and keep only what it changes; the site's own
//! `templates/` overrides every theme's template of the same name.
//!
//! Every template of a theme's chain is registered twice: under its own name, resolved to
//! the nearest theme that has it (`report.html`), and under each theme's name
//! (`official/report.html`), so a child's template can extend its parent's version and
//! override single blocks. The templates of a built-in theme as built in are registered too,
//! under `builtin/` (`builtin/official/report.html`), so a folder over it can override
//! single blocks of its own theme.
//!
//! A build loads each theme it uses once ([`Themes`]) and picks one per page: a district's
//! pages use the district's theme, city-wide pages the default.

mod chain;
mod eject;
mod embedded;
mod scaffold;
mod source;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use ogi_model::{District, OptionValue, ThemeOptions};
use serde::Serialize;
use tera::Tera;
use walkdir::WalkDir;

use crate::error::BuildError;
use chain::{BUILTIN_NAMESPACE, ThemeDir, resolve};
pub use eject::eject_theme;
pub use scaffold::new_theme;
pub(crate) use source::ThemeFile;

/// A theme's templates loaded into tera, and its static files.
pub(crate) struct Templates {
    /// The template engine, autoescaping `.html` and `.xml`.
    pub tera: Tera,
    /// The theme's name.
    pub theme: String,
    /// The theme and its ancestors, nearest first: `[contrast, official]`.
    pub chain: Vec<String>,
    /// Static files, the theme's own over its ancestors': path below `static/`, and the file.
    pub static_files: Vec<(String, ThemeFile)>,
    /// The options the theme and its ancestors declare, with their defaults (the child's win).
    pub options: ThemeOptions,
    /// Every template's name and source, to tell which changed and what uses them.
    pub(crate) sources: Vec<(String, String)>,
    /// Whether the report tables' partials are the built-in theme's own, whose output
    /// the pages may render once per table shape (`output::skeleton`).
    pub(crate) builtin_table_partials: bool,
    /// Whether a template other than the built-in table partials and report page may
    /// read `report.table2`, `table3` or `table4` (else pages leave them out).
    pub(crate) reads_report_tables: bool,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("theme", &self.theme)
            .field("chain", &self.chain)
            .field("static_files", &self.static_files.len())
            .field("options", &self.options)
            .finish()
    }
}

/// The files below folder `dir`, at any depth, by `/`-separated path below it, skipping
/// hidden files and editor backups; none if there is no such folder.
fn files_under(dir: &Path) -> Result<Vec<(String, ThemeFile)>, BuildError> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = entry.map_err(|source| BuildError::Walk {
            path: source.path().unwrap_or(dir).to_owned(),
            source,
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        out.push((rel, ThemeFile::Disk(entry.path().to_owned())));
    }
    Ok(out)
}

/// The files of `sub` (`templates` or `static`) over a chain (nearest first), the nearer
/// theme's file winning for each path.
fn merged(chain: &[ThemeDir], sub: &str) -> Result<BTreeMap<String, ThemeFile>, BuildError> {
    let mut out = BTreeMap::new();
    for theme in chain.iter().rev() {
        out.extend(theme.files(sub)?);
    }
    Ok(out)
}

/// The declared options of a chain (nearest first), the nearer theme's default winning.
fn declared_options(chain: &[ThemeDir]) -> ThemeOptions {
    let mut out = ThemeOptions::new();
    for theme in chain.iter().rev() {
        if let Some(m) = &theme.manifest {
            out.extend(m.options.clone());
        }
    }
    out
}

/// The partials a report table renders through.
const TABLE_PARTIALS: [&str; 2] = ["partials/report_table.html", "partials/table.html"];

/// What a template that reads a report's laid-out tables holds: their names, or the
/// partials that read them.
const TABLE_READS: [&str; 5] = [
    "table2",
    "table3",
    "table4",
    "partials/report_table.html",
    "partials/table.html",
];

/// Loads the templates of `chain` (a theme, then its ancestors), then the overrides in
/// `site_templates`.
fn load_chain(chain: &[ThemeDir], site_templates: &Path) -> Result<Templates, BuildError> {
    let Some(theme) = chain.first() else {
        return Err(BuildError::Theme {
            name: String::new(),
            message: "no theme to load".to_owned(),
        });
    };
    // Namespaced first, so a plain name wins should a theme have a folder named like a theme.
    let mut sources: BTreeMap<String, ThemeFile> = BTreeMap::new();
    for (i, t) in chain.iter().enumerate() {
        // `builtin/<theme>/…`: the built-in theme's own file, else the one it inherits.
        if t.builtin {
            let mut files = merged(&chain[i + 1..], "templates")?;
            files.extend(t.builtin_files("templates"));
            for (rel, file) in files {
                sources.insert(format!("{BUILTIN_NAMESPACE}/{}/{rel}", t.name), file);
            }
        }
        for (rel, file) in merged(&chain[i..], "templates")? {
            sources.insert(format!("{}/{rel}", t.name), file);
        }
    }
    sources.extend(merged(chain, "templates")?);
    sources.extend(files_under(site_templates)?);
    let mut texts: HashMap<&ThemeFile, String> = HashMap::new();
    for file in sources.values() {
        if !texts.contains_key(file) {
            texts.insert(file, file.read_to_string()?);
        }
    }
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    tera.add_raw_templates(
        sources
            .iter()
            .map(|(name, file)| (name.as_str(), texts.get(file).map_or("", String::as_str))),
    )
    .map_err(|source| BuildError::Template {
        template: format!("{}/templates", theme.label()),
        source,
    })?;
    let builtin = |rel: &str| {
        embedded::file("official", &format!("templates/{rel}"))
            .and_then(|f| f.read_to_string().ok())
    };
    let builtin_table_partials = TABLE_PARTIALS.iter().all(|rel| {
        let ours = sources.get(*rel).and_then(|f| texts.get(f));
        builtin(rel).is_some_and(|b| Some(&b) == ours)
    });
    // The built-in texts that read the tables only through the partials (the report page
    // includes them only for a section without `table_html`).
    let known: Vec<String> = TABLE_PARTIALS
        .iter()
        .chain(&["report.html"])
        .filter_map(|rel| builtin(rel))
        .collect();
    let reads_report_tables = !builtin_table_partials
        || texts.values().any(|text| {
            !known.contains(text) && TABLE_READS.iter().any(|word| text.contains(word))
        });
    Ok(Templates {
        tera,
        builtin_table_partials,
        reads_report_tables,
        theme: theme.name.clone(),
        chain: chain.iter().map(|t| t.name.clone()).collect(),
        static_files: merged(chain, "static")?.into_iter().collect(),
        options: declared_options(chain),
        sources: sources
            .iter()
            .map(|(name, file)| {
                let text = texts.get(file).cloned().unwrap_or_default();
                (name.clone(), text)
            })
            .collect(),
    })
}

/// Loads theme `name` (with its ancestors) from `themes_dir` over the built-in themes, then
/// the overrides in `site_templates`.
pub(crate) fn load(
    themes_dir: &Path,
    name: &str,
    site_templates: &Path,
) -> Result<Templates, BuildError> {
    load_chain(&resolve(themes_dir, name)?, site_templates)
}

/// Where a theme comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeOrigin {
    /// Built into ogi, with no folder in `themes/`.
    BuiltIn,
    /// Only the folder `themes/<name>`.
    Disk,
    /// Built into ogi, with the folder `themes/<name>` as a layer over it.
    Overridden,
}

/// A theme as `ogi theme list` shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeListing {
    /// The theme's name (its folder's).
    pub name: String,
    /// Where it comes from.
    pub origin: ThemeOrigin,
    /// Its parent, if it extends one.
    pub extends: Option<String>,
    /// Its description from `theme.yaml` (empty when unset).
    pub description: String,
    /// Why the theme cannot be used, if it cannot (a missing parent, a cycle, a broken template).
    pub problem: Option<String>,
}

/// Every theme, built in or in `themes_dir`, by name, each checked by loading it as a
/// build would.
pub fn list_themes(themes_dir: &Path) -> Vec<ThemeListing> {
    chain::available(themes_dir)
        .into_iter()
        .map(|name| {
            let origin = chain::origin(themes_dir, &name).unwrap_or(ThemeOrigin::Disk);
            let (extends, description) = match chain::open(themes_dir, &name) {
                Ok(t) => (
                    t.extends().map(str::to_owned),
                    t.manifest.map(|m| m.description).unwrap_or_default(),
                ),
                Err(_) => (None, String::new()),
            };
            let problem = load(themes_dir, &name, Path::new(""))
                .err()
                .map(|e| match e {
                    BuildError::Theme { message, .. } => message,
                    BuildError::Manifest { source, .. } => source.to_string(),
                    e => crate::error::lines(&e).replace('\n', ": "),
                });
            ThemeListing {
                name,
                origin,
                extends,
                description,
                problem,
            }
        })
        .collect()
}

/// A theme and the option values one group of pages gets.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AppliedTheme<'a> {
    /// The theme.
    pub templates: &'a Templates,
    /// Its declared options, set from the theme's defaults, then the site's, then the district's.
    pub options: &'a ThemeOptions,
}

/// What every template sees as `theme`.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ThemeVars<'a> {
    /// The theme's name.
    name: &'a str,
    /// Address of the theme's static folder, ending in `/`.
    assets: String,
    /// The parent theme's name, or null.
    parent: Option<&'a str>,
    /// The theme and its ancestors, nearest first.
    chain: &'a [String],
    /// The option values.
    options: &'a ThemeOptions,
}

impl<'a> AppliedTheme<'a> {
    /// The `theme` variable of the templates, for a site at `base_url`.
    pub(crate) fn vars(&self, base_url: &str) -> ThemeVars<'a> {
        let t = self.templates;
        ThemeVars {
            name: &t.theme,
            assets: format!("{base_url}assets/{}/", t.theme),
            parent: t.chain.get(1).map(String::as_str),
            chain: &t.chain,
            options: self.options,
        }
    }
}

/// Each used theme's chain, the default's options, and each district's theme and options.
pub(crate) type ThemeSettings = (Vec<Vec<String>>, ThemeOptions, Vec<(String, ThemeOptions)>);

/// Every theme a build uses, each loaded once, and which pages use which.
#[derive(Debug)]
pub(crate) struct Themes {
    /// The default theme (city-wide pages, districts without their own).
    default: Templates,
    /// Its options.
    default_options: ThemeOptions,
    /// The other themes districts use, by name.
    others: BTreeMap<String, Templates>,
    /// Each district's theme and options, by index into the site model's districts.
    districts: Vec<(String, ThemeOptions)>,
    /// Static files of every used theme and of each of their ancestors, by theme.
    assets: BTreeMap<String, Vec<(String, ThemeFile)>>,
}

/// An option set in `site.yaml` that no theme declares: names it, with a likely fix.
fn undeclared(option: &str, whose: &str, declared: &[&str]) -> String {
    let fix = match ogi_model::suggest(option, declared) {
        Some(best) => format!("did you mean `{best}`?"),
        None if declared.is_empty() => "no options are declared".to_owned(),
        None => format!("the options are: {}", declared.join(", ")),
    };
    format!(
        "theme_options in site.yaml sets `{option}`, which {whose} does not declare ({fix}); a theme declares its options under `options:` in its theme.yaml"
    )
}

/// What kind of value an option holds, in the words of an error message.
fn kind_of(value: &OptionValue) -> &'static str {
    match value {
        OptionValue::Null => "nothing",
        OptionValue::Bool(_) => "true or false",
        OptionValue::Integer(_) => "a whole number",
        OptionValue::Float(_) => "a number",
        OptionValue::Text(_) => "text",
        OptionValue::List(_) => "a list",
        OptionValue::Map(_) => "a map",
    }
}

/// Whether `value` has the type of the theme's declared `default` (a `~` default takes
/// anything; a decimal default takes a whole number too).
fn fits(default: &OptionValue, value: &OptionValue) -> bool {
    use OptionValue as V;
    matches!(
        (default, value),
        (V::Null, _)
            | (_, V::Null)
            | (V::Bool(_), V::Bool(_))
            | (V::Integer(_), V::Integer(_))
            | (V::Float(_), V::Float(_) | V::Integer(_))
            | (V::Text(_), V::Text(_))
            | (V::List(_), V::List(_))
            | (V::Map(_), V::Map(_))
    )
}

/// The first option of `set` whose value does not have the type `declared` gives it.
fn mistyped(set: &ThemeOptions, declared: &ThemeOptions) -> Option<String> {
    set.iter().find_map(|(k, v)| {
        let default = declared.get(k)?;
        (!fits(default, v)).then(|| {
            format!(
                "theme_options in site.yaml sets `{k}` to {}, but the theme declares it as {} (its default is {}); write {}",
                kind_of(v),
                kind_of(default),
                serde_json::to_string(default).unwrap_or_default(),
                kind_of(default)
            )
        })
    })
}

/// Adds `district` to a theme error, so it says which entry of `site.yaml` to fix.
fn in_district(e: BuildError, d: &District) -> BuildError {
    match e {
        BuildError::Theme { name, message } => BuildError::Theme {
            message: format!(
                "district `{}` ({}) in site.yaml uses it: {message}",
                d.slug, d.name
            ),
            name,
        },
        e => e,
    }
}

impl Themes {
    /// Loads the `default` theme and each district's from `themes_dir` over the built-in
    /// themes, with the site's own templates from `site_templates`, and sets their options:
    /// each theme's defaults, then `site_options`, then the district's `theme_options`.
    ///
    /// `districts` are the site model's (the configured ones, then 其他).
    pub(crate) fn load(
        themes_dir: &Path,
        site_templates: &Path,
        default: &str,
        site_options: &ThemeOptions,
        districts: &[District],
    ) -> Result<Themes, BuildError> {
        let default_chain = resolve(themes_dir, default)?;
        let default_templates = load_chain(&default_chain, site_templates)?;
        let mut chains = vec![default_chain];
        let mut others: BTreeMap<String, Templates> = BTreeMap::new();
        for d in districts {
            let Some(name) = d.theme.as_deref() else {
                continue;
            };
            if name == default || others.contains_key(name) {
                continue;
            }
            let chain = resolve(themes_dir, name).map_err(|e| in_district(e, d))?;
            others.insert(name.to_owned(), load_chain(&chain, site_templates)?);
            chains.push(chain);
        }
        // Every option the site sets must be declared by some theme it uses.
        let used = || std::iter::once(&default_templates).chain(others.values());
        let all_declared: BTreeSet<&str> = used()
            .flat_map(|t| t.options.keys().map(String::as_str))
            .collect();
        if let Some(option) = site_options
            .keys()
            .find(|k| !all_declared.contains(k.as_str()))
        {
            let declared: Vec<&str> = all_declared.iter().copied().collect();
            let names: Vec<&str> = used().map(|t| t.theme.as_str()).collect();
            return Err(BuildError::Theme {
                name: default.to_owned(),
                message: undeclared(
                    option,
                    &format!("no theme of this build ({})", names.join(", ")),
                    &declared,
                ),
            });
        }
        // Every option the site sets must have the type its theme declares.
        for theme in used() {
            if let Some(message) = mistyped(site_options, &theme.options) {
                return Err(BuildError::Theme {
                    name: theme.theme.clone(),
                    message,
                });
            }
        }
        let options_of = |theme: &Templates, district: Option<&District>| {
            let mut options = theme.options.clone();
            let own = district.map(|d| &d.theme_options);
            for (k, v) in site_options.iter().chain(own.into_iter().flatten()) {
                if let Some(slot) = options.get_mut(k) {
                    *slot = v.clone();
                }
            }
            options
        };
        let mut per_district = Vec::with_capacity(districts.len());
        for d in districts {
            let name = d.theme.as_deref().unwrap_or(default);
            let theme = others.get(name).unwrap_or(&default_templates);
            if let Some(option) = d
                .theme_options
                .keys()
                .find(|k| !theme.options.contains_key(*k))
            {
                let declared: Vec<&str> = theme.options.keys().map(String::as_str).collect();
                let whose = format!("its theme `{name}`");
                return Err(in_district(
                    BuildError::Theme {
                        name: name.to_owned(),
                        message: undeclared(option, &whose, &declared),
                    },
                    d,
                ));
            }
            if let Some(message) = mistyped(&d.theme_options, &theme.options) {
                return Err(in_district(
                    BuildError::Theme {
                        name: name.to_owned(),
                        message,
                    },
                    d,
                ));
            }
            per_district.push((name.to_owned(), options_of(theme, Some(d))));
        }
        let mut assets = BTreeMap::new();
        for chain in &chains {
            for (i, theme) in chain.iter().enumerate() {
                if !assets.contains_key(&theme.name) {
                    let files = merged(&chain[i..], "static")?.into_iter().collect();
                    assets.insert(theme.name.clone(), files);
                }
            }
        }
        Ok(Themes {
            default_options: options_of(&default_templates, None),
            default: default_templates,
            others,
            districts: per_district,
            assets,
        })
    }

    /// The default theme, for city-wide pages.
    pub(crate) fn default_theme(&self) -> AppliedTheme<'_> {
        AppliedTheme {
            templates: &self.default,
            options: &self.default_options,
        }
    }

    /// The theme of the pages of district `index` (into the site model's districts), or the
    /// default for `None`.
    pub(crate) fn for_district(&self, index: Option<usize>) -> AppliedTheme<'_> {
        match index.and_then(|i| self.districts.get(i)) {
            Some((name, options)) => AppliedTheme {
                templates: self.others.get(name).unwrap_or(&self.default),
                options,
            },
            None => self.default_theme(),
        }
    }

    /// The themes pages use: the default first, then the others by name.
    pub(crate) fn used(&self) -> impl Iterator<Item = &Templates> {
        std::iter::once(&self.default).chain(self.others.values())
    }

    /// What decides how the themes apply beyond their templates: each used theme's chain,
    /// and the options of the default and of every district. When it changes, every page
    /// must be rendered again.
    pub(crate) fn settings(&self) -> ThemeSettings {
        (
            self.used().map(|t| t.chain.clone()).collect(),
            self.default_options.clone(),
            self.districts.clone(),
        )
    }

    /// Each used theme's templates (name and source), by theme: what its pages are made
    /// with. Tera 2 does not say which templates a render loaded, so a page is taken to
    /// depend on every template of its theme, and they are compared whole.
    pub(crate) fn templates(&self) -> BTreeMap<String, Vec<(String, String)>> {
        self.used()
            .map(|t| (t.theme.clone(), t.sources.clone()))
            .collect()
    }

    /// The static files to publish under `assets/<theme>/`: those of every used theme and of
    /// its ancestors (a child's stylesheet may `@import` its parent's).
    pub(crate) fn assets(&self) -> impl Iterator<Item = (&str, &[(String, ThemeFile)])> {
        self.assets.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }
}
