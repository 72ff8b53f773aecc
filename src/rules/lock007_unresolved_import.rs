use super::{Context, Report, declare_rule};
use crate::Severity;
use crate::graph::{Graph, Name};

declare_rule! {
    /// ## What it does
    /// Flags an import whose name no stack exports, neither in the PATHs checked together
    /// nor in the baseline. A name built from a template parameter (matched through its
    /// default) or that cannot be resolved before deploy is a note, not a warning:
    /// hand-written templates choose such names at deploy time.
    ///
    /// ## Why is this bad?
    /// The deploy fails with "No export named X found" unless some stack outside what was
    /// checked exports it.
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
    }
}
