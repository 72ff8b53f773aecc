use super::catalog::Catalog;
use super::{Context, Report, Rule, RuleMeta, declare_rule};
use crate::baseline::snapshot::{ExportFact, ImportFact};
use crate::graph::Graph;

declare_rule! {
    /// ## What it does
    /// Compares the new synth with the deployed state (`--baseline`) and flags an export
    /// that a deployed stack still imports but that the new synth no longer produces in
    /// that environment: removed, renamed (a CDK auto-generated name changes with the
    /// logical id it is built from, e.g. a Lambda `currentVersion` after a code change),
    /// moved to another stack, or dropped by switching a reference from strong to weak
    /// (`@aws-cdk/core:crossStackReferenceStrength`) without the `both` step.
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
    }
}

impl Rule for DroppedExportInUse {
    fn meta(&self) -> &'static RuleMeta {
        Self::META
    }

    fn needs_baseline(&self) -> bool {
        true
    }

    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let Some(states) = cx.states() else { return };
        for export in &states.deployed.exports {
            let importers = states.deployed.importers(&export.env, &export.name, &export.stack);
            if importers.is_empty() {
                continue;
            }
            let now: Vec<_> = cx.exports_named(&export.name, &export.env).collect();
            if now.iter().any(|&id| graph.stacks[graph.exports[id].stack].source.name == export.stack) {
                continue;
            }
            let moved_to = now.first().map(|&id| graph.stacks[graph.exports[id].stack].source.name.clone());
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
        message,
        help: help_text(graph, export, &importer.stack, weak_switch),
        export: Some(export.name.clone()),
        env: Some(export.env.to_string()),
        consumer,
        producer,
    }
}

/// Keep the export for one deploy with `this.exportValue(...)`, naming the value as CDK
/// code: the construct and attribute for auto-named exports, `{ name }` for explicit ones.
/// When the resource it came from is itself gone (a renamed logical id), no `exportValue`
/// can keep the old value: the consumers must move first.
fn help_text(graph: &Graph, export: &ExportFact, consumer: &str, weak_switch: bool) -> String {
    let mut help = match source_in_new_synth(graph, export) {
        Err(gone) => format!(
            "`{gone}`, which the export was built from, is gone from `{}` (renamed or removed), so no \
             `exportValue` can keep its value: deploy `{consumer}` without the import first (the value is \
             revision-bearing, see `cfnlint-lock explain LOCK001`), then this change",
            export.stack
        ),
        Ok(value) => {
            let call = if export.name.contains(":ExportsOutput") {
                format!("this.exportValue({value});")
            } else {
                format!("this.exportValue({value}, {{ name: '{}' }});", export.name)
            };
            format!(
                "keep the export one more deploy, deploy the consumers, then remove it:\n\
                 \x20 // in `{}`, until `{consumer}` is deployed without the import\n\
                 \x20 {call}\n\
                 then deploy `{consumer}`, and remove the line in a later change",
                export.stack
            )
        }
    };
    if weak_switch {
        help.push_str(&format!(
            "\n`{consumer}` now reads values through `Fn::GetStackOutput`: to switch from strong to weak \
             references, deploy once with `@aws-cdk/core:crossStackReferenceStrength` set to `both`"
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
            (Some(value), _) => format!("/* {value} */"),
            (None, Some(resolved)) => format!("'{resolved}'"),
            (None, None) => "/* the exported value */".to_owned(),
        });
    };
    let producer = graph
        .stacks
        .iter()
        .position(|s| s.source.name == export.stack && s.resources.contains_key(&source.resource))
        .ok_or_else(|| source.resource.clone())?;
    let construct = graph.construct_path(producer, &source.resource).map_or(source.resource.as_str(), construct_id);
    let attribute =
        Catalog::builtin().lookup(&source.kind, &source.attribute).and_then(|e| e.cdk.clone()).unwrap_or_else(|| {
            if source.attribute == "Ref" { "ref".to_owned() } else { format!("attr{}", source.attribute) }
        });
    Ok(format!("{}.{attribute}", lower_camel(construct)))
}

/// `dev/container/openclawTaskDef/Resource` → `openclawTaskDef`.
fn construct_id(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    match parts.next() {
        Some("Resource" | "Default") => parts.next().unwrap_or(path),
        Some(last) => last,
        None => path,
    }
}

fn lower_camel(id: &str) -> String {
    let cleaned: String = id.chars().filter(char::is_ascii_alphanumeric).collect();
    let mut chars = cleaned.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => "resource".to_owned(),
    }
}
