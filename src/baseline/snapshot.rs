//! The facts a deployed state is reduced to, whatever form it came in: every export
//! (environment, name, producer, value expression, digests of the resources it is made of)
//! every import (environment, consumer, export name) and every weak reference (environment,
//! consumer, producer stack and output), each with the place that shows it.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::graph::trace::{Origin, origins};
use crate::graph::{Graph, StackId};
use crate::load::digest::properties_digest;
use crate::load::manifest::Env;
use crate::load::node::{Node, Span};
use crate::load::source::Source;

/// Where a fact can be seen: a template, a lockfile or a CLI dump file.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub file: PathBuf,
    /// Read (again) only when a finding shows it.
    pub source: Source,
    pub span: Span,
    /// The logical id of the resource or output holding it, when known.
    pub logical_id: Option<String>,
    pub construct_path: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ExportFact {
    pub env: Env,
    pub name: String,
    pub stack: String,
    pub output: Option<String>,
    /// The value as a template expression (key-sorted JSON), when templates are known.
    pub value: Option<serde_json::Value>,
    /// The value CloudFormation resolved (a CLI dump), when that is all there is.
    pub resolved: Option<String>,
    /// The resources the value is made of, with a digest of their properties.
    pub sources: Vec<SourceFact>,
    pub evidence: Option<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFact {
    pub resource: String,
    pub kind: String,
    pub attribute: String,
    /// `sha256:<hex>` of the resource's key-sorted `Properties`.
    pub digest: String,
}

#[derive(Debug, Clone)]
pub struct ImportFact {
    pub env: Env,
    pub stack: String,
    pub export: String,
    pub evidence: Option<Evidence>,
}

/// One `Fn::GetStackOutput`: `stack` reads Output `output` of stack `producer`.
#[derive(Debug, Clone)]
pub struct WeakFact {
    /// The consumer's environment.
    pub env: Env,
    pub stack: String,
    pub producer: String,
    pub output: String,
    pub evidence: Option<Evidence>,
}

/// All exports and imports of one state, sorted.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub exports: Vec<ExportFact>,
    pub imports: Vec<ImportFact>,
    /// Weak references, which lock nothing but can dangle (LOCK013).
    pub weak: Vec<WeakFact>,
    /// Whether export values are template expressions with resource digests (assemblies,
    /// templates, lockfiles) rather than resolved strings (a CLI dump).
    pub has_expressions: bool,
    /// Positions in `imports` by export name, made by [`Snapshot::sort`], which every
    /// way of making a snapshot ends with: rules ask who imports each export.
    pub(in crate::baseline) by_export: HashMap<String, Vec<usize>>,
}

impl Snapshot {
    /// Where every fact was seen, exports first.
    pub fn evidence(&self) -> impl Iterator<Item = &Evidence> {
        let exports = self.exports.iter().filter_map(|e| e.evidence.as_ref());
        let weak = self.weak.iter().filter_map(|w| w.evidence.as_ref());
        exports.chain(self.imports.iter().filter_map(|i| i.evidence.as_ref())).chain(weak)
    }

    /// The facts of a loaded graph. Imports whose name cannot be known are left out (they
    /// cannot be matched to an export); every occurrence keeps its own evidence.
    #[must_use]
    pub fn from_graph(graph: &Graph) -> Snapshot {
        let mut exports = Vec::new();
        for export in &graph.exports {
            let Some(name) = export.name.value() else { continue };
            let stack = &graph.stacks[export.stack];
            let sources = sources_of(graph, export.stack, &export.value);
            exports.push(ExportFact {
                env: stack.source.env.clone(),
                name: name.to_owned(),
                stack: stack.source.name.clone(),
                output: Some(export.output.clone()),
                value: Some(canonical(&export.value)),
                resolved: None,
                sources,
                evidence: Some(evidence_in(graph, export.stack, export.output_span, Some(export.output.clone()))),
            });
        }
        // CDK's strong cross-region references lock like exports: the writer's parameter
        // lives in the consumer's region, which is where readers find it.
        for written in &graph.cross_region_exports {
            let stack = &graph.stacks[written.stack];
            let env = Env { account: stack.source.env.account.clone(), region: written.region.clone() };
            exports.push(ExportFact {
                env,
                name: written.parameter.clone(),
                stack: stack.source.name.clone(),
                output: Some(written.writer.clone()),
                value: Some(canonical(&written.value)),
                resolved: None,
                sources: sources_of(graph, written.stack, &written.value),
                evidence: Some(evidence_in(graph, written.stack, written.span, Some(written.writer.clone()))),
            });
        }
        let mut imports = Vec::new();
        for read in &graph.cross_region_imports {
            let stack = &graph.stacks[read.stack];
            imports.push(ImportFact {
                env: stack.source.env.clone(),
                stack: stack.source.name.clone(),
                export: read.parameter.clone(),
                evidence: Some(evidence_in(graph, read.stack, read.span, Some(read.reader.clone()))),
            });
        }
        for import in &graph.imports {
            let Some(name) = import.name.value() else { continue };
            let stack = &graph.stacks[import.stack];
            let logical_id = import.holder.logical_id.clone();
            imports.push(ImportFact {
                env: stack.source.env.clone(),
                stack: stack.source.name.clone(),
                export: name.to_owned(),
                evidence: Some(evidence_in(graph, import.stack, import.span, logical_id)),
            });
        }
        let weak = graph
            .weak_refs
            .iter()
            .filter_map(|w| {
                let (producer, output) = (w.producer_stack.value()?, w.output.value()?);
                let stack = &graph.stacks[w.stack].source;
                Some(WeakFact {
                    env: stack.env.clone(),
                    stack: stack.name.clone(),
                    producer: producer.to_owned(),
                    output: output.to_owned(),
                    evidence: Some(evidence_in(graph, w.stack, w.span, w.holder.logical_id.clone())),
                })
            })
            .collect();
        let mut snapshot = Snapshot { exports, imports, weak, has_expressions: true, by_export: HashMap::new() };
        snapshot.sort();
        snapshot
    }

