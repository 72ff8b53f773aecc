use super::catalog::{Catalog, Changes};
use super::cdk::{
    REFERENCE_STRENGTH_KEY, attribute_member, construct_expression, construct_id, kebab, lower_camel, ts_comment,
    ts_string, yaml_string,
};
use super::{Context, Report, declare_rule, parameters};
use crate::Severity;
use crate::diagnostic::Reference;
use crate::graph::trace::{AssetKind, Origin, origins};
use crate::graph::{CrossRegionExport, CrossRegionImport, ExportId, Graph, Holder, Import, Name, StackId};
use crate::load::node::{Node, Span};

declare_rule! {
    /// ## What it does
    /// Flags a stack that imports (`Fn::ImportValue`) a value that changes on ordinary
    /// deploys of the stack that exports it: an ECS task definition ARN (it embeds
    /// `:revision`), a Lambda version or layer version ARN, a container image URI or S3 key
    /// carrying a CDK asset hash, and the other revision-bearing values listed in
    /// `rules/LOCK001-revision-bearing-import/catalog.yaml`. The export's value is traced
    /// through `Fn::Join`, `Fn::Sub`, `Fn::Select`, `Fn::Split`, `Fn::If` and nested-stack
    /// outputs to the resource attribute it is made of.
    ///
    /// Also flagged: the `Ref` of a template parameter whose value changes with no change
    /// to the template (CDK v1 and legacy-synthesizer asset parameters
    /// `AssetParameters<hash>S3Bucket…`, and SSM parameter types, which CloudFormation
    /// reads again on every deploy), and, as a warning, a value that changes when one
    /// property changes in place (a DynamoDB stream ARN, with `StreamSpecification`). A
    /// part cut out with `Fn::Select` of `Fn::Split` that leaves the revision behind, such
    /// as a task definition's family, is not flagged.
    ///
    /// ## Why is this bad?
    /// CloudFormation refuses to change an export while another stack imports it. The next
    /// deploy that bumps the revision (a new image tag, new function code) fails with
    /// "Export … cannot be updated as it is in use by …" and rolls back: the producer is
    /// stuck on the old version until the consumer stops importing it.
    ///
    /// ## Example
    /// ```js
    /// // container stack
    /// this.taskDef = new ecs.FargateTaskDefinition(this, 'TaskDef');
    /// // service stack: CDK turns this into an export and an Fn::ImportValue
    /// environment: { TASK_DEFINITION: container.taskDef.taskDefinitionArn }
    /// ```
    ///
    /// Use instead: publish the value in an SSM parameter with a stable name, so only the
    /// name crosses stacks, and read it where it is used. An ECS container secret is read
    /// when a task starts, so a new task always gets the current revision:
    /// ```js
    /// // container stack
    /// this.taskDefParam = new ssm.StringParameter(this, 'TaskDefArn', {
    ///   parameterName: '/app/task-def-arn', stringValue: this.taskDef.taskDefinitionArn });
    /// // service stack
    /// secrets: { TASK_DEFINITION: ecs.Secret.fromSsmParameter(container.taskDefParam) }
    /// ```
    /// Elsewhere, `ssm.StringParameter.valueForStringParameter(this, '/app/task-def-arn')`
    /// is read by CloudFormation when the consumer is deployed (an
    /// `AWS::SSM::Parameter::Value<String>` parameter; with a `version` it is a
    /// `{{resolve:ssm:…}}` reference, also read at deploy), and no stack dependency orders
    /// that deploy after the producer's; the AWS SDK (`ssm:GetParameter`) reads it at run
    /// time. `valueFromLookup` is read once, at synth, and cached: never for a revision.
    /// An IAM policy that names a task definition can name its whole family instead:
    /// `task-definition/<family>:*` (`Stack.of(this).formatArn({ service: 'ecs', resource:
    /// 'task-definition', resourceName: taskDef.family + ':*' })`).
    ///
    /// Not a weak reference (`Fn::GetStackOutput`, context key
    /// `@aws-cdk/core:defaultCrossStackReferences` set to `weak`): it ends the lock, but
    /// CloudFormation resolves it only when the consumer is deployed, and the cdk CLI skips
    /// a consumer whose template is unchanged, so the consumer keeps the old revision
    /// (LOCK012 reports that).
    ///
    /// ## References
    /// - CloudFormation: "Fn::ImportValue": you can't modify or remove an output value
    ///   that is referenced by another stack
    /// - aws/aws-cdk#7602 (the "deadly embrace")
    pub RevisionBearingImport {
        code: "LOCK001", name: "revision-bearing-import", severity: Error, since: "0.1.0",
        summary: "a stack imports a value that changes on ordinary deploys of its producer",
    }
}

