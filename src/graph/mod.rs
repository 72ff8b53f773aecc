//! The cross-stack graph: stacks, their resources, exports and imports, joined across
//! Stages and PATHs by (environment, export name).
//!
//! Built once from [`Loaded`]; rules only read it. Besides `Fn::ImportValue` (the
//! references that lock), it records the references that do not lock, so later rules can
//! reason about them: `Fn::GetStackOutput` (weak references) and CDK's cross-region
//! `Custom::CrossRegionExportWriter` / `Reader` pairs.

pub mod name;
pub mod trace;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::load::manifest::Env;
use crate::load::node::{Entry, Node, Span, Value};
pub use crate::load::references::Holder;
use crate::load::references::{Reference, ReferenceKind};
use crate::load::{Loaded, StackSource};
pub use name::Name;
use name::Scope;
use rayon::prelude::*;

/// Index into [`Graph::stacks`].
pub type StackId = usize;
/// Index into [`Graph::exports`].
pub type ExportId = usize;

/// Every `StackId` and `ExportId` stored in the graph (in imports, exports, links and
/// findings) is made by [`Graph::build`] from the position of what it names, and
/// nothing is ever removed, so indexing `stacks` and `exports` by them cannot fail; code
/// across the crate indexes by them without further checks.
#[derive(Debug)]
pub struct Graph {
    pub stacks: Vec<Stack>,
    pub exports: Vec<Export>,
    /// Boxed: joining each stack's imports into one list moves pointers, not 200-byte
    /// structs, so a large app does not hold two copies of its 30,000 imports meanwhile.
    pub imports: Vec<Box<Import>>,
    pub weak_refs: Vec<WeakRef>,
    pub cross_region_exports: Vec<CrossRegionExport>,
    pub cross_region_imports: Vec<CrossRegionImport>,
    pub nested_outputs: Vec<NestedOutputRef>,
    /// The resources of the template [`Graph::any_resource`] parsed last: its callers ask
    /// about one stack several times in a row.
    reparsed: Mutex<Option<(StackId, Arc<Resources>)>>,
    /// Top-level stacks by name, made on first use: weak references name their producer.
    by_name: OnceLock<HashMap<String, Vec<StackId>>>,
}

/// A stack's resources by logical id.
pub type Resources = HashMap<String, Resource>;

#[derive(Debug)]
pub struct Stack {
    pub source: StackSource,
    pub resources: Resources,
}

#[derive(Debug, Clone)]
pub struct Resource {
    pub kind: String,
    /// `aws:cdk:path` metadata, else the manifest's `aws:cdk:logicalId` metadata.
    pub construct_path: Option<String>,
}

/// An `Outputs` entry with an `Export`.
#[derive(Debug)]
pub struct Export {
    pub stack: StackId,
    /// The Output's logical id.
    pub output: String,
    /// Span of the Output's key in the template.
    pub output_span: Span,
    pub name: Name,
    pub value: Node,
}

/// One `Fn::ImportValue` occurrence.
#[derive(Debug)]
pub struct Import {
    pub stack: StackId,
    pub name: Name,
    /// Span of the `Fn::ImportValue` key (or `!ImportValue` tag).
    pub key_span: Span,
    /// Span of the `Fn::ImportValue` key and its argument.
    pub span: Span,
    pub holder: Holder,
    /// The `Fn::ImportValue` argument as written.
    pub argument: Node,
    /// The exports it resolves to (several only when environments are unknown).
    pub producers: Vec<ExportId>,
}

/// An `Fn::GetStackOutput`: a weak reference that never locks the producer.
#[derive(Debug)]
pub struct WeakRef {
    pub stack: StackId,
    pub producer_stack: Name,
    pub output: Name,
    pub span: Span,
    pub holder: Holder,
}

/// What a weak reference reads in the graph.
#[derive(Debug)]
pub enum WeakTarget<'g> {
    /// The producer stack and its Output (key span and value).
    Output { stack: StackId, output: &'g Entry },
    /// The producer stack is there, but has no Output of that name.
    NoOutput { stack: StackId },
    /// No stack of that name in an environment the consumer can reach.
    NoStack,
    /// The stack or output name is known only at deploy time.
    Unknown,
}

