//! `--level`, as `ogi new` and `ogi import` take it.

use clap::ValueEnum;
use ogi_model::Level;

/// The kind of body a report is from.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum LevelArg {
    /// 本级政府.
    Government,
    /// 政府部门.
    Department,
    /// 乡镇、街道.
    Township,
    /// 管委会.
    Committee,
}

impl From<LevelArg> for Level {
    fn from(arg: LevelArg) -> Level {
        match arg {
            LevelArg::Government => Level::Government,
            LevelArg::Department => Level::Department,
            LevelArg::Township => Level::Township,
            LevelArg::Committee => Level::Committee,
        }
    }
}
