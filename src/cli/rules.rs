//! `cfnlint-lock rules` and `cfnlint-lock explain RULE`: the rule docs, from the rules'
//! own `///` comments.

use std::process::ExitCode;

use super::emit;
use cfnlint_lock::rules::{RULES, find};

pub fn list() -> ExitCode {
    let mut text = String::new();
    for rule in RULES {
        let meta = rule.meta();
        text.push_str(&format!("{}  {:<28} {:<8} {}\n", meta.code, meta.name, meta.severity.as_str(), meta.summary));
    }
    emit(&text).err().unwrap_or(ExitCode::SUCCESS)
}

pub fn explain(rule: &str) -> ExitCode {
    let Some(rule) = find(rule) else {
        eprintln!("cfnlint-lock: no rule `{rule}`; `cfnlint-lock rules` lists them");
        return ExitCode::from(2);
    };
    let meta = rule.meta();
    let docs: String = meta.docs.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n");
    let text = format!(
        "# {} ({})\n\nDefault severity: {}. Since {}.\n\n{}\n",
        meta.name,
        meta.code,
        meta.severity.as_str(),
        meta.since,
        docs.trim_end()
    );
    emit(&text).err().unwrap_or(ExitCode::SUCCESS)
}
