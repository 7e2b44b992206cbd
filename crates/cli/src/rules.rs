//! `ogi rules`: the rule registry, for people.

use std::fmt::Write;

use anyhow::bail;
use clap::Args;

use crate::{Outcome, emit};

/// Arguments of `ogi rules`.
#[derive(Args)]
pub(crate) struct RulesArgs {
    /// Explain one rule in full.
    id: Option<String>,
    /// Print all rules' documentation as Markdown (the text of docs/rules.md).
    #[arg(long)]
    markdown: bool,
}

pub(crate) fn run(args: &RulesArgs) -> anyhow::Result<Outcome> {
    if args.markdown {
        emit(&ogi_validate::rules_markdown())?;
        return Ok(Outcome::Success);
    }
    let mut out = String::new();
    if let Some(id) = &args.id {
        let Some(rule) = ogi_validate::find_rule(id) else {
            let ids: Vec<&str> = ogi_validate::registry()
                .iter()
                .map(|r| r.meta().id)
                .collect();
            let hint = ogi_model::suggest(&id.to_uppercase(), &ids)
                .map(|s| format!(" (did you mean {s}?)"))
                .unwrap_or_default();
            bail!("no rule `{id}`{hint}; `ogi rules` lists them");
        };
        let m = rule.meta();
        let _ = writeln!(
            out,
            "{} ({})\n{}\n{}\n",
            m.id,
            m.severity.as_str(),
            m.summary_zh,
            m.summary_en
        );
        let _ = writeln!(out, "Why: {}\n", m.rationale_text());
        let _ = writeln!(out, "Reported:\n{}\n", indent(m.bad_example));
        let _ = writeln!(out, "Fix: {}", m.fix_text());
    } else {
        for rule in ogi_validate::registry() {
            let m = rule.meta();
            let _ = writeln!(
                out,
                "{:<13} {:<8} {}\n{:<22} {}",
                m.id,
                m.severity.as_str(),
                m.summary_zh,
                "",
                m.summary_en
            );
        }
    }
    emit(&out)?;
    Ok(Outcome::Success)
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
