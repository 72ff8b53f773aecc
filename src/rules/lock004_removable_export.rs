use super::{Context, Report, declare_rule};
use std::collections::HashSet;

use crate::graph::{ExportId, Graph};

declare_rule! {
    /// ## What it does
    /// Compares the new synth with the deployed state (`--baseline`) and notes a CDK
    /// auto-generated export (`ExportsOutput…`, as `this.exportValue(...)` keeps alive)
    /// that no stack imports any more, neither in the new synth nor as deployed.
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
    /// consumers without the import.
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
            if !export.output.starts_with("ExportsOutput") {
                continue;
            }
            let stack = &graph.stacks[export.stack].source;
            let imported_now = imported_now.contains(&id);
            let imported_deployed = !states.deployed.importers(&stack.env, name, &stack.name).is_empty();
            if imported_now || imported_deployed {
                continue;
            }
            let producer = cx.export_site(id, "imported by no stack, new or deployed".to_owned());
            cx.report(Report {
                severity: None,
                message: format!(
                    "export `{name}` of `{}` is imported by no stack any more, new or deployed: it can be removed",
                    stack.name
                ),
                help: format!(
                    "remove the `this.exportValue(...)` that keeps it in `{}` (every environment's consumers must have deployed without the import)",
                    stack.name
                ),
                export: Some(name.to_owned()),
                env: Some(stack.env.to_string()),
                consumer: None,
                producer: Some(producer),
            });
        }
    }
}