/// A parent's `Fn::GetAtt [NestedStackResource, "Outputs.X"]`: how values leave a nested
/// stack (CDK then exports them from the parent when another stack needs them).
#[derive(Debug)]
pub struct NestedOutputRef {
    pub stack: StackId,
    /// The `AWS::CloudFormation::Stack` resource.
    pub resource: String,
    pub output: String,
    pub span: Span,
    pub holder: Holder,
}

/// One value a `Custom::CrossRegionExportWriter` publishes (keyed by its SSM name).
#[derive(Debug)]
pub struct CrossRegionExport {
    pub stack: StackId,
    /// The region the parameter is written to (the consumer's), from `WriterProps.region`.
    pub region: Option<String>,
    pub writer: String,
    pub parameter: String,
    pub value: Node,
    pub span: Span,
}

/// One value a `Custom::CrossRegionExportReader` reads, locking the writer's parameter.
#[derive(Debug)]
pub struct CrossRegionImport {
    pub stack: StackId,
    pub reader: String,
    pub parameter: String,
    pub span: Span,
}

impl Graph {
    #[must_use]
    pub fn build(loaded: Loaded) -> Graph {
        // What a stack exports and imports depends on its own template alone: found on every
        // core, then joined in stack order, so ids and output are those of a sequential build.
        let stack_and_facts = |(id, mut source): (StackId, StackSource)| {
            let references = source.template.take_references();
            let resources = resources_of(&mut source);
            let stack = Stack { source, resources };
            let facts = facts_of(id, &stack, references);
            (stack, facts)
        };
        let stacks = loaded.stacks;
        let (stacks, facts): (Vec<Stack>, Vec<Facts>) = if stacks.len() < crate::load::PARALLEL_FROM {
            stacks.into_iter().enumerate().map(stack_and_facts).unzip()
        } else {
            stacks.into_par_iter().enumerate().map(stack_and_facts).unzip()
        };
        let mut graph = Graph {
            stacks,
            exports: Vec::new(),
            imports: Vec::new(),
            weak_refs: Vec::new(),
            cross_region_exports: Vec::new(),
            cross_region_imports: Vec::new(),
            nested_outputs: Vec::new(),
            reparsed: Mutex::new(None),
            by_name: OnceLock::new(),
        };
        // Exact sizes: 30,000 imports are 6 MB, and doubling on growth would waste up to as much.
        graph.exports.reserve_exact(facts.iter().map(|f| f.exports.len()).sum());
        graph.imports.reserve_exact(facts.iter().map(|f| f.imports.len()).sum());
        for facts in facts {
            graph.exports.extend(facts.exports);
            graph.imports.extend(facts.imports);
            graph.weak_refs.extend(facts.weak_refs);
            graph.nested_outputs.extend(facts.nested_outputs);
            graph.cross_region_exports.extend(facts.cross_region_exports);
            graph.cross_region_imports.extend(facts.cross_region_imports);
        }
        graph.resolve_imports();
        graph
    }

    fn resolve_imports(&mut self) {
        let mut by_name: HashMap<&str, Vec<ExportId>> = HashMap::new();
        for (id, export) in self.exports.iter().enumerate() {
            if let Some(name) = export.name.value() {
                by_name.entry(name).or_default().push(id);
            }
        }
        let mut resolved = Vec::with_capacity(self.imports.len());
        for import in &self.imports {
            let env = &self.stacks[import.stack].source.env;
            let candidates = import.name.value().and_then(|n| by_name.get(n)).map(Vec::as_slice).unwrap_or_default();
            let exact: Vec<ExportId> = candidates.iter().copied().filter(|&e| self.env_of_export(e) == env).collect();
            let producers = if exact.is_empty() {
                candidates.iter().copied().filter(|&e| env.can_reach(self.env_of_export(e))).collect()
            } else {
                exact
            };
            resolved.push(producers);
        }
        for (import, producers) in self.imports.iter_mut().zip(resolved) {
            import.producers = producers;
        }
    }

    #[must_use]
    pub fn env_of_export(&self, export: ExportId) -> &Env {
        &self.stacks[self.exports[export].stack].source.env
    }

