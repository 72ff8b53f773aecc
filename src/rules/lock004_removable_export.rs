use super::{Context, Report, declare_rule};
use std::collections::HashSet;

use super::cdk::REFERENCE_STRENGTH_KEY;
use crate::baseline::snapshot::canonical;
use crate::graph::{Export, ExportId, Graph};
use crate::load::node::Node;

declare_rule! {
    /// ## What it does
    /// Compares the new synth with the deployed state (`--baseline`) and notes a CDK
    /// auto-generated export (`ExportsOutput…`, as `this.exportValue(...)` keeps alive)
    /// that no stack imports any more, neither in the new synth nor as deployed.
    ///
    /// An export that stays only for the strong→weak migration (the context key
    /// `@aws-cdk/core:defaultCrossStackReferences` set to `both`: CDK keeps the export and
    /// adds a `PublishOutput…` Output of the same value, which the consumers now read with
    /// `Fn::GetStackOutput`) is noted too: with the deployed stacks that still import it,
    /// or, once none does, as ready for `weak`.
    ///
    /// ## Why is this bad?
    /// It is not: it is the clean-up step of the two-deploy removal LOCK002 asks for. The
    /// transitional `exportValue` can now be removed; left in place it keeps a dead output
    /// and, if revision-bearing, keeps the producer one careless import away from a lock.
    ///
    /// ## Example
    /// ```js
    /// // kept for one deploy while the service moved to an SSM parameter
    /// this.exportValue(this.taskDef.taskDefinitionArn);
    /// ```
    ///
    /// Use instead: delete the `exportValue` line once every environment has deployed the
    /// consumers without the import. In `both` mode: deploy every consumer in every
    /// environment, then set the context key to `weak`, which drops the export.
    ///
    /// ## References
    /// - CDK `Stack.exportValue` docs
    pub RemovableExport {
        code: "LOCK004", name: "removable-export", severity: Note, since: "0.1.0",
        summary: "an export kept alive for consumers is imported by nobody any more",
        baseline: true,
    }
}

impl RemovableExport {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let Some(states) = cx.states() else { return };
        let imported_now: HashSet<ExportId> = graph.imports.iter().flat_map(|i| i.producers.iter().copied()).collect();
        for (id, export) in graph.exports.iter().enumerate() {
            let Some(name) = export.name.value() else { continue };
            if !export.output.starts_with("ExportsOutput") || imported_now.contains(&id) {
                continue;
            }
            let stack = &graph.stacks[export.stack].source;
            let importers = states.deployed.importers(&stack.env, name, &stack.name);
            let importers: Vec<&str> = importers.iter().map(|i| i.stack.as_str()).collect();
            let migration = published_weakly(graph, export);
            let (message, help) = match (migration, importers.is_empty()) {
                (false, false) => continue,
                (false, true) => (
                    format!(
                        "export `{name}` of `{}` is imported by no stack any more, new or deployed: it can be removed",
                        stack.name
                    ),
                    format!(
                        "remove the `this.exportValue(...)` that keeps it in `{}` (every environment's consumers must have deployed without the import)",
                        stack.name
                    ),
                ),
                (true, false) => (
                    format!(
                        "export `{name}` of `{}` remains only for the strong-to-weak migration: it is still imported by \
                         the deployed {}, which the new synth makes read it through `Fn::GetStackOutput`",
                        stack.name,
                        importers.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
                    ),
                    format!(
                        "keep `{REFERENCE_STRENGTH_KEY}` at `both` until every one of {} is deployed in every \
                         environment, then set it to `weak`, which drops the export",
                        importers.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
                    ),
                ),
                (true, true) => (
                    format!(
                        "export `{name}` of `{}` remains only for the strong-to-weak migration, and no stack imports \
                         it any more, new or deployed",
                        stack.name
                    ),
                    format!(
                        "set `{REFERENCE_STRENGTH_KEY}` to `weak` once every environment is deployed with `both`: that \
                         drops the export"
                    ),
                ),
            };
            let label = match importers.is_empty() {
                true => "imported by no stack, new or deployed",
                false => "imported only by deployed stacks",
            };
            let producer = cx.export_site(id, label.to_owned());
            cx.report(Report {
                severity: None,
                reference: None,
                message,
                help,
                export: Some(name.to_owned()),
                env: Some(stack.env.to_string()),
                consumer: None,
                producer: Some(producer),
            });
        }
    }
}

/// Whether the export's producer also publishes its value as a plain `PublishOutput…`
/// Output: CDK's `both` strength, which keeps the export only for consumers not yet moved
/// to `Fn::GetStackOutput`.
fn published_weakly(graph: &Graph, export: &Export) -> bool {
    let outputs = graph.stacks[export.stack].source.template.root.get("Outputs").and_then(Node::as_map);
    outputs.unwrap_or_default().iter().any(|o| {
        o.key.starts_with("PublishOutput")
            && o.value.get("Value").is_some_and(|v| canonical(v) == canonical(&export.value))
    })
}
