//! `ogi completions`: shell completion scripts, made from the same definition as the parser.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::{Cli, Outcome, emit};

/// Arguments of `ogi completions`.
#[derive(Args)]
#[command(after_help = "\
Install, for example:
  bash  ogi completions bash > ~/.local/share/bash-completion/completions/ogi
  zsh   ogi completions zsh > ~/.zfunc/_ogi   (with fpath+=(~/.zfunc) before compinit)
  fish  ogi completions fish > ~/.config/fish/completions/ogi.fish")]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in.
    shell: Shell,
}

pub(crate) fn run(args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "ogi", &mut script);
    emit(&String::from_utf8_lossy(&script))?;
    Ok(Outcome::Success)
}
