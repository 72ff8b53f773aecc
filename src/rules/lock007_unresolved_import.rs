use super::{Context, Report, declare_rule};
use crate::Severity;
use crate::diagnostic::Reference;
use crate::graph::{Graph, Name, WeakRef, WeakTarget};

declare_rule! {
    /// ## What it does
    /// Flags an import whose name no stack exports, neither in the PATHs checked together
    /// nor in the baseline. A name built from a template parameter (matched through its
    /// default) or that cannot be resolved before deploy is a note, not a warning:
    /// hand-written templates choose such names at deploy time.
    ///
    /// Weak references (`Fn::GetStackOutput`) are checked the same way: a warning when the
    /// checked PATHs have the stack but not the Output, or have no stack of that name and
    /// the baseline has no deployed stack reading that Output either; a note when the
    /// stack or output name is known only at deploy time.
    ///
    /// ## Why is this bad?
    /// The deploy fails with "No export named X found" unless some stack outside what was
    /// checked exports it; a weak reference to a missing Output fails the same way when
    /// CloudFormation resolves it.
    ///
    /// ## Example
    /// ```js
    /// vpcId: Fn.importValue('shared-platform:VpcId')
    /// ```
    ///
    /// Use instead: check the producer's app together with this one (several PATHs form
    /// one graph), or give the deployed state with `--baseline`.
    ///
    /// ## References
    /// - CloudFormation `Fn::ImportValue`
    pub UnresolvedImport {
        code: "LOCK007", name: "unresolved-import", severity: Warning, since: "0.1.0",
        summary: "no stack exports the name a stack imports",
    }
}

impl UnresolvedImport {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        for import in graph.imports.iter().filter(|i| i.producers.is_empty()) {
            // Exported elsewhere: LOCK006's case.
            if let Some(name) = import.name.value()
                && graph.exports.iter().any(|e| e.name.value() == Some(name))
            {
                continue;
            }
            let consumer = &graph.stacks[import.stack].source;
            let deployed = |name: &str| {
                cx.states().is_some_and(|s| {
                    s.deployed.exports.iter().any(|e| e.name == name && e.env.can_reach(&consumer.env))
                })
            };
            let (severity, message) = match &import.name {
                Name::Literal(name) if deployed(name) => continue,
                Name::Literal(name) => (None, format!("`{}` imports `{name}`, which no stack exports", consumer.name)),
                Name::Tentative { value, parameters } if !deployed(value) => (
                    Some(Severity::Note),
                    format!(
                        "`{}` imports `{value}` (through the default of parameter {}), which no stack exports; the name is chosen at deploy time",
                        consumer.name,
                        parameters.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
                    ),
                ),
                Name::Tentative { .. } => continue,
                Name::Symbolic(expr) => (
                    Some(Severity::Note),
                    format!("`{}` imports a name that is known only at deploy time: `{expr}`", consumer.name),
                ),
            };
            let report = Report {
                severity,
                reference: Some(Reference::Import),
                message,
                help: "check the producer together with this stack (several PATHs form one graph), give the deployed state with \
                       `--baseline`, or list names that come from outside in the config's `external_exports`"
                    .to_owned(),
                export: import.name.value().map(str::to_owned),
                env: Some(consumer.env.to_string()),
                consumer: Some(cx.import_site(import, "imported here".to_owned())),
                producer: None,
            };
            cx.report(report);
        }
        for weak in &graph.weak_refs {
            if let Some(report) = unresolved_weak(graph, cx, weak) {
                cx.report(report);
            }
        }
    }
}

/// The finding for a weak reference whose stack or Output is not there.
fn unresolved_weak(graph: &Graph, cx: &Context<'_>, weak: &WeakRef) -> Option<Report> {
    let consumer = &graph.stacks[weak.stack].source;
    let (stack, output) = (weak.producer_stack.shown(), weak.output.shown());
    let (severity, message) = match graph.weak_target(weak) {
        WeakTarget::Output { .. } => return None,
        WeakTarget::NoOutput { stack: id } => (
            None,
            format!(
                "`{}` reads output `{output}` of `{}` through `Fn::GetStackOutput`, but `{}` has no such output",
                consumer.name, graph.stacks[id].source.name, graph.stacks[id].source.name
            ),
        ),
        WeakTarget::NoStack => {
            // Deployed stacks reading it say the Output exists outside what was checked.
            let deployed = cx.states().is_some_and(|s| {
                s.deployed.weak.iter().any(|w| w.producer == stack && w.output == output)
                    || s.deployed.exports.iter().any(|e| e.stack == stack && e.output.as_deref() == Some(output))
            });
            if deployed {
                return None;
            }
            (
                None,
                format!(
                    "`{}` reads output `{output}` of stack `{stack}` through `Fn::GetStackOutput`, and no stack of that \
                     name is checked",
                    consumer.name
                ),
            )
        }
        WeakTarget::Unknown => (
            Some(Severity::Note),
            format!(
                "`{}` reads an output through `Fn::GetStackOutput` whose stack or name is known only at deploy time: \
                 `{stack}` / `{output}`",
                consumer.name
            ),
        ),
    };
    Some(Report {
        severity,
        reference: Some(Reference::Weak),
        message,
        help: "check the producer together with this stack (several PATHs form one graph), or give the deployed state \
               with `--baseline`; CloudFormation fails the consumer's deploy when the output is missing"
            .to_owned(),
        export: None,
        env: Some(consumer.env.to_string()),
        consumer: Some(cx.weak_site(weak)),
        producer: None,
    })
}
