use super::lock001_revision_bearing_import::{Reading, advice, holder_label, revision_of_value};
use super::{Context, Report, declare_rule, site};
use crate::diagnostic::Reference;
use crate::graph::{Graph, WeakRef, WeakTarget};

declare_rule! {
    /// ## What it does
    /// Flags a stack that reads, through a weak reference (`Fn::GetStackOutput`), a value
    /// that changes on ordinary deploys of the stack it comes from: the values LOCK001
    /// reports for `Fn::ImportValue` (its catalogue, CDK asset hashes and rule packs), such
    /// as an ECS task definition ARN. CDK makes such references when the context key
    /// `@aws-cdk/core:defaultCrossStackReferences` is `weak` or `both`, or for one value
    /// with `Stack.consumeReference(value, ReferenceStrength.WEAK)`; the producer's value
    /// is a plain `Output` (`PublishOutput…`).
    ///
    /// ## Why is this bad?
    /// A weak reference never locks the producer, so LOCK001's failed deploy goes away,
    /// and a silent one takes its place. CloudFormation resolves `Fn::GetStackOutput` only
    /// when the consumer stack is created or updated, and the cdk CLI skips deploying a
    /// stack whose template, tags and parameters are unchanged (`canSkipDeploy`; it always
    /// deploys stacks with SSM-typed parameters, never because of a weak reference). After
    /// every producer deploy the consumer keeps the old value, an older task definition
    /// revision, until something else in its own template changes.
    ///
    /// ## Example
    /// ```js
    /// // cdk.json: "context": { "@aws-cdk/core:defaultCrossStackReferences": "weak" }
    /// // service stack: now an Fn::GetStackOutput of the container stack's output
    /// environment: { TASK_DEFINITION: container.taskDef.taskDefinitionArn }
    /// ```
    ///
    /// Use instead: read the value where it is used, from an SSM parameter with a stable
    /// name: an ECS container secret is read when a task starts, the AWS SDK reads it at
    /// run time, and an IAM policy can name the whole task definition family
    /// (`task-definition/<family>:*`):
    /// ```js
    /// // container stack
    /// this.taskDefParam = new ssm.StringParameter(this, 'TaskDefArn', {
    ///   parameterName: '/app/task-def-arn', stringValue: this.taskDef.taskDefinitionArn });
    /// // service stack
    /// secrets: { TASK_DEFINITION: ecs.Secret.fromSsmParameter(container.taskDefParam) }
    /// ```
    ///
    /// ## References
    /// - aws-cdk-lib `ReferenceStrength`, `Stack.consumeReference`
    /// - aws-cdk CLI `canSkipDeploy` (skips a stack whose template, tags and parameters
    ///   are unchanged)
    pub StaleWeakReference {
        code: "LOCK012", name: "stale-weak-reference", severity: Error, since: "0.1.0",
        summary: "a stack reads a revision-bearing value through a weak reference, which goes stale on every producer deploy",
    }
}

impl StaleWeakReference {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for weak in &graph.weak_refs {
            let WeakTarget::Output { stack, output } = graph.weak_target(weak) else { continue };
            let Some(value) = output.value.get("Value") else { continue };
            let Some(revision) = revision_of_value(graph, cx, stack, value) else { continue };
            let producer = &graph.stacks[stack].source;
            let consumer = &graph.stacks[weak.stack].source;
            let reading = Reading {
                producer: stack,
                consumer: weak.stack,
                holder: &weak.holder,
                value,
                name: &output.key,
                weak: true,
            };
            cx.report(Report {
                severity: None,
                reference: Some(Reference::Weak),
                message: format!(
                    "`{}` reads a revision-bearing value from `{}` through a weak reference: output `{}` is {}, and \
                     `{}` keeps the value of its own last deploy",
                    consumer.name, producer.name, output.key, revision.what, consumer.name
                ),
                help: advice(graph, &reading, &revision),
                export: None,
                env: Some(producer.env.to_string()),
                consumer: Some(cx.weak_site(weak)),
                producer: Some(site(
                    graph,
                    stack,
                    output.key_span,
                    revision.producer_label(graph),
                    Some(output.key.clone()),
                )),
            });
        }
    }
}

/// `read into `P` of `construct path` through `Fn::GetStackOutput``.
pub(super) fn consumer_label(graph: &Graph, weak: &WeakRef) -> String {
    holder_label(graph, weak.stack, &weak.holder, "read") + " through `Fn::GetStackOutput`"
}
