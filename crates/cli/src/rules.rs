//! `ogi rules`: the rule registry, for people.

use std::fmt::Write;

use anyhow::bail;
use clap::Args;
use ogi_validate::Rule;

use crate::{Outcome, emit};

/// Arguments of `ogi rules`.
#[derive(Args)]
pub(crate) struct RulesArgs {
    /// Explain one rule in full.
    id: Option<String>,
    /// Print the documentation as Markdown: the rule's section, or all of docs/rules.md.
    #[arg(long)]
    markdown: bool,
}

pub(crate) fn run(args: &RulesArgs) -> anyhow::Result<Outcome> {
    let rule = args.id.as_deref().map(rule).transpose()?;
    if args.markdown {
        emit(&match rule {
            Some(rule) => ogi_validate::rule_markdown(rule.meta()),
            None => ogi_validate::rules_markdown(),
        })?;
        return Ok(Outcome::Success);
    }
    let mut out = String::new();
    if let Some(rule) = rule {
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

/// The rule called `id` (in any case); an unknown one is an error (exit 2) that suggests
/// the nearest.
fn rule(id: &str) -> anyhow::Result<&'static dyn Rule> {
    if let Some(rule) = ogi_validate::find_rule(id) {
        return Ok(rule);
    }
    let ids: Vec<&str> = ogi_validate::registry()
        .iter()
        .map(|r| r.meta().id)
        .collect();
    let hint = ogi_model::suggest(&id.to_uppercase(), &ids)
        .map(|s| format!(" (did you mean {s}?)"))
        .unwrap_or_default();
    bail!("no rule `{id}`{hint}; `ogi rules` lists them");
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
