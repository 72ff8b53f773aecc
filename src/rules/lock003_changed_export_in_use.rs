use super::catalog::{Catalog, Changes};
use super::{Context, Report, declare_rule};
use crate::Severity;
use crate::baseline::snapshot::{ExportFact, SourceFact};
use crate::diagnostic::Reference;
use crate::graph::{ExportId, Graph};

declare_rule! {
    /// ## What it does
    /// Compares the new synth with the deployed state (`--baseline`) and flags an export
    /// that deployed stacks import and whose value this deploy changes. Two causes: the
    /// value expression changed (a `Ref` to another resource, a changed literal or
    /// `Fn::Sub`; compared structurally, so key order and layout do not matter), or the
    /// expression is the same but revision-bearing (LOCK001's catalogue) and the resource
    /// it comes from changed since the baseline (e.g. a task definition whose image tag was
    /// bumped registers a new revision, so its ARN changes).
    ///
    /// ## Why is this bad?
    /// CloudFormation refuses to update an export while another stack imports it: this
    /// deploy fails with "Export … cannot be updated as it is in use by …" and rolls back.
    /// LOCK001 says a design will block changes; LOCK003 says this deploy will fail.
    ///
    /// ## Example
    /// ```js
    /// // deployed: image tag 1.4.2; this change: image tag 1.4.3
    /// container: ecs.ContainerImage.fromRegistry('ghcr.io/openclaw/openclaw:1.4.3')
    /// ```
    ///
    /// Use instead: move the consumer off the export first (LOCK001's fix: an SSM
    /// parameter read at run time), deploy it, then change the producer.
    ///
    /// ## References
    /// - CloudFormation `Fn::ImportValue`: you can't modify an output value that is
    ///   referenced by another stack
    pub ChangedExportInUse {
        code: "LOCK003", name: "changed-export-in-use", severity: Error, since: "0.1.0",
        summary: "this deploy changes the value of an export that deployed stacks import",
        baseline: true,
    }
}

impl ChangedExportInUse {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let Some(states) = cx.states() else { return };
        for (deployed, importers) in states.in_use() {
            let same_stack = |&id: &ExportId| graph.stacks[graph.exports[id].stack].source.name == deployed.stack;
            let Some(now_id) = cx.exports_named(&deployed.name, &deployed.env).find(same_stack) else { continue };
            let Some(now) = states.current.exports.iter().find(|e| {
                e.name == deployed.name
                    && e.stack == deployed.stack
                    && e.env == graph.stacks[graph.exports[now_id].stack].source.env
            }) else {
                continue;
            };
            let Some(change) = change_of(deployed, now) else { continue };
            for importer in importers {
                let consumer = importer
                    .evidence
                    .as_ref()
                    .map(|e| Context::evidence_site(&importer.stack, e, "deployed import of the export".to_owned()));
                let producer = cx.export_site(now_id, change.label.clone());
                cx.report(Report {
                    severity: change.severity,
                    reference: Some(Reference::Import),
                    message: format!(
                        "{}, and the deployed `{}` imports it",
                        change.message.replace("{export}", &deployed.name).replace("{stack}", &deployed.stack),
                        importer.stack
                    ),
                    help: change.help.replace("{consumer}", &importer.stack),
                    export: Some(deployed.name.clone()),
                    env: Some(deployed.env.to_string()),
                    consumer,
                    producer: Some(producer),
                });
            }
        }
    }
}

/// What changes between the deployed export and the new one.
struct Change {
    severity: Option<Severity>,
    message: String,
    label: String,
    help: String,
}

const HELP: &str = "move `{consumer}` off the export first (see `cfnlint-lock explain LOCK001`: share the value \
                    through an SSM parameter read at run time), deploy it, then deploy this change";

fn change_of(deployed: &ExportFact, now: &ExportFact) -> Option<Change> {
    let Some(before) = &deployed.value else {
        // A CLI dump holds resolved values only; the new synth holds expressions.
        let bearing = now.sources.iter().find(|s| is_revision_bearing(s))?;
        return Some(Change {
            severity: Some(Severity::Note),
            message: format!(
                "cannot tell whether this deploy changes export `{{export}}` of `{{stack}}` (the `{}` of `{}` `{}`): the baseline holds resolved values, not templates",
                bearing.attribute, bearing.kind, bearing.resource
            ),
            label: "revision-bearing value".to_owned(),
            help: "give a baseline with templates (a previous `cdk.out`, `get-template` output or a lockfile) to compare resource properties".to_owned(),
        });
    };
    let after = now.value.as_ref()?;
    if before != after {
        return Some(Change {
            severity: None,
            message: format!(
                "this deploy changes the value of export `{{export}}` of `{{stack}}` from `{before}` to `{after}`"
            ),
            label: format!("the value is now `{after}`"),
            help: HELP.to_owned(),
        });
    }
    let changed = now.sources.iter().filter(|s| is_revision_bearing(s)).find(|s| {
        deployed.sources.iter().any(|d| d.resource == s.resource && d.attribute == s.attribute && d.digest != s.digest)
    })?;
    Some(Change {
        severity: None,
        message: format!(
            "this deploy changes export `{{export}}` of `{{stack}}`: `{}` `{}` changed since the deployed version, so its `{}` changes",
            changed.kind, changed.resource, changed.attribute
        ),
        label: format!("same expression, but `{}` changed, so the value changes", changed.resource),
        help: HELP.to_owned(),
    })
}

fn is_revision_bearing(source: &SourceFact) -> bool {
    // A value that changes with one property (a stream ARN) is left out: the digest covers
    // all properties, so a change to another one would be taken for a new value.
    Catalog::builtin().lookup(&source.kind, &source.attribute).is_some_and(|e| e.changes != Changes::OnPropertyChange)
}
