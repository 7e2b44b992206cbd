//! `ogi`: the command line. Parses arguments, drives the library crates, sets the exit code.
//!
//! Exit codes: 0 success (warnings allowed), 1 the content has errors, 2 ogi could not run.

mod build;
mod check;
mod generate;
mod new;
mod rules;
mod serve;
mod theme;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Archive of government information-disclosure annual reports (政府信息公开工作年度报告).
#[derive(Parser)]
#[command(name = "ogi", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the static archive into site/.
    Build(build::BuildArgs),
    /// Validate every report under a content folder (default: content).
    Check(check::CheckArgs),
    /// Generate a synthetic archive (valid reports of both editions) for tests and benchmarks.
    Gen(generate::GenArgs),
    /// List the validation rules, or explain one.
    Rules(rules::RulesArgs),
    /// Write a new report with every cell 0, ready to fill in.
    New(new::NewArgs),
    /// Preview the archive while editing: rebuilds on save and reloads the browser.
    Serve(serve::ServeArgs),
    /// List the themes, make a new one that extends another, or eject a built-in one to edit.
    Theme(theme::ThemeArgs),
}

/// How a command ended.
pub(crate) enum Outcome {
    /// Done; nothing wrong.
    Success,
    /// Done; the content has errors.
    Failure,
}

/// Writes `text` to standard output; a closed pipe (`ogi rules | head`) is not an error.
pub(crate) fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("writing to standard output"))
        }
        _ => Ok(()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Gen(args) => generate::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::New(args) => new::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Theme(args) => theme::run(&args),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
