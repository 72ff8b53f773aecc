use super::{Context, Report, declare_rule};
use crate::diagnostic::Reference;
use crate::graph::Graph;

declare_rule! {
    /// ## What it does
    /// Flags an import (`Fn::ImportValue`) of a name that is exported only in another
    /// region or account. Environment-agnostic stacks (`unknown-account`,
    /// `unknown-region`) are compared as far as they are known: a known region that
    /// differs is enough.
    ///
    /// ## Why is this bad?
    /// Exports live per account and region; `Fn::ImportValue` cannot cross them, so the
    /// deploy fails with "No export named X found".
    ///
    /// ## Example
    /// ```js
    /// // consumer in eu-west-1, export in us-east-1
    /// environment: { TOPIC_ARN: Fn.importValue('platform-TopicArn') }
    /// ```
    ///
    /// Use instead: a cross-region reference (`crossRegionReferences: true` on the
    /// consumer stack, SSM-backed), `Fn::GetStackOutput` with `Region` (and `RoleArn`
    /// across accounts), or deploy both stacks to one environment. For a value that changes
    /// on the producer's deploys (LOCK001's), neither: CDK's cross-region writer will not
    /// update a parameter that is read, and a weak reference goes stale (LOCK012); read an
    /// SSM parameter where the value is used.
    ///
    /// ## References
    /// - CloudFormation `Fn::ImportValue`: you can't create cross-stack references across regions
    pub CrossEnvironmentImport {
        code: "LOCK006", name: "cross-environment-import", severity: Error, since: "0.1.0",
        summary: "a stack imports an export that exists only in another region or account",
    }
}

impl CrossEnvironmentImport {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for import in graph.imports.iter().filter(|i| i.producers.is_empty()) {
            let Some(name) = import.name.value() else { continue };
            let Some(export) = graph.exports.iter().position(|e| e.name.value() == Some(name)) else { continue };
            let consumer = &graph.stacks[import.stack].source;
            let producer = &graph.stacks[graph.exports[export].stack].source;
            let across = if consumer.env.account.is_some()
                && producer.env.account.is_some()
                && consumer.env.account != producer.env.account
            {
                "accounts"
            } else {
                "regions"
            };
            let report = Report {
                severity: None,
                reference: Some(Reference::Import),
                message: format!(
                    "`{}` in `{}` imports `{name}`, which only `{}` in `{}` exports: `Fn::ImportValue` cannot cross {across}",
                    consumer.name, consumer.env, producer.name, producer.env
                ),
                help: "make it a cross-region reference (`crossRegionReferences: true` on the consumer stack), read it with \
                       `Fn::GetStackOutput` and `Region` (plus `RoleArn` across accounts), or deploy both stacks to one environment; \
                       for a value that changes on the producer's deploys, read an SSM parameter where it is used instead \
                       (a weak reference would keep the old value: LOCK012)"
                    .to_owned(),
                export: Some(name.to_owned()),
                env: Some(producer.env.to_string()),
                consumer: Some(cx.import_site(import, format!("imported in `{}`", consumer.env))),
                producer: Some(cx.export_site(export, format!("exported in `{}`", producer.env))),
            };
            cx.report(report);
        }
    }
}
