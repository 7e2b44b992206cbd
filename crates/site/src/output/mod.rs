//! The outputs: each turns the site model into files and none knows of another. They are
//! an internal list, not an extension point: an output must ask [`Stale`] about the inputs
//! of every file it makes, or a live preview would keep an old file, and the context it
//! reads (the site model borrowing the archive, the themes) is this crate's own.

mod assets;
mod data;
mod feed;
mod pages;
mod search;
mod sitemap;
mod skeleton;

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::error::BuildError;
use crate::model::SiteModel;
use crate::prose::ProseStore;
use crate::stale::Stale;
use crate::theme::Themes;
use crate::views::Listings;
use crate::write::Sink;

/// What an output reads.
pub(crate) struct RenderContext<'a> {
    /// The site's data.
    pub(crate) model: &'a SiteModel<'a>,
    /// What the lists show of each report, in site order.
    pub(crate) listings: &'a Listings,
    /// The themes, and which pages use which.
    pub(crate) themes: &'a Themes,
    /// Called with (done, total) as pages are rendered.
    pub(crate) progress: &'a (dyn Fn(usize, usize) + Sync),
    /// Which inputs changed: everything for a build, some for a live preview.
    pub(crate) stale: &'a Stale,
    /// State an output keeps between renders of a live preview (none in a build).
    pub(crate) memory: Option<&'a OutputMemory>,
    /// Where a build keeps its reports' prose (none in a live preview).
    pub(crate) prose: Option<&'a ProseStore>,
}

/// What outputs remember between the renders of a live preview, each under its own name,
/// so that the next render can update instead of starting over (the search index does).
#[derive(Default)]
pub(crate) struct OutputMemory {
    slots: Mutex<HashMap<&'static str, Box<dyn Any + Send>>>,
}

impl std::fmt::Debug for OutputMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutputMemory").finish_non_exhaustive()
    }
}

impl OutputMemory {
    /// Takes what the output `name` stored, if it is a `T`.
    pub(crate) fn take<T: Any>(&self, name: &'static str) -> Option<T> {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        let boxed = slots.remove(name)?;
        boxed.downcast::<T>().ok().map(|b| *b)
    }

    /// Stores `value` for the output `name`'s next render.
    pub(crate) fn put<T: Any + Send>(&self, name: &'static str, value: T) {
        self.slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(name, Box::new(value));
    }

    /// Forgets everything (after a failed render, state may be half-updated).
    pub(crate) fn clear(&self) {
        self.slots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}

/// One kind of output.
pub(crate) trait Output: Sync {
    /// Short name, for timings and errors.
    fn name(&self) -> &'static str;

    /// Renders this output's files whose inputs are stale into `sink`.
    fn render(&self, cx: &RenderContext<'_>, sink: &dyn Sink) -> Result<(), BuildError>;
}

/// Every output, in the order they run.
const OUTPUTS: [&dyn Output; 6] = [
    &pages::Pages,
    &data::Data,
    &feed::Feed,
    &sitemap::Sitemap,
    &assets::Assets,
    &search::Search,
];

/// Runs every output over `cx`, in parallel; returns each one's duration.
pub(crate) fn run(
    cx: &RenderContext<'_>,
    sink: &dyn Sink,
) -> Result<Vec<(&'static str, Duration)>, BuildError> {
    OUTPUTS
        .par_iter()
        .map(|o| {
            let started = Instant::now();
            o.render(cx, sink)?;
            Ok((o.name(), started.elapsed()))
        })
        .collect()
}

/// Runs the HTML pages alone over `cx`: a live preview puts the page of the report just
/// saved in place before the rest of the update.
pub(crate) fn pages_only(cx: &RenderContext<'_>, sink: &dyn Sink) -> Result<(), BuildError> {
    pages::Pages.render(cx, sink)
}