    /// A resource of stack `stack`, also one the graph did not keep because nothing it
    /// keeps names it: then the template is parsed again. Only LOCK002's help asks that,
    /// about the resource behind an export the new synth dropped.
    #[must_use]
    pub fn any_resource(&self, id: StackId, logical_id: &str) -> Option<Cow<'_, Resource>> {
        let stack = &self.stacks[id];
        if let Some(resource) = stack.resources.get(logical_id) {
            return Some(Cow::Borrowed(resource));
        }
        if stack.source.template.whole {
            return None;
        }
        let mut reparsed = self.reparsed.lock().unwrap_or_else(PoisonError::into_inner);
        let all = match reparsed.as_ref() {
            Some((last, all)) if *last == id => Arc::clone(all),
            _ => {
                let whole = stack.source.template.whole_root()?;
                let entries = whole.get("Resources").and_then(Node::as_map).unwrap_or_default();
                let all: Resources =
                    entries.iter().map(|entry| (entry.key.clone(), resource_of(&stack.source, entry))).collect();
                Arc::clone(&reparsed.insert((id, Arc::new(all))).1)
            }
        };
        all.get(logical_id).cloned().map(Cow::Owned)
    }

    /// The Output a weak reference reads: the top-level stack of that name, in the
    /// consumer's environment if there is one there, else in one it can reach, else in any
    /// (`Fn::GetStackOutput` crosses regions and accounts with `Region` and `RoleArn`).
    #[must_use]
    pub fn weak_target(&self, weak: &WeakRef) -> WeakTarget<'_> {
        let (Some(stack_name), Some(output)) = (weak.producer_stack.value(), weak.output.value()) else {
            return WeakTarget::Unknown;
        };
        let env = &self.stacks[weak.stack].source.env;
        let named = self.stacks_named(stack_name);
        let in_env = |id: &&StackId| &self.stacks[**id].source.env == env;
        let reachable = |id: &&StackId| self.stacks[**id].source.env.can_reach(env);
        let Some(&stack) = named.iter().find(in_env).or_else(|| named.iter().find(reachable)).or(named.first()) else {
            return WeakTarget::NoStack;
        };
        let outputs = self.stacks[stack].source.template.root.get("Outputs").and_then(Node::as_map).unwrap_or_default();
        match outputs.iter().find(|o| o.key == output) {
            Some(output) => WeakTarget::Output { stack, output },
            None => WeakTarget::NoOutput { stack },
        }
    }

    /// The top-level stacks called `name` (several only across environments).
    #[must_use]
    pub fn stacks_named(&self, name: &str) -> &[StackId] {
        let index = self.by_name.get_or_init(|| {
            let mut index: HashMap<String, Vec<StackId>> = HashMap::new();
            for (id, stack) in self.stacks.iter().enumerate().filter(|(_, s)| s.source.nested_in.is_none()) {
                index.entry(stack.source.name.clone()).or_default().push(id);
            }
            index
        });
        index.get(name).map(Vec::as_slice).unwrap_or_default()
    }

    /// The construct path of a resource or output, when CDK recorded one.
    #[must_use]
    pub fn construct_path(&self, stack: StackId, logical_id: &str) -> Option<&str> {
        let stack = &self.stacks[stack];
        stack
            .resources
            .get(logical_id)
            .and_then(|r| r.construct_path.as_deref())
            .or_else(|| stack.source.construct_paths.get(logical_id).map(String::as_str))
    }
}