impl RevisionBearingImport {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        // An export imported many times (fan-in) is traced once, not once per import.
        let mut traced: Vec<Option<Option<Revision>>> = (0..graph.exports.len()).map(|_| None).collect();
        for import in &graph.imports {
            for &export in &import.producers {
                if let Some(revision) = traced[export].get_or_insert_with(|| revision_of(graph, cx, export)) {
                    cx.report(finding(graph, cx, import, export, revision, "revision-bearing"));
                }
            }
        }
        // CDK's strong cross-region references lock the same way: the writer custom
        // resource will not update a parameter a reader in another region reads.
        for read in &graph.cross_region_imports {
            for written in graph.cross_region_exports.iter().filter(|w| w.parameter == read.parameter) {
                if let Some(revision) = revision_of_value(graph, cx, written.stack, &written.value) {
                    cx.report(cross_region_finding(graph, read, written, &revision));
                }
            }
        }
    }
}

fn cross_region_finding(
    graph: &Graph,
    read: &CrossRegionImport,
    written: &CrossRegionExport,
    revision: &Revision,
) -> Report {
    let consumer = &graph.stacks[read.stack].source;
    let producer = &graph.stacks[written.stack].source;
    let site = |stack: StackId, span: Span, label: String, logical_id: &str| {
        super::site(graph, stack, span, label, Some(logical_id.to_owned()))
    };
    Report {
        severity: revision.severity,
        reference: Some(Reference::CrossRegion),
        message: format!(
            "`{}` reads a revision-bearing value from `{}` through a cross-region reference: parameter `{}` is {}",
            consumer.name, producer.name, read.parameter, revision.what
        ),
        help: format!(
            "CDK's export writer will not update a parameter another region reads: older aws-cdk-lib fails the deploy \
             (\"Exports cannot be updated\"), newer versions keep the old value, so `{}` reads a stale revision. Write \
             the value to an SSM parameter of your own in `{}` and read it at run time in `{}` (a weak reference \
             would go stale the same way)",
            consumer.name, producer.name, consumer.name
        ),
        export: Some(read.parameter.clone()),
        env: Some(producer.env.to_string()),
        consumer: Some(site(
            read.stack,
            read.span,
            "read here through `Custom::CrossRegionExportReader`".to_owned(),
            &read.reader,
        )),
        producer: Some(site(
            written.stack,
            written.span,
            format!("written here: {}", revision.changes),
            &written.writer,
        )),
    }
}

/// Why an export's value changes (revision-bearing here, replacement-prone for LOCK011).
pub(super) struct Revision {
    pub origin: Origin,
    /// What changes it, for the producer label.
    pub changes: String,
    /// The CDK attribute (`taskDefinitionArn`) or other expression that yields it.
    pub cdk_attribute: String,
    /// `Ref` of `AWS::ECS::TaskDefinition` `TaskDef…`, for the message.
    pub what: String,
    /// Set when it differs from the rule's (a value that changes on one property's change).
    pub severity: Option<Severity>,
    /// Advice for this culprit instead of the general advice (`$producer`, `$consumer`,
    /// `$construct` and `$variable` filled in by [`finding`]).
    pub fix: Option<String>,
}

impl Revision {
    /// The stack and logical id of the resource the value comes from (no id: an asset hash).
    fn origin(&self) -> (StackId, Option<&str>) {
        match &self.origin {
            Origin::Attribute { stack, logical_id, .. } => (*stack, Some(logical_id.as_str())),
            Origin::AssetHash { stack, .. } => (*stack, None),
            // Pruned templates keep no construct paths of parameters; their fixes need none.
            Origin::Parameter { stack, .. } => (*stack, None),
        }
    }

    /// `from `dev/container/TaskDef/Resource`: changes on every update`: the producer's label.
    pub(super) fn producer_label(&self, graph: &Graph) -> String {
        let (stack, id) = self.origin();
        match id.and_then(|id| graph.construct_path(stack, id)) {
            Some(path) => format!("from `{path}`: {}", self.changes),
            None => self.changes.clone(),
        }
    }
}

/// `{verb} into `Property` of `construct/path``: the consumer's label for a reference
/// held at `holder` of stack `stack`.
pub(super) fn holder_label(graph: &Graph, stack: StackId, holder: &Holder, verb: &str) -> String {
    let construct = holder.logical_id.as_deref().map(|id| graph.construct_path(stack, id).unwrap_or(id));
    match construct {
        Some(construct) if !holder.property.is_empty() => {
            format!("{verb} into `{}` of `{construct}`", holder.property)
        }
        Some(construct) => format!("{verb} into `{construct}`"),
        None => format!("{verb} here"),
    }
}

