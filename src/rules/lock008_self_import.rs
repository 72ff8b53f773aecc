use super::{Context, Report, declare_rule};
use crate::diagnostic::Reference;
use crate::graph::{Graph, StackId};

declare_rule! {
    /// ## What it does
    /// Flags a stack that imports its own export, or a nested stack that imports an
    /// export of a stack it is nested in.
    ///
    /// ## Why is this bad?
    /// Exports are published only when the stack operation completes: the first deploy
    /// fails with "No export named X found", and once deployed the stack locks itself
    /// (it can never change or drop that export).
    ///
    /// ## Example
    /// ```js
    /// new CfnOutput(this, 'QueueUrl', { value: queue.queueUrl, exportName: 'jobs-QueueUrl' });
    /// environment: { QUEUE_URL: Fn.importValue('jobs-QueueUrl') }  // same stack
    /// ```
    ///
    /// Use instead: the value itself (`queue.queueUrl`); inside one stack CDK uses `Ref` and
    /// `Fn::GetAtt`.
    ///
    /// ## References
    /// - CDK `CfnOutput.importValue`: "should only be used in a different Stack"
    pub SelfImport {
        code: "LOCK008", name: "self-import", severity: Error, since: "0.1.0",
        summary: "a stack imports its own export",
    }
}

impl SelfImport {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for import in &graph.imports {
            for &export in &import.producers {
                let producer = graph.exports[export].stack;
                if !is_self_or_ancestor(graph, producer, import.stack) {
                    continue;
                }
                let stack = &graph.stacks[import.stack].source;
                let name = graph.exports[export].name.shown();
                let message = if producer == import.stack {
                    format!("`{}` imports its own export `{name}`", stack.name)
                } else {
                    format!(
                        "nested stack `{}` imports `{name}`, an export of `{}`, which it is nested in",
                        stack.name, graph.stacks[producer].source.name
                    )
                };
                let report = Report {
                    severity: None,
                    reference: Some(Reference::Import),
                    message,
                    help: "use the value itself inside the stack (CDK resolves same-stack references to `Ref`/`Fn::GetAtt`), or pass it to the nested stack as a parameter".to_owned(),
                    export: Some(name.to_owned()),
                    env: Some(stack.env.to_string()),
                    consumer: Some(cx.import_site(import, "imported here".to_owned())),
                    producer: Some(cx.export_site(export, "exported by the same stack".to_owned())),
                };
                cx.report(report);
            }
        }
    }
}

/// Whether `producer` is `stack` or a stack `stack` is nested in.
fn is_self_or_ancestor(graph: &Graph, producer: StackId, mut stack: StackId) -> bool {
    loop {
        if stack == producer {
            return true;
        }
        match &graph.stacks[stack].source.nested_in {
            Some(link) => stack = link.parent,
            None => return false,
        }
    }
}
