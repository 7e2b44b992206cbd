//! Where the project is: `--root` (default: the current folder), made absolute once, here at
//! the edge, so that every crate compares absolute paths and messages still show paths as
//! the user would type them.

use std::path::PathBuf;

use clap::Args;
use ogi_model::Project;

/// The `--root` option every command that works on a project takes.
#[derive(Args, Clone, Debug)]
pub(crate) struct RootArg {
    /// The project folder (holds content/, themes/ and templates/); default: the current folder.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub(crate) root: PathBuf,
}

impl RootArg {
    /// The project at `--root`, its folders absolute.
    pub(crate) fn project(&self) -> Project {
        Project::at(&self.root)
    }
}

/// Parses `--base-url`: an address the pages may link to (http(s) or a path), so that no
/// `javascript:` address becomes every page's links.
pub(crate) fn base_url(value: &str) -> Result<String, String> {
    ogi_model::check_url(value)
        .map(|()| value.to_owned())
        .map_err(|m| m.en)
}