/// Whether LOCK001 flags imports of `export` (other rules defer to it).
#[must_use]
pub fn is_revision_bearing(graph: &Graph, cx: &Context<'_>, export: ExportId) -> bool {
    revision_of(graph, cx, export).is_some()
}

/// The first origin of the export's value that the catalogue or a rule pack marks as
/// revision-bearing, or that carries a CDK asset hash.
fn revision_of(graph: &Graph, cx: &Context<'_>, export: ExportId) -> Option<Revision> {
    let export = &graph.exports[export];
    revision_of_value(graph, cx, export.stack, &export.value)
}

pub(super) fn revision_of_value(graph: &Graph, cx: &Context<'_>, stack: StackId, value: &Node) -> Option<Revision> {
    origins(graph, stack, value).into_iter().find_map(|origin| match &origin {
        Origin::Attribute { stack, logical_id, kind, attribute, cuts, .. } => {
            let entry = cx.revision_entry(*stack, logical_id, kind, attribute)?;
            let detail = Catalog::builtin().detail(kind, attribute).filter(|_| entry.pack.is_none());
            // A part cut out of the value that leaves the changing part behind is stable.
            if detail.and_then(|d| d.shape.as_ref()).is_some_and(|shape| !shape.keeps_change(cuts)) {
                return None;
            }
            let mut changes = match entry.changes {
                Changes::OnEveryUpdate => "changes on every update".to_owned(),
                Changes::OnReplacement => "changes on every replacement, and every real change replaces it".to_owned(),
                Changes::OnPropertyChange => {
                    let when = detail.map(|d| d.when.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", "));
                    format!("changes when {} changes, an ordinary in-place update", when.unwrap_or_default())
                }
            };
            if let Some(pack) = &entry.pack {
                changes.push_str(&format!(" (rule pack `{pack}`: {})", entry.why));
            }
            let mut what = if attribute == "Ref" {
                format!("the `Ref` of `{kind}` `{logical_id}`")
            } else {
                format!("`{attribute}` of `{kind}` `{logical_id}`")
            };
            if !cuts.is_empty() {
                what = format!("a part (`Fn::Select` of `Fn::Split`) of {what}");
            }
            // A pack's custom resource or attribute has a known CDK form (`getAtt('X')`).
            let cdk_attribute = entry.cdk.clone().unwrap_or_else(|| match entry.pack {
                Some(_) => attribute_member(kind, attribute),
                None => ts_comment(attribute),
            });
            let severity = (entry.changes == Changes::OnPropertyChange).then_some(Severity::Warning);
            // The catalogue's fixes are CDK code; a hand-written producer gets the general advice.
            let fix = detail.and_then(|d| d.fix.clone()).filter(|_| from_cdk(graph, *stack));
            Some(Revision { changes, cdk_attribute, what, severity, fix, origin })
        }
        Origin::Parameter { stack, name, kind, default, .. } => {
            let change = parameters::change(name, kind.as_deref(), default.as_deref(), from_cdk(graph, *stack))?;
            Some(Revision {
                changes: change.changes,
                cdk_attribute: "ref".to_owned(),
                what: change.what,
                severity: None,
                fix: Some(change.fix),
                origin,
            })
        }
        Origin::AssetHash { hash, kind, .. } => {
            let (what, cdk_attribute) = match kind {
                AssetKind::ImageTag => {
                    (format!("a container image URI tagged with CDK asset hash `{}…`", &hash[..12]), "imageUri")
                }
                AssetKind::ObjectKey => {
                    (format!("an S3 object key with CDK asset hash `{}…`", &hash[..12]), "s3ObjectKey")
                }
            };
            Some(Revision {
                changes: "changes whenever the asset's content changes".to_owned(),
                cdk_attribute: cdk_attribute.to_owned(),
                what,
                severity: None,
                fix: None,
                origin,
            })
        }
    })
}

