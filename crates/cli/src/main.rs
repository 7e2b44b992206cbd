//! `ogi`: the command line. Parses arguments, drives the library crates, sets the exit code.
//!
//! Exit codes: [`EXIT_CODES`].

mod build;
mod check;
mod completions;
mod generate;
mod import;
mod init;
mod lang;
mod level;
mod new;
mod progress;
mod project;
mod report;
mod rules;
mod serve;
mod theme;

use std::process::ExitCode;

/// The allocator of every `ogi` command (the workspace manifest says why).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// Archive of government information-disclosure annual reports (政府信息公开工作年度报告).
#[derive(Parser)]
#[command(name = "ogi", version, about, propagate_version = true, after_help = EXIT_CODES)]
struct Cli {
    /// Language of messages: zh (中文) or en; default from LC_ALL, LC_MESSAGES or LANG.
    #[arg(long, global = true, value_enum)]
    lang: Option<lang::LangArg>,
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    global: report::GlobalArgs,
}

/// The exit codes of every command, as `--help` shows them (README.md says the same).
const EXIT_CODES: &str = "\
Exit codes:
  0  success; warnings allowed. `ogi build` publishes reports with arithmetic errors
     (they are the public record), flags them and says how many: that is success too
  1  the content has errors the command refuses: `ogi check` found errors (or warnings,
     with --deny-warnings); `ogi build` met a file that does not load, or errors with
     --strict, and wrote nothing; `ogi theme list` found a broken theme
  2  ogi could not run: bad arguments, a missing folder, a broken theme or template,
     a refused --output, an unknown rule, a file `ogi new` would overwrite";

#[derive(Subcommand)]
enum Command {
    /// Build the static archive into site/.
    #[command(after_help = EXIT_CODES)]
    Build(build::BuildArgs),
    /// Validate every report under a content folder (default: content).
    #[command(after_help = EXIT_CODES)]
    Check(check::CheckArgs),
    /// Print a shell completion script on standard output.
    Completions(completions::CompletionsArgs),
    /// Generate a synthetic archive (valid reports of both editions) for tests and benchmarks.
    Gen(generate::GenArgs),
    /// Read published reports (portal HTML, PDF) into report files, uncertain cells left ~.
    Import(import::ImportArgs),
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
    let cli = parse();
    report::Reporter::of(&cli.global).install();
    let lang = lang::detect(cli.lang);
    let result = match cli.command {
        Command::Build(args) => build::run(&args, lang),
        Command::Check(args) => check::run(&args, lang),
        Command::Completions(args) => completions::run(&args),
        Command::Gen(args) => generate::run(&args),
        Command::Import(args) => import::run(&args, lang),
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
            let message = shown_from_here(&format!("{e:#}"));
            match lang {
                ogi_validate::Lang::En => eprintln!("error: {message}"),
                ogi_validate::Lang::Zh => eprintln!("错误：{message}"),
            }
            ExitCode::from(2)
        }
    }
}

/// The command line, parsed with clap's help and errors coloured as `--color` and NO_COLOR
/// say; a usage error exits 2 here.
fn parse() -> Cli {
    let color = report::ColorWhen::of_command_line(std::env::args_os()).for_clap();
    let matches = Cli::command().color(color).get_matches();
    Cli::from_arg_matches(&matches)
        .unwrap_or_else(|e| e.format(&mut Cli::command().color(color)).exit())
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
