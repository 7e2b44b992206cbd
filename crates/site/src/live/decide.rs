//! The render decision of a live site: what the site on disk was rendered from (a
//! [`Record`]) against what it would be rendered from now, as the [`Stale`] inputs the
//! outputs ask about.
//!
//! Nothing here lists what a page shows. The frame is compared whole; each report's
//! inputs are its file, its folders and its findings (every field of its entry); the
//! lists are compared through the listings they are made from; a page is taken to depend
//! on every template of its theme (tera 2 does not say which templates a render loaded).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ogi_validate::Diagnostic;

use super::content::Content;
use crate::engine;
use crate::model::{Entry, Frame, SiteModel};
use crate::stale::Stale;
use crate::theme::{ThemeSettings, Themes};
use crate::views::{Listing, Listings};

/// Where a report's files go: when any of them changes, the site's layout does.
#[derive(Debug, PartialEq, Eq)]
struct Route {
    path: PathBuf,
    dir: String,
    body_dir: String,
    district: Option<usize>,
}

/// What a render is made from, besides each report's text.
#[derive(Debug)]
pub(super) struct Inputs {
    /// What every page shares.
    frame: Frame,
    /// How the themes apply: each used theme's chain, and the options.
    themes: ThemeSettings,
    /// Each used theme's templates, by theme.
    templates: BTreeMap<String, Vec<(String, String)>>,
    /// Each report's file and folders, in site order.
    routes: Vec<Route>,
    /// Each report's findings, in site order.
    findings: Vec<Vec<Diagnostic>>,
}

impl Inputs {
    /// What `model` rendered with `themes` is made from.
    pub(super) fn of(model: &SiteModel<'_>, themes: &Themes) -> Inputs {
        let SiteModel { frame, entries } = model;
        let (routes, findings) = entries
            .iter()
            .map(|e| {
                // Every field of an entry is an input of the files made from it.
                let Entry {
                    doc,
                    findings,
                    dir,
                    body_dir,
                    district,
                } = e;
                let route = Route {
                    path: doc.path.clone(),
                    dir: dir.clone(),
                    body_dir: body_dir.clone(),
                    district: *district,
                };
                (route, findings.iter().map(|d| (*d).clone()).collect())
            })
            .unzip();
        Inputs {
            frame: frame.clone(),
            themes: themes.settings(),
            templates: themes.templates(),
            routes,
            findings,
        }
    }
}

/// What the site on disk was rendered from.
#[derive(Debug)]
pub(super) struct Record {
    inputs: Arc<Inputs>,
    /// What the lists showed of each report.
    listings: Listings,
}

impl Record {
    /// What the lists showed of each report.
    pub(super) fn listings(&self) -> &Listings {
        &self.listings
    }

    /// What the site was rendered from, besides each report's text.
    pub(super) fn inputs(&self) -> &Arc<Inputs> {
        &self.inputs
    }
}

impl Inputs {
    /// What every page shares.
    pub(super) fn frame(&self) -> &Frame {
        &self.frame
    }

    /// Where the report at `path` goes: its page folder, its body's folder and its
    /// district; `None` if it is not in the site.
    pub(super) fn place(&self, path: &Path) -> Option<(&str, &str, Option<usize>)> {
        let path = path.as_os_str();
        self.routes
            .iter()
            .find(|r| r.path.as_os_str() == path)
            .map(|r| (r.dir.as_str(), r.body_dir.as_str(), r.district))
    }
}

/// Decides what to render of `model` with `themes` made from `now`, given that the site on
/// disk was rendered from `before` (none: nothing is known of it) and that `content` says
/// which reports changed since; `assets` says the themes' static files may have changed.
/// Returns what is stale and the record of the render that follows.
pub(super) fn decide(
    before: Option<Record>,
    now: Inputs,
    model: &SiteModel<'_>,
    content: &Content,
    assets: bool,
) -> (Stale, Record) {
    let same_layout = |b: &Inputs| {
        b.frame == now.frame
            && b.themes == now.themes
            && b.routes == now.routes
            && !content.config_changed()
    };
    let Some(before) = before.filter(|b| same_layout(&b.inputs)) else {
        let listings = engine::listings(model);
        return (
            Stale::everything(),
            Record {
                inputs: Arc::new(now),
                listings,
            },
        );
    };
    let mut stale = Stale::nothing(model.entries.len());
    let mut changed = Vec::new();
    for (i, e) in model.entries.iter().enumerate() {
        if content.changed(&e.doc.path) || before.inputs.findings.get(i) != now.findings.get(i) {
            stale = stale.with_entry(i);
            changed.push((i, Listing::of(&model.frame, e)));
        }
    }
    let mut listings = before.listings;
    stale = stale.with_groups(listings.replace(changed));
    for (theme, sources) in &now.templates {
        if before.inputs.templates.get(theme) != Some(sources) {
            stale = stale.with_templates(theme.clone());
        }
    }
    if assets {
        stale = stale.with_assets();
    }
    (
        stale,
        Record {
            inputs: Arc::new(now),
            listings,
        },
    )
}