/// The finding for `import` of `export_id`, whose value is `adjective` (`revision-bearing`)
/// because of `revision`.
pub(super) fn finding(
    graph: &Graph,
    cx: &Context<'_>,
    import: &Import,
    export_id: ExportId,
    revision: &Revision,
    adjective: &str,
) -> Report {
    let export = &graph.exports[export_id];
    let consumer = &graph.stacks[import.stack].source;
    let producer = &graph.stacks[export.stack].source;
    let consumer_label = holder_label(graph, import.stack, &import.holder, "imported");
    let producer_label = revision.producer_label(graph);
    let consumer_site = cx.import_site(import, consumer_label);
    let producer_site = cx.export_site(export_id, producer_label);
    let reading = Reading {
        producer: export.stack,
        consumer: import.stack,
        holder: &import.holder,
        value: &export.value,
        name: short_export_name(export.name.shown(), &producer.name),
        weak: false,
    };
    let help = advice(graph, &reading, revision);
    let mut message = format!(
        "`{}` imports a {adjective} value from `{}`: export `{}` is {}",
        consumer.name,
        producer.name,
        export.name.shown(),
        revision.what
    );
    for name in [&import.name, &export.name] {
        if let Name::Tentative { parameters, .. } = name {
            let list = parameters.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
            message.push_str(&format!(
                " (matched through the default of parameter {list}; the real value is chosen at deploy time)"
            ));
            break;
        }
    }
    Report {
        severity: revision.severity,
        reference: Some(Reference::Import),
        message,
        help,
        export: Some(export.name.shown().to_owned()),
        env: Some(producer.env.to_string()),
        consumer: Some(consumer_site),
        producer: Some(producer_site),
    }
}

/// Where a changing value is read, for the fix: the stack it comes from and the place
/// that reads it.
pub(super) struct Reading<'a> {
    pub producer: StackId,
    pub consumer: StackId,
    pub holder: &'a Holder,
    /// The exported (or output) value, for hand-written templates.
    pub value: &'a Node,
    /// A name for the value when no construct path names it (the export or output name).
    pub name: &'a str,
    /// Read through `Fn::GetStackOutput` (LOCK012) rather than `Fn::ImportValue`.
    pub weak: bool,
}

/// The fix for `reading` of a value that changes because of `revision`: CDK code when the
/// producer comes from a cloud assembly, CloudFormation otherwise.
pub(super) fn advice(graph: &Graph, reading: &Reading<'_>, revision: &Revision) -> String {
    let producer = &graph.stacks[reading.producer].source;
    let (origin_stack, origin_id) = revision.origin();
    let origin_path = origin_id.and_then(|id| graph.construct_path(origin_stack, id));
    let construct = origin_path.or(origin_id).map_or(reading.name, construct_id);
    let variable = origin_path.map_or_else(
        || lower_camel(construct),
        |path| construct_expression(path, &graph.stacks[top_level(graph, origin_stack)].source.display_name),
    );
    if let Some(fix) = &revision.fix {
        let consumer = &graph.stacks[reading.consumer].source;
        fix.replace("$producer", &producer.name)
            .replace("$consumer", &consumer.name)
            // The fixes hold `$construct` inside a TypeScript string.
            .replace("$construct", &parameters::ts_single_quoted(construct))
            .replace("$variable", &variable)
    } else if producer.artifact_id.is_some() {
        cdk_help(graph, reading, &revision.origin, construct, &variable, &revision.cdk_attribute)
    } else {
        let consumer = &graph.stacks[reading.consumer].source;
        cloudformation_help(&producer.name, &consumer.name, construct, &reading.value.to_string())
    }
}

/// `platform:ExportsOutputRefX1234` → `ExportsOutputRefX1234`; `images-WorkerImageUri` → `WorkerImageUri`.
fn short_export_name<'a>(name: &'a str, producer: &str) -> &'a str {
    name.strip_prefix(producer).map_or(name, |rest| rest.trim_start_matches([':', '-']))
}

/// The fix for a hand-written template: an `AWS::SSM::Parameter` in the producer, read
/// by the consumer through an SSM parameter type resolved at deploy time.
fn cloudformation_help(producer: &str, consumer: &str, construct: &str, value: &str) -> String {
    let parameter = yaml_string(&format!("/{producer}/{}", kebab(construct)));
    // A logical id: CloudFormation allows only letters and digits.
    let id: String = construct.chars().filter(char::is_ascii_alphanumeric).collect();
    format!(
        "share it through an SSM parameter, so only a stable name crosses stacks:\n\
         \x20 # in {}\n\
         \x20 {id}Param:\n\
         \x20   Type: AWS::SSM::Parameter\n\
         \x20   Properties:\n\
         \x20     Name: {parameter}\n\
         \x20     Type: String\n\
         \x20     Value: {value}\n\
         \x20 # in {}, instead of Fn::ImportValue (CloudFormation reads the parameter when it is deployed)\n\
         \x20 Parameters:\n\
         \x20   {id}:\n\
         \x20     Type: AWS::SSM::Parameter::Value<String>\n\
         \x20     Default: {parameter}\n\
         or read it at run time from the parameter, so updates need no redeploy of `{consumer}`",
        yaml_string(producer),
        yaml_string(consumer),
    )
}

