use super::cdk::{
    REFERENCE_STRENGTH_KEY, attribute_expression, construct_expression, lower_camel, ts_comment, ts_string,
};
use super::{Context, Report, declare_rule};
use crate::baseline::snapshot::{ExportFact, ImportFact};
use crate::diagnostic::Reference;
use crate::graph::Graph;

declare_rule! {
    /// ## What it does
    /// Compares the new synth with the deployed state (`--baseline`) and flags an export
    /// that a deployed stack still imports but that the new synth no longer produces in
    /// that environment: removed, renamed (a CDK auto-generated name changes with the
    /// logical id it is built from, e.g. a Lambda `currentVersion` after a code change),
    /// moved to another stack, or dropped by switching a reference from strong to weak
    /// (`@aws-cdk/core:defaultCrossStackReferences` from `strong` straight to `weak`)
    /// without the `both` step.
    ///
    /// ## Why is this bad?
    /// CloudFormation deploys the producer before its consumers (aws/aws-cdk#7602), and
    /// refuses to delete an export that another stack imports: "Export … cannot be deleted
    /// as it is in use by …". What counts is what the *deployed* consumers import, not
    /// what the new consumer templates import.
    ///
    /// ## Example
    /// ```js
    /// // the service stack stopped using container.taskDef.taskDefinitionArn,
    /// // so CDK stopped generating the container stack's export
    /// ```
    ///
    /// Use instead: keep the export one more deploy, deploy the consumers, then remove it:
    /// ```js
    /// // container stack, for one deploy
    /// this.exportValue(this.taskDef.taskDefinitionArn);
    /// ```
    ///
    /// ## References
    /// - CDK `Stack.exportValue` docs ("Deployment 1: break the relationship …")
    /// - aws/aws-cdk#7602
    pub DroppedExportInUse {
        code: "LOCK002", name: "dropped-export-in-use", severity: Error, since: "0.1.0",
        summary: "a deployed stack imports an export the new synth no longer produces",
        baseline: true,
    }
}

impl DroppedExportInUse {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let Some(states) = cx.states() else { return };
        for (export, importers) in states.in_use() {
            // The new synth's exports of that name, CDK cross-region parameters included.
            let now: Vec<_> = states
                .current
                .exports
                .iter()
                .filter(|e| e.name == export.name && e.env.can_reach(&export.env))
                .collect();
            if now.iter().any(|e| e.stack == export.stack) {
                continue;
            }
            let moved_to = now.first().map(|e| e.stack.clone());
            for importer in importers {
                let report = finding(graph, cx, export, importer, moved_to.as_deref());
                cx.report(report);
            }
        }
    }
}

fn finding(
    graph: &Graph,
    cx: &Context<'_>,
    export: &ExportFact,
    importer: &ImportFact,
    moved_to: Option<&str>,
) -> Report {
    let message = match moved_to {
        Some(to) => format!(
            "export `{}` moves from `{}` to `{to}`, but the deployed `{}` still imports it from `{}`",
            export.name, export.stack, importer.stack, export.stack
        ),
        None => format!(
            "`{}` no longer exports `{}`, but the deployed `{}` still imports it",
            export.stack, export.name, importer.stack
        ),
    };
    let consumer = importer
        .evidence
        .as_ref()
        .map(|e| Context::evidence_site(&importer.stack, e, "deployed import of the dropped export".to_owned()));
    let producer_label = match moved_to {
        Some(to) => format!("no longer here: the export now comes from `{to}`"),
        None => "the export is gone from these outputs".to_owned(),
    };
    let producer = cx.outputs_site(&export.stack, &export.env, producer_label);
    let weak_switch = graph.weak_refs.iter().any(|w| graph.stacks[w.stack].source.name == importer.stack);
    Report {
        severity: None,
        reference: Some(Reference::Import),
        message,
        help: help_text(graph, export, &importer.stack, moved_to, weak_switch),
        export: Some(export.name.clone()),
        env: Some(export.env.to_string()),
        consumer,
        producer,
    }
}

/// The way out: for a moved export, a rename in steps; for a value whose resource is gone,
/// move the consumers first; else keep the export one more deploy (`this.exportValue(...)`
/// in CDK apps, the `Outputs` entry in hand-written templates).
fn help_text(graph: &Graph, export: &ExportFact, consumer: &str, moved_to: Option<&str>, weak_switch: bool) -> String {
    let producer = &export.stack;
    let mut help = if let Some(to) = moved_to {
        format!(
            "an export name cannot move between stacks in one deploy: export the value from `{to}` under a new \
             name, switch `{consumer}` to it and deploy, then remove `{}` from `{producer}`",
            export.name
        )
    } else {
        match source_in_new_synth(graph, export) {
            Err(gone) => format!(
                "`{gone}`, which the export was built from, is gone from `{producer}` (renamed or removed), so no \
                 export can keep its value: deploy `{consumer}` without the import first, then this change"
            ),
            Ok(value) if graph.stacks.iter().any(|s| &s.source.name == producer && s.source.artifact_id.is_some()) => {
                let call = if export.name.contains(":ExportsOutput") {
                    format!("this.exportValue({value});")
                } else {
                    format!("this.exportValue({value}, {{ name: {} }});", ts_string(&export.name))
                };
                format!(
                    "keep the export one more deploy, deploy the consumers, then remove it:\n\
                     \x20 // in {}, until {} is deployed without the import\n\
                     \x20 {call}\n\
                     then deploy `{consumer}`, and remove the line in a later change",
                    ts_string(producer),
                    ts_string(consumer),
                )
            }
            Ok(_) => format!(
                "keep the output{} with `Export: {{ Name: {} }}` in `{producer}` one more deploy, deploy `{consumer}` \
                 without the import, then remove it",
                export.output.as_deref().map(|o| format!(" `{o}`")).unwrap_or_default(),
                export.name
            ),
        }
    };
    if weak_switch {
        help.push_str(&format!(
            "\n`{consumer}` now reads values through `Fn::GetStackOutput`: to switch from strong to weak \
             references, deploy everywhere once with `{REFERENCE_STRENGTH_KEY}` set to `both` (exports kept, \
             consumers switched), then set it to `weak`"
        ));
    }
    help
}

/// `openclawTaskDef.taskDefinitionArn` for `{"Ref": "openclawTaskDef0CCBC23B"}` of a task
/// definition; the CloudFormation expression itself when there is no better name. `Err`
/// names the resource when the new synth no longer has it.
fn source_in_new_synth(graph: &Graph, export: &ExportFact) -> Result<String, String> {
    let Some(source) = export.sources.first() else {
        return Ok(match (&export.value, &export.resolved) {
            (Some(value), _) => ts_comment(&value.to_string()),
            (None, Some(resolved)) => ts_string(resolved),
            (None, None) => "/* the exported value */".to_owned(),
        });
    };
    let (producer, resource) = (0..graph.stacks.len())
        .filter(|&id| graph.stacks[id].source.name == export.stack)
        .find_map(|id| Some((id, graph.any_resource(id, &source.resource)?)))
        .ok_or_else(|| source.resource.clone())?;
    let variable = resource.construct_path.as_deref().map_or_else(
        || lower_camel(&source.resource),
        |path| construct_expression(path, &graph.stacks[producer].source.display_name),
    );
    Ok(attribute_expression(&variable, &source.kind, &source.attribute))
}