/// One stack's part of the graph (`id` is its index in [`Graph::stacks`]).
fn facts_of(id: StackId, stack: &Stack, references: Vec<Reference>) -> Facts {
    let template = &stack.source.template.root;
    let scope = Scope {
        stack_name: stack.source.nested_in.is_none().then_some(stack.source.name.as_str()),
        env: &stack.source.env,
        template,
    };
    let mut exports = Vec::new();
    for output in template.get("Outputs").and_then(Node::as_map).unwrap_or_default() {
        let Some(export_name) = output.value.get("Export").and_then(|e| e.get("Name")) else { continue };
        exports.push(Export {
            stack: id,
            output: output.key.clone(),
            output_span: output.key_span,
            name: scope.name(export_name),
            value: output.value.get("Value").cloned().unwrap_or_else(|| Node::new(output.key_span, Value::Null)),
        });
    }
    let imports = references.iter().filter(|r| matches!(r.kind, ReferenceKind::Import { .. })).count();
    let mut facts = Facts {
        exports,
        imports: Vec::with_capacity(imports),
        weak_refs: Vec::new(),
        nested_outputs: Vec::new(),
        cross_region_exports: Vec::new(),
        cross_region_imports: Vec::new(),
    };
    for reference in references {
        let (span, holder) = (reference.span, reference.holder);
        match reference.kind {
            ReferenceKind::Import { key_span, argument } => facts.imports.push(Box::new(Import {
                stack: id,
                name: scope.name(&argument),
                key_span,
                span,
                holder,
                argument,
                producers: Vec::new(),
            })),
            ReferenceKind::Weak { stack_name, output_name } => {
                let name = |n: Option<Node>| n.map_or(Name::Symbolic(String::new()), |n| scope.name(&n));
                facts.weak_refs.push(WeakRef {
                    stack: id,
                    producer_stack: name(stack_name),
                    output: name(output_name),
                    span,
                    holder,
                });
            }
            ReferenceKind::NestedOutput { resource, output } => {
                facts.nested_outputs.push(NestedOutputRef { stack: id, resource, output, span, holder });
            }
        }
    }
    (facts.cross_region_exports, facts.cross_region_imports) = cross_region_of(id, template);
    facts
}

/// What [`facts_of`] finds in one template, in the order it meets it.
struct Facts {
    exports: Vec<Export>,
    // Boxed for the join in `Graph::build` (see `Graph::imports`).
    #[allow(clippy::vec_box)]
    imports: Vec<Box<Import>>,
    weak_refs: Vec<WeakRef>,
    nested_outputs: Vec<NestedOutputRef>,
    cross_region_exports: Vec<CrossRegionExport>,
    cross_region_imports: Vec<CrossRegionImport>,
}

/// The resources of the template: all of them, or those pruning kept facts of.
fn resources_of(source: &mut StackSource) -> Resources {
    if let Some(kept) = source.template.resources.take() {
        return kept
            .into_iter()
            .map(|r| {
                let construct_path = r.cdk_path.or_else(|| source.construct_paths.get(&r.logical_id).cloned());
                (r.logical_id, Resource { kind: r.kind, construct_path })
            })
            .collect();
    }
    let entries = source.template.root.get("Resources").and_then(Node::as_map).unwrap_or_default();
    entries.iter().map(|entry| (entry.key.clone(), resource_of(source, entry))).collect()
}

fn resource_of(source: &StackSource, entry: &Entry) -> Resource {
    let kind = entry.value.get("Type").and_then(Node::as_str).unwrap_or_default().to_owned();
    let construct_path = entry
        .value
        .get("Metadata")
        .and_then(|m| m.get("aws:cdk:path"))
        .and_then(Node::as_str)
        .map(str::to_owned)
        .or_else(|| source.construct_paths.get(&entry.key).cloned());
    Resource { kind, construct_path }
}

fn cross_region_of(stack: StackId, template: &Node) -> (Vec<CrossRegionExport>, Vec<CrossRegionImport>) {
    let mut exports = Vec::new();
    let mut imports = Vec::new();
    for resource in template.get("Resources").and_then(Node::as_map).unwrap_or_default() {
        let kind = resource.value.get("Type").and_then(Node::as_str);
        let properties = resource.value.get("Properties");
        match kind {
            Some("Custom::CrossRegionExportWriter") => {
                let writer_props = properties.and_then(|p| p.get("WriterProps"));
                let region = writer_props.and_then(|w| w.get("region")).and_then(Node::as_str).map(str::to_owned);
                let written = writer_props.and_then(|w| w.get("exports")).and_then(Node::as_map);
                for entry in written.unwrap_or_default() {
                    exports.push(CrossRegionExport {
                        stack,
                        region: region.clone(),
                        writer: resource.key.clone(),
                        parameter: entry.key.clone(),
                        value: entry.value.clone(),
                        span: entry.key_span,
                    });
                }
            }
            Some("Custom::CrossRegionExportReader") => {
                let read =
                    properties.and_then(|p| p.get("ReaderProps")).and_then(|r| r.get("imports")).and_then(Node::as_map);
                for entry in read.unwrap_or_default() {
                    imports.push(CrossRegionImport {
                        stack,
                        reader: resource.key.clone(),
                        parameter: entry.key.clone(),
                        span: entry.key_span,
                    });
                }
            }
            _ => {}
        }
    }
    (exports, imports)
}