/// The top-level stack a (possibly nested) stack belongs to: construct paths start there.
fn top_level(graph: &Graph, mut stack: usize) -> usize {
    while let Some(link) = &graph.stacks[stack].source.nested_in {
        stack = link.parent;
    }
    stack
}

/// The fix in CDK TypeScript. Never a weak reference: `Fn::GetStackOutput` ends the lock,
/// but the consumer keeps the old value until its own template changes (LOCK012). Each
/// way of reading the parameter says when it is read: a container secret when a task
/// starts; `valueForStringParameter` when the consumer is deployed. An IAM policy naming
/// a task definition gets the family-wide ARN, which no deploy changes.
fn cdk_help(
    graph: &Graph,
    reading: &Reading<'_>,
    origin: &Origin,
    construct: &str,
    variable: &str,
    attribute: &str,
) -> String {
    let value = format!("{variable}.{attribute}");
    let producer = &graph.stacks[reading.producer].source.name;
    let consumer = &graph.stacks[reading.consumer].source.name;
    let weak = if reading.weak {
        format!(
            "this replaces the weak reference: CloudFormation resolves `Fn::GetStackOutput` only when {} is created \
             or updated, and the cdk CLI skips deploying a stack whose template, tags and parameters are unchanged",
            ts_string(consumer)
        )
    } else {
        format!(
            "not a weak reference (`Fn::GetStackOutput`, context key `{REFERENCE_STRENGTH_KEY}`): it ends the lock, \
             but {} would keep the old value after every deploy of {} until its own template changes",
            ts_string(consumer),
            ts_string(producer)
        )
    };
    let task_definition = matches!(origin, Origin::Attribute { kind, .. } if kind == "AWS::ECS::TaskDefinition");
    if task_definition && is_policy_resource(graph, reading) {
        return format!(
            "grant on every revision of the task definition family instead of on one revision, so nothing \
             revision-bearing crosses stacks:\n\
             \x20 // in {}, instead of the cross-stack reference (e.g. of `grantRun`)\n\
             \x20 resources: [Stack.of(this).formatArn({{\n\
             \x20   service: 'ecs', resource: 'task-definition', resourceName: {variable}.family + ':*',\n\
             \x20 }})],\n\
             {weak}",
            ts_string(consumer),
        );
    }
    let parameter = ts_string(&format!("/{producer}/{}", kebab(construct)));
    let id = ts_string(&format!("{construct}Param"));
    let (when, read) = if reading.holder.property.contains("ContainerDefinitions") {
        (
            "ECS reads it when a task starts",
            format!(
                "const param = ssm.StringParameter.fromStringParameterName(this, {id}, {parameter});\n\
                 \x20 secrets: {{ NAME: ecs.Secret.fromSsmParameter(param) }}"
            ),
        )
    } else {
        (
            "CloudFormation reads it when the consumer is deployed, and nothing orders that after the producer's \
             deploy: deploy the producer first (the cdk CLI deploys a stack with SSM parameters every time), or read \
             it at run time with the AWS SDK (`ssm:GetParameter`)",
            format!("ssm.StringParameter.valueForStringParameter(this, {parameter})"),
        )
    };
    format!(
        "share it through an SSM parameter with a stable name, so only the name crosses stacks; {when}:\n\
         \x20 // in {}\n\
         \x20 new ssm.StringParameter(this, {id}, {{\n\
         \x20   parameterName: {parameter},\n\
         \x20   stringValue: {value},\n\
         \x20 }});\n\
         \x20 // in {}, instead of the cross-stack reference\n\
         \x20 {read}\n\
         {weak}",
        ts_string(producer),
        ts_string(consumer),
    )
}

/// Whether the import sits in the `Resource` of an IAM policy statement.
fn is_policy_resource(graph: &Graph, reading: &Reading<'_>) -> bool {
    let holder = reading.holder;
    let kind = holder.logical_id.as_deref().and_then(|id| graph.stacks[reading.consumer].resources.get(id));
    let iam = kind.is_some_and(|r| r.kind.starts_with("AWS::IAM::"));
    iam && holder.property.contains("Statement[") && holder.property.contains("].Resource")
}

/// Whether `stack` is part of a CDK app (its top-level stack is a cloud assembly artifact).
fn from_cdk(graph: &Graph, stack: StackId) -> bool {
    graph.stacks[top_level(graph, stack)].source.artifact_id.is_some()
}
