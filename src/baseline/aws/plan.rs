//! Which calls the question needs: after `ListExports`, the exports worth a `ListImports`
//! and the producer stacks worth a `GetTemplate`, so the count grows with what changed and
//! not with the number of stacks.

use std::collections::BTreeSet;

use crate::baseline::snapshot::{ExportFact, Snapshot, SourceFact};

/// What a deployed export is to the new synth, and which rule asks about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// The new synth no longer produces it from that stack (LOCK002).
    Dropped,
    /// The new synth's value is revision-bearing and may change with its resource (LOCK003).
    MayChange,
    /// An auto-generated export no new stack imports: is a deployed one still using it (LOCK004)?
    Removable,
}

impl Question {
    /// The rule whose finding needs the answer.
    #[must_use]
    pub fn rule(self) -> (&'static str, &'static str) {
        match self {
            Question::Dropped => ("LOCK002", "dropped-export-in-use"),
            Question::MayChange => ("LOCK003", "changed-export-in-use"),
            Question::Removable => ("LOCK004", "removable-export"),
        }
    }
}

/// The question each deployed export raises, if any, given the new synth's facts.
#[must_use]
pub fn question(
    deployed: &ExportFact,
    current: &Snapshot,
    is_revision_bearing: &dyn Fn(&SourceFact) -> bool,
) -> Option<Question> {
    let now = current
        .exports
        .iter()
        .find(|e| e.name == deployed.name && e.stack == deployed.stack && e.env.can_reach(&deployed.env));
    let Some(now) = now else { return Some(Question::Dropped) };
    if now.sources.iter().any(is_revision_bearing) {
        return Some(Question::MayChange);
    }
    let auto = now.output.as_deref().is_some_and(|o| o.starts_with("ExportsOutput"));
    let unused_now = current.importers(&now.env, &now.name, &now.stack).is_empty();
    (auto && unused_now).then_some(Question::Removable)
}

/// The producers whose deployed templates a finding needs: those of imported exports that
/// the new synth drops (the fix names the resource) or may change (LOCK003 compares).
#[must_use]
pub fn templates_needed<'a>(answered: impl Iterator<Item = (&'a ExportFact, Question, bool)>) -> BTreeSet<String> {
    answered
        .filter(|(_, question, imported)| *imported && *question != Question::Removable)
        .map(|(export, _, _)| export.stack.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::manifest::Env;

    fn export(name: &str, stack: &str, output: &str, bearing: bool) -> ExportFact {
        let sources = if bearing {
            vec![SourceFact {
                resource: "TaskDef".into(),
                kind: "AWS::ECS::TaskDefinition".into(),
                attribute: "Ref".into(),
                digest: String::new(),
            }]
        } else {
            Vec::new()
        };
        ExportFact {
            env: Env::parse("aws://111111111111/us-east-1").unwrap(),
            name: name.into(),
            stack: stack.into(),
            output: Some(output.into()),
            value: None,
            resolved: None,
            sources,
            evidence: None,
        }
    }

    fn current(exports: Vec<ExportFact>) -> Snapshot {
        let mut snapshot = Snapshot { exports, ..Snapshot::default() };
        snapshot.sort();
        snapshot
    }

    #[test]
    fn asks_only_what_a_rule_needs() {
        let bearing = |s: &SourceFact| s.kind == "AWS::ECS::TaskDefinition";
        let now = current(vec![
            export("kept", "A", "Named", false),
            export("task", "A", "ExportsOutputRefTask", true),
            export("auto", "A", "ExportsOutputRefBucket", false),
        ]);
        let ask = |name: &str, stack: &str| question(&export(name, stack, "X", false), &now, &bearing);
        assert_eq!(ask("kept", "A"), None);
        assert_eq!(ask("gone", "A"), Some(Question::Dropped));
        assert_eq!(ask("kept", "B"), Some(Question::Dropped), "moved to another stack");
        assert_eq!(ask("task", "A"), Some(Question::MayChange));
        assert_eq!(ask("auto", "A"), Some(Question::Removable));
    }

    #[test]
    fn templates_only_for_imported_exports_that_drop_or_change() {
        let a = export("a", "A", "X", false);
        let b = export("b", "B", "X", false);
        let c = export("c", "C", "X", false);
        let d = export("d", "D", "X", false);
        let answered = [
            (&a, Question::Dropped, true),
            (&b, Question::MayChange, false),
            (&c, Question::Removable, true),
            (&d, Question::MayChange, true),
        ];
        let needed = templates_needed(answered.into_iter());
        assert_eq!(needed.into_iter().collect::<Vec<_>>(), ["A", "D"]);
    }
}
