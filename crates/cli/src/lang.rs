//! Which language the command line speaks: `--lang`, else the locale of the environment
//! (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, the first that is set and not empty), else
//! English. Every command that prints diagnostics asks here.

use clap::ValueEnum;
use ogi_validate::Lang;

/// The values of the global `--lang` flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum LangArg {
    /// English.
    En,
    /// Chinese (中文).
    Zh,
}

/// The language of this run: the flag if given, else the environment's locale.
pub(crate) fn detect(flag: Option<LangArg>) -> Lang {
    match flag {
        Some(LangArg::En) => Lang::En,
        Some(LangArg::Zh) => Lang::Zh,
        None => from_locale(|name| std::env::var(name).ok()),
    }
}

/// The language of the locale that `var` reports, in POSIX precedence: `LC_ALL` over
/// `LC_MESSAGES` over `LANG`. `zh`, `zh_CN.UTF-8`, `zh_TW`… are Chinese; anything else
/// (`C`, `en_US.UTF-8`, unset) is English.
fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(&var)
        .find(|value| !value.is_empty());
    match locale {
        Some(value) if value.starts_with("zh") => Lang::Zh,
        _ => Lang::En,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> Lang {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        from_locale(|name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }

    #[test]
    fn the_locale_decides_in_posix_order() {
        assert_eq!(with(&[]), Lang::En);
        assert_eq!(with(&[("LANG", "zh_CN.UTF-8")]), Lang::Zh);
        assert_eq!(with(&[("LANG", "C")]), Lang::En);
        assert_eq!(with(&[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "C")]), Lang::En);
        assert_eq!(
            with(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "zh_TW")]),
            Lang::Zh
        );
        assert_eq!(
            with(&[("LC_MESSAGES", "en_US"), ("LC_ALL", "zh_CN.UTF-8")]),
            Lang::Zh
        );
        assert_eq!(with(&[("LC_ALL", ""), ("LANG", "zh_CN")]), Lang::Zh);
    }

    #[test]
    fn the_flag_wins() {
        assert_eq!(detect(Some(LangArg::En)), Lang::En);
        assert_eq!(detect(Some(LangArg::Zh)), Lang::Zh);
    }
}
