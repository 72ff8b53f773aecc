use std::collections::BTreeMap;

use super::{Context, Report, declare_rule};
use crate::Severity;
use crate::graph::{ExportId, Graph};

declare_rule! {
    /// ## What it does
    /// Flags two stacks of one environment (account and region) that export the same
    /// name. Environment-agnostic stacks may or may not share an environment at deploy
    /// time, so a clash involving one is a warning that says so.
    ///
    /// ## Why is this bad?
    /// Export names are unique per account and region: the second stack's deploy fails
    /// with "Export with name X is already exported by stack Y".
    ///
    /// ## Example
    /// ```js
    /// // in two stacks deployed to the same account and region
    /// new CfnOutput(this, 'VpcIdOutput', { value: vpc.vpcId, exportName: 'shared-VpcId' });
    /// ```
    ///
    /// Use instead: a name unique to the stack, e.g. prefixed with `Stack.of(this).stackName`,
    /// or let CDK generate export names through cross-stack references.
    ///
    /// ## References
    /// - CloudFormation: exported output names must be unique within a region
    pub DuplicateExportName {
        code: "LOCK005", name: "duplicate-export-name", severity: Error, since: "0.1.0",
        summary: "two stacks of one environment export the same name",
    }
}

impl DuplicateExportName {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let mut by_name: BTreeMap<&str, Vec<ExportId>> = BTreeMap::new();
        for (id, export) in graph.exports.iter().enumerate() {
            if let Some(name) = export.name.value() {
                by_name.entry(name).or_default().push(id);
            }
        }
        for (name, ids) in by_name.into_iter().filter(|(_, ids)| ids.len() > 1) {
            for (i, &later) in ids.iter().enumerate().skip(1) {
                let env = graph.env_of_export(later);
                let Some(&first) = ids[..i].iter().find(|&&e| graph.env_of_export(e).can_reach(env)) else { continue };
                let first_env = graph.env_of_export(first);
                let certain = first_env == env && env.account.is_some() && env.region.is_some();
                let (first_stack, later_stack) = (
                    &graph.stacks[graph.exports[first].stack].source,
                    &graph.stacks[graph.exports[later].stack].source,
                );
                let mut message = format!(
                    "`{}` and `{}` both export `{name}` in `{env}`",
                    first_stack.name,
                    later_stack.name,
                    env = if certain { env } else { first_env }
                );
                if !certain {
                    message
                        .push_str(" (an environment-agnostic stack: a clash if both deploy to one account and region)");
                }
                let report = Report {
                    severity: (!certain).then_some(Severity::Warning),
                    reference: None,
                    message,
                    help: format!(
                        "give one of them another name, e.g. prefixed with its stack name: `exportName: `${{Stack.of(this).stackName}}-…``; the second deploy fails with \"Export with name {name} is already exported by stack {}\"",
                        first_stack.name
                    ),
                    export: Some(name.to_owned()),
                    env: Some(env.to_string()),
                    consumer: Some(cx.export_site(later, "exported again here".to_owned())),
                    producer: Some(cx.export_site(first, "first exported here".to_owned())),
                };
                cx.report(report);
            }
        }
    }
}
