//! `ogi`: the command line. Parses arguments, drives the library crates, sets the exit code.
//!
//! Exit codes: 0 success (warnings allowed), 1 the content has errors, 2 ogi could not run.

mod build;
mod check;
mod generate;
mod init;
mod lang;
mod new;
mod project;
mod rules;
mod serve;
mod theme;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Archive of government information-disclosure annual reports (政府信息公开工作年度报告).
#[derive(Parser)]
#[command(name = "ogi", version, about, propagate_version = true)]
struct Cli {
    /// Language of messages: zh (中文) or en; default from LC_ALL, LC_MESSAGES or LANG.
    #[arg(long, global = true, value_enum)]
    lang: Option<lang::LangArg>,
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
    /// Make a new project: content/site.yaml, a sample report and a .gitignore.
    Init(init::InitArgs),
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
    let lang = lang::detect(cli.lang);
    let result = match cli.command {
        Command::Build(args) => build::run(&args, lang),
        Command::Check(args) => check::run(&args, lang),
        Command::Gen(args) => generate::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::New(args) => new::run(&args),
        Command::Serve(args) => serve::run(&args, lang),
        Command::Theme(args) => theme::run(&args),
    };
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failure) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {}", shown_from_here(&format!("{e:#}")));
            ExitCode::from(2)
        }
    }
}

/// `message` with the absolute paths below the current folder shown relative to it, as the
/// user typed them: library errors name absolute paths, since every crate works with those.
fn shown_from_here(message: &str) -> String {
    match std::env::current_dir() {
        Ok(cwd) if cwd.parent().is_some() => message.replace(
            &format!("{}{}", cwd.display(), std::path::MAIN_SEPARATOR),
            "",
        ),
        _ => message.to_owned(),
    }
}
