//! How much ogi says on standard error and whether in colour: the global `-q/--quiet`,
//! `-v/--verbose` and `--color` options, and the [`Reporter`] that commands print their
//! status lines through instead of bare `eprintln!`.
//!
//! Quiet prints only errors and what the command was asked to output (`ogi check`'s
//! diagnostics, `ogi rules`' text); verbose adds details such as stage timings.

use std::ffi::OsString;
use std::fmt::Arguments;
use std::io::IsTerminal;
use std::sync::OnceLock;

use clap::{Args, ValueEnum};

/// The options every command takes, before or after the command's name.
#[derive(Args, Clone, Copy, Debug)]
pub(crate) struct GlobalArgs {
    /// Print only errors and the command's own output (diagnostics, rule text, scripts).
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print details too: stage timings, every file checked.
    #[arg(long, short, global = true)]
    verbose: bool,
    /// When to colour output: auto is on a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, global = true, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
}

/// How much to print on standard error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Verbosity {
    /// Errors only.
    Quiet,
    /// Errors, warnings and one summary line per command.
    Normal,
    /// Everything, with details.
    Verbose,
}

/// When to use colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorWhen {
    /// On a terminal, unless the NO_COLOR environment variable is set and not empty.
    Auto,
    /// Always, even into a pipe or with NO_COLOR set.
    Always,
    /// Never.
    Never,
}

impl ColorWhen {
    /// The `--color` of `args` (the raw command line), read before clap parses it so that
    /// clap's own help and errors follow it too; `Auto` when absent or not understood.
    pub(crate) fn of_command_line(args: impl IntoIterator<Item = OsString>) -> ColorWhen {
        let mut args = args.into_iter();
        let mut found = ColorWhen::Auto;
        while let Some(arg) = args.next() {
            let value = match arg.to_str() {
                Some("--") => break,
                Some("--color") => args.next(),
                Some(a) => a.strip_prefix("--color=").map(OsString::from),
                None => None,
            };
            if let Some(when) =
                value.and_then(|v| v.to_str().and_then(|v| ColorWhen::from_str(v, true).ok()))
            {
                found = when;
            }
        }
        found
    }

    /// Whether to colour what goes to a stream that `is_terminal` or not.
    fn colours(self, is_terminal: bool) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => is_terminal && !no_color_requested(),
        }
    }

    /// The same choice for clap's help and usage errors, which go to a terminal or not.
    pub(crate) fn for_clap(self) -> clap::ColorChoice {
        match self {
            ColorWhen::Always => clap::ColorChoice::Always,
            ColorWhen::Never => clap::ColorChoice::Never,
            // Help goes to standard output, errors to standard error: clap checks the
            // stream it writes to; NO_COLOR is decided here so that it holds for both.
            ColorWhen::Auto if no_color_requested() => clap::ColorChoice::Never,
            ColorWhen::Auto => clap::ColorChoice::Auto,
        }
    }
}

/// Whether NO_COLOR asks for no colour: set and not empty (<https://no-color.org>).
fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Which standard stream some output goes to.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

impl Stream {
    /// Whether the stream is a terminal.
    pub(crate) fn is_terminal(self) -> bool {
        match self {
            Stream::Stdout => std::io::stdout().is_terminal(),
            Stream::Stderr => std::io::stderr().is_terminal(),
        }
    }
}

/// Prints status lines on standard error as loudly as the user asked.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reporter {
    verbosity: Verbosity,
    color: ColorWhen,
}

static REPORTER: OnceLock<Reporter> = OnceLock::new();

impl Reporter {
    /// The reporter the global options ask for.
    pub(crate) fn of(args: &GlobalArgs) -> Reporter {
        Reporter {
            verbosity: if args.quiet {
                Verbosity::Quiet
            } else if args.verbose {
                Verbosity::Verbose
            } else {
                Verbosity::Normal
            },
            color: args.color,
        }
    }

    /// Makes this the reporter of the whole run; the first call wins.
    pub(crate) fn install(self) {
        let _ = REPORTER.set(self);
    }

    /// How much to print.
    pub(crate) fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// Whether to colour what goes to `stream`.
    pub(crate) fn color(&self, stream: Stream) -> bool {
        self.color.colours(stream.is_terminal())
    }

    /// A status line (what was done, a summary), unless quiet.
    pub(crate) fn status(&self, line: Arguments<'_>) {
        if self.verbosity >= Verbosity::Normal {
            eprintln!("{line}");
        }
    }

    /// A detail line, only when verbose.
    pub(crate) fn detail(&self, line: Arguments<'_>) {
        if self.verbosity >= Verbosity::Verbose {
            eprintln!("{line}");
        }
    }
}

/// The reporter of this run (normal verbosity, automatic colour until one is installed).
pub(crate) fn reporter() -> &'static Reporter {
    REPORTER.get_or_init(|| Reporter {
        verbosity: Verbosity::Normal,
        color: ColorWhen::Auto,
    })
}

/// Prints a status line on standard error, unless `--quiet`.
macro_rules! status {
    ($($arg:tt)*) => {
        $crate::report::reporter().status(format_args!($($arg)*))
    };
}

/// Prints a detail line on standard error, only with `--verbose`.
macro_rules! detail {
    ($($arg:tt)*) => {
        $crate::report::reporter().detail(format_args!($($arg)*))
    };
}

pub(crate) use {detail, status};

#[cfg(test)]
mod tests {
    use super::*;

    fn when(args: &[&str]) -> ColorWhen {
        ColorWhen::of_command_line(args.iter().map(OsString::from))
    }

    #[test]
    fn color_is_read_from_either_spelling_and_the_last_wins() {
        assert_eq!(when(&["ogi", "build"]), ColorWhen::Auto);
        assert_eq!(
            when(&["ogi", "--color", "never", "build"]),
            ColorWhen::Never
        );
        assert_eq!(when(&["ogi", "check", "--color=always"]), ColorWhen::Always);
        assert_eq!(
            when(&["ogi", "--color=never", "check", "--color", "always"]),
            ColorWhen::Always
        );
        assert_eq!(when(&["ogi", "--color", "sometimes"]), ColorWhen::Auto);
        assert_eq!(
            when(&["ogi", "new", "--", "--color=never"]),
            ColorWhen::Auto
        );
    }

    #[test]
    fn forced_choices_ignore_the_terminal() {
        assert!(ColorWhen::Always.colours(false));
        assert!(!ColorWhen::Never.colours(true));
        assert!(!ColorWhen::Auto.colours(false));
    }
}