    pub fn sort(&mut self) {
        self.exports.sort_by(|a, b| (&a.env, &a.name, &a.stack).cmp(&(&b.env, &b.name, &b.stack)));
        self.imports.sort_by(|a, b| (&a.env, &a.export, &a.stack).cmp(&(&b.env, &b.export, &b.stack)));
        self.weak.sort_by(|a, b| {
            (&a.env, &a.producer, &a.output, &a.stack).cmp(&(&b.env, &b.producer, &b.output, &b.stack))
        });
        self.by_export.clear();
        for (position, import) in self.imports.iter().enumerate() {
            self.by_export.entry(import.export.clone()).or_default().push(position);
        }
    }

    /// Adds another state's facts (several `--baseline` PATHs form one deployed state).
    pub fn extend(&mut self, other: Snapshot) {
        self.has_expressions &= other.has_expressions || other.exports.is_empty();
        self.exports.extend(other.exports);
        self.imports.extend(other.imports);
        self.weak.extend(other.weak);
        self.sort();
    }

    /// The stacks (other than the producer) that import `name` in an environment that can
    /// reach `env`, each once, with the first place that shows it.
    #[must_use]
    pub fn importers(&self, env: &Env, name: &str, producer: &str) -> Vec<&ImportFact> {
        let mut seen = Vec::<&str>::new();
        let mut found = Vec::new();
        let positions = self.by_export.get(name).map(Vec::as_slice).unwrap_or_default();
        // `by_export` holds positions in `imports`, made together in `sort`.
        let named = positions.iter().map(|&p| &self.imports[p]);
        for import in named.filter(|i| i.stack != producer && i.env.can_reach(env)) {
            if !seen.contains(&import.stack.as_str()) {
                seen.push(&import.stack);
                found.push(import);
            }
        }
        found
    }
}

/// Where a fact shows in stack `stack`'s template; `logical_id` gives the construct path.
fn evidence_in(graph: &Graph, stack: StackId, span: Span, logical_id: Option<String>) -> Evidence {
    let source = &graph.stacks[stack].source;
    Evidence {
        file: source.template.file.clone(),
        source: source.template.source.clone(),
        span,
        construct_path: logical_id.as_deref().and_then(|id| graph.construct_path(stack, id)).map(str::to_owned),
        logical_id,
    }
}

/// The resources a value is made of, with digests of their properties.
fn sources_of(graph: &Graph, stack: StackId, value: &Node) -> Vec<SourceFact> {
    origins(graph, stack, value)
        .into_iter()
        .filter_map(|origin| match origin {
            Origin::Attribute { stack, logical_id, kind, attribute, .. } => {
                let digest = resource_digest(graph, stack, &logical_id);
                Some(SourceFact { resource: logical_id, kind, attribute, digest })
            }
            Origin::AssetHash { .. } | Origin::Parameter { .. } => None,
        })
        .collect()
}

pub use crate::load::digest::canonical;

/// `sha256:<hex>` of a resource's key-sorted `Properties`: taken when the template was
/// pruned (which dropped the values), else from the template.
fn resource_digest(graph: &Graph, stack: StackId, logical_id: &str) -> String {
    let template = &graph.stacks[stack].source.template;
    if let Some(digest) = template.digests.as_ref().and_then(|d| d.get(logical_id)) {
        return digest.clone();
    }
    let whole = template.whole_root();
    let resource = whole.as_deref().and_then(|root| root.get("Resources")?.get(logical_id));
    properties_digest(resource.and_then(|r| r.get("Properties")))
}
