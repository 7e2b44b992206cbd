//! `ogi-site`: builds the static archive from a content folder: load (walkdir, through
//! `ogi-model`), validate (`ogi-validate`), render (tera themes, in parallel), write (into a
//! staging folder swapped in only when complete).
//!
//! One engine does both a build and a live preview's update ([`LiveSite`]): each output
//! (pages, open data, the feed, the sitemap, the theme's assets, the search index) makes
//! the files whose inputs changed, and a build is the render in which every input changed.
//!
//! ```no_run
//! let options = ogi_site::SiteOptions::new(".");
//! let loaded = ogi_site::load(&options)?;
//! let summary = ogi_site::build(&loaded, &options, &|_, _| {})?;
//! println!("{} pages", summary.pages);
//! # Ok::<(), ogi_site::BuildError>(())
//! ```

mod charts;
mod engine;
mod error;
mod live;
mod markdown;
mod model;
mod outcomes;
mod output;
mod prose;
mod site_dir;
mod stale;
mod tables;
mod theme;
mod views;
mod write;
mod xml;

pub use engine::{BuildSummary, Loaded, SiteOptions, build, load, render_to_memory};
pub use error::BuildError;
pub use live::{Ahead, Changes, LiveOptions, LiveSite, Pending, Update};
pub use model::SiteModel;
pub use site_dir::output_conflict;
pub use tables::cell_anchor;
pub use theme::{ThemeListing, ThemeOrigin, eject_theme, list_themes, new_theme};
pub use write::OutputFile;
pub use xml::escape as xml_escape;
