use std::collections::HashSet;

use super::cdk::ts_string;
use super::{Context, Report, declare_rule};
use crate::Severity;
use crate::baseline::snapshot::WeakFact;
use crate::diagnostic::Reference;
use crate::graph::Graph;

declare_rule! {
    /// ## What it does
    /// Compares the new synth with the deployed state (`--baseline`) and flags a weak
    /// reference (`Fn::GetStackOutput`) of a deployed stack whose target the new synth no
    /// longer has: the producer drops the Output (CDK drops its `PublishOutput…` Outputs
    /// when no stack of the app reads the value any more), or the producer stack is gone
    /// from an app whose consumer is still there. The deployed weak references come from
    /// the baseline's templates (assembly or `get-template` folder) or the lockfile's
    /// `weak` list; a CLI dump of exports has none.
    ///
    /// ## Why is this bad?
    /// A weak reference never stops the producer from dropping the Output or deleting the
    /// resource behind it, and the consumer keeps the value resolved at its last deploy.
    /// Until the consumer is deployed again it points at what the producer may have just
    /// deleted; if the new consumer still reads the Output, its next update fails.
    ///
    /// ## Example
    /// ```js
    /// // the reports stack stopped using storage.table, so CDK stops generating the
    /// // storage stack's PublishOutput… Output that the deployed reports stack reads
    /// ```
    ///
    /// Use instead: deploy the consumer without the reference first, then drop the value
    /// from the producer; or keep the Output one more deploy:
    /// ```js
    /// // storage stack, for one deploy
    /// new cdk.CfnOutput(this, 'KeepRunsTableName', { value: this.table.tableName })
    ///   .overrideLogicalId('PublishOutputRefRunsB0B1D3A1…');
    /// ```
    ///
    /// ## References
    /// - aws-cdk-lib `ReferenceStrength.WEAK` ("consuming stacks temporarily reference a
    ///   nonexistent resource until the consumers are updated as well")
    pub DanglingWeakReference {
        code: "LOCK013", name: "dangling-weak-reference", severity: Error, since: "0.1.0",
        summary: "a deployed stack reads, through a weak reference, an output or stack the new synth no longer has",
        baseline: true,
    }
}

impl DanglingWeakReference {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        let Some(states) = cx.states() else { return };
        let key = |w: &'_ WeakFact| (w.stack.clone(), w.producer.clone(), w.output.clone());
        // What the new consumers read, and what was reported: looked up, not scanned, per reference.
        let read_now: HashSet<_> = states.current.weak.iter().map(key).collect();
        let mut seen = HashSet::new();
        for weak in &states.deployed.weak {
            if !seen.insert(key(weak)) {
                continue;
            }
            let in_app = |name: &str| !graph.stacks_named(name).is_empty();
            let producer_there = in_app(&weak.producer);
            // A producer outside what was checked is not gone: only the consumer's own app tells.
            if !producer_there && !in_app(&weak.stack) {
                continue;
            }
            if producer_there && has_output(graph, weak) {
                continue;
            }
            let still_read = read_now.contains(&key(weak));
            let named = graph.stacks_named(&weak.producer);
            let cdk = named.iter().any(|&id| graph.stacks[id].source.artifact_id.is_some());
            cx.report(finding(cx, weak, &Now { producer_there, cdk, still_read }));
        }
    }
}

/// Whether the new synth's stack `weak.producer` has the Output. Stacks are matched by
/// name: a weak reference may name a stack of another region (`Region`).
fn has_output(graph: &Graph, weak: &WeakFact) -> bool {
    graph
        .stacks_named(&weak.producer)
        .iter()
        .any(|&id| graph.stacks[id].source.template.root.get("Outputs").and_then(|o| o.get(&weak.output)).is_some())
}

/// What the new synth has of a deployed weak reference's target.
struct Now {
    /// The producer stack is in the new synth (only its Output is gone).
    producer_there: bool,
    /// The producer comes from a cloud assembly (the fix is CDK code).
    cdk: bool,
    /// The new consumer still reads the Output.
    still_read: bool,
}

fn finding(cx: &Context<'_>, weak: &WeakFact, now: &Now) -> Report {
    let (producer, output, consumer) = (&weak.producer, &weak.output, &weak.stack);
    let gone = if now.producer_there {
        format!("`{producer}` no longer has it")
    } else {
        format!("stack `{producer}` is gone from the new synth")
    };
    let (severity, consequence) = if now.still_read {
        (None, format!("the new `{consumer}` still reads it, so its next update fails"))
    } else {
        (
            Some(Severity::Warning),
            format!("until `{consumer}` is deployed again it holds a value of what `{producer}` may delete"),
        )
    };
    let label = if now.producer_there { "the output is gone from these outputs" } else { "" };
    let what = if now.producer_there { "the dropped output" } else { "the removed stack" };
    Report {
        severity,
        reference: Some(Reference::Weak),
        message: format!(
            "the deployed `{consumer}` reads output `{output}` of `{producer}` through `Fn::GetStackOutput`, but \
             {gone}: {consequence}"
        ),
        help: help_text(weak, now),
        export: None,
        env: Some(weak.env.to_string()),
        consumer: weak
            .evidence
            .as_ref()
            .map(|e| Context::evidence_site(consumer, e, format!("deployed weak reference to {what}"))),
        producer: now.producer_there.then(|| cx.outputs_site(producer, &weak.env, label.to_owned())).flatten(),
    }
}

/// Keep the Output (one more deploy, or for good while the new consumer reads it), or
/// deploy the consumer first.
fn help_text(weak: &WeakFact, now: &Now) -> String {
    let (producer, output, consumer) = (&weak.producer, &weak.output, &weak.stack);
    if !now.producer_there {
        return match now.still_read {
            true => format!("`{consumer}` still reads `{producer}`: keep that stack, or stop reading it first"),
            false => format!("deploy `{consumer}` without the reference first, then destroy `{producer}`"),
        };
    }
    let (advice, until) = match now.still_read {
        true => (
            format!("keep the output, which the new `{consumer}` still reads"),
            format!("while {} reads it", ts_string(consumer)),
        ),
        false => (
            format!(
                "deploy `{consumer}` without the reference first, then remove the output; or keep it one more deploy"
            ),
            format!("until {} is deployed without the reference", ts_string(consumer)),
        ),
    };
    if now.cdk {
        format!(
            "{advice}:\n\
             \x20 // in {}, {until}\n\
             \x20 new cdk.CfnOutput(this, 'KeepOutput', {{ value: /* the value it had */ }}).overrideLogicalId({});",
            ts_string(producer),
            ts_string(output),
        )
    } else {
        format!("{advice} (the `Outputs` entry `{output}` of `{producer}`)")
    }
}
