//! A picture of the graph (`cfnlint-lock graph`): stacks grouped by Stage and environment,
//! one edge per (producer, consumer, export), flagged edges marked with their rule codes.
//! Weak references (`Fn::GetStackOutput`) are edges too, dashed and labelled `weak`.
//! Mermaid renders inline on GitHub; DOT feeds Graphviz.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::visible::visible;
use crate::diagnostic::{Finding, Reference};
use crate::graph::{Graph, WeakTarget};

/// One export → import edge between two stacks.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    producer: usize,
    consumer: usize,
    export: String,
    codes: Vec<&'static str>,
    /// Only the deployed consumer imports it (a LOCK002/LOCK003 finding's edge).
    deployed_only: bool,
    /// An `Fn::GetStackOutput` of the Output `export` names.
    weak: bool,
}

/// Stacks by group label, and the edges between them, in a stable order.
fn layout(graph: &Graph, findings: &[Finding]) -> (BTreeMap<String, Vec<usize>>, Vec<Edge>) {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (id, stack) in graph.stacks.iter().enumerate().filter(|(_, s)| s.source.nested_in.is_none()) {
        let label = match &stack.source.stage {
            Some(stage) => format!("{stage} · {}", stack.source.env),
            None => stack.source.env.to_string(),
        };
        groups.entry(label).or_default().push(id);
    }
    let top = |mut id: usize| {
        // Imports inside nested stacks are drawn from their top-level stack.
        while let Some(link) = &graph.stacks[id].source.nested_in {
            id = link.parent;
        }
        id
    };
    let mut edges: Vec<Edge> = Vec::new();
    for import in &graph.imports {
        for &export in &import.producers {
            let producer = top(graph.exports[export].stack);
            let consumer = top(import.stack);
            let name = graph.exports[export].name.shown().to_owned();
            if edges.iter().any(|e| e.producer == producer && e.consumer == consumer && e.export == name) {
                continue;
            }
            let (producer_name, consumer_name) =
                (&graph.stacks[producer].source.name, &graph.stacks[consumer].source.name);
            let mut codes: Vec<&'static str> = findings
                .iter()
                .filter(|f| f.export.as_deref() == Some(name.as_str()))
                .filter(|f| f.consumer.as_ref().is_some_and(|s| &s.stack == consumer_name))
                .filter(|f| f.producer.as_ref().is_some_and(|s| &s.stack == producer_name))
                .map(|f| f.code)
                .collect();
            codes.sort_unstable();
            codes.dedup();
            edges.push(Edge { producer, consumer, export: name, codes, deployed_only: false, weak: false });
        }
    }
    for weak in &graph.weak_refs {
        let (WeakTarget::Output { stack, .. } | WeakTarget::NoOutput { stack }) = graph.weak_target(weak) else {
            continue;
        };
        let (producer, consumer) = (top(stack), top(weak.stack));
        let output = weak.output.shown().to_owned();
        if edges.iter().any(|e| e.weak && e.producer == producer && e.consumer == consumer && e.export == output) {
            continue;
        }
        let (producer_name, consumer_name) = (&graph.stacks[producer].source.name, &graph.stacks[consumer].source.name);
        let mut codes: Vec<&'static str> = findings
            .iter()
            .filter(|f| f.reference == Some(Reference::Weak))
            .filter(|f| f.consumer.as_ref().is_some_and(|s| &s.stack == consumer_name))
            .filter(|f| {
                f.producer.as_ref().is_some_and(|s| &s.stack == producer_name && s.logical_id.as_ref() == Some(&output))
            })
            .map(|f| f.code)
            .collect();
        codes.sort_unstable();
        codes.dedup();
        edges.push(Edge { producer, consumer, export: output, codes, deployed_only: false, weak: true });
    }
    // Deployed imports the new synth no longer has (dropped exports) are drawn dashed.
    let by_name = |name: &str| graph.stacks.iter().position(|s| s.source.name == name && s.source.nested_in.is_none());
    for finding in findings {
        let (Some(export), Some(consumer), Some(producer)) = (&finding.export, &finding.consumer, &finding.producer)
        else {
            continue;
        };
        let (Some(producer), Some(consumer)) = (by_name(&producer.stack), by_name(&consumer.stack)) else { continue };
        match edges
            .iter_mut()
            .find(|e| !e.weak && e.producer == producer && e.consumer == consumer && &e.export == export)
        {
            Some(edge) if !edge.codes.contains(&finding.code) => edge.codes.push(finding.code),
            Some(_) => {}
            None => edges.push(Edge {
                producer,
                consumer,
                export: export.clone(),
                codes: vec![finding.code],
                deployed_only: true,
                weak: false,
            }),
        }
    }
    for edge in &mut edges {
        edge.codes.sort_unstable();
    }
    edges.sort();
    (groups, edges)
}

impl Edge {
    /// The export's short name, or `weak PublishOutput…` for a weak reference.
    fn label(&self) -> String {
        match self.weak {
            true => format!("weak {}", self.export.strip_prefix("PublishOutput").unwrap_or(&self.export)),
            false => short(&self.export).to_owned(),
        }
    }
}

/// `isol8-dev-container:ExportsOutputRefopenclawTaskDef0CCBC23B609205A1` → `RefopenclawTaskDef0CCBC23B609205A1`.
fn short(export: &str) -> &str {
    let local = export.rsplit_once(':').map_or(export, |(_, l)| l);
    local.strip_prefix("ExportsOutput").unwrap_or(local)
}

/// A Mermaid label: sanitised, then Mermaid's entity codes for what would end the label,
/// start an entity or form HTML (`#` first, so input cannot spell an entity code).
fn quote(text: &str) -> String {
    visible(text).replace('#', "#35;").replace('"', "#quot;").replace('<', "#lt;").replace('>', "#gt;")
}

#[must_use]
pub fn mermaid(graph: &Graph, findings: &[Finding]) -> String {
    let (groups, edges) = layout(graph, findings);
    let mut out = String::from("flowchart LR\n");
    for (g, (label, stacks)) in groups.iter().enumerate() {
        let _ = writeln!(out, "  subgraph g{g}[\"{}\"]", quote(label));
        for &id in stacks {
            let _ = writeln!(out, "    s{id}[\"{}\"]", quote(&graph.stacks[id].source.name));
        }
        out.push_str("  end\n");
    }
    let mut flagged = Vec::new();
    for (i, edge) in edges.iter().enumerate() {
        let label = if edge.codes.is_empty() {
            edge.label()
        } else {
            flagged.push(i);
            format!("{} ⚠ {}", edge.label(), edge.codes.join(", "))
        };
        let arrow = match (edge.deployed_only || edge.weak, edge.codes.is_empty()) {
            (true, _) => "-.->",
            (false, true) => "-->",
            (false, false) => "==>",
        };
        let _ = writeln!(out, "  s{} {arrow}|\"{}\"| s{}", edge.producer, quote(&label), edge.consumer);
    }
    if !flagged.is_empty() {
        let list: Vec<String> = flagged.iter().map(usize::to_string).collect();
        let _ = writeln!(out, "  linkStyle {} stroke:#d32f2f,stroke-width:3px,color:#d32f2f", list.join(","));
    }
    out
}

/// A DOT string: sanitised, then `\\` and `"` escaped.
fn dot_quote(text: &str) -> String {
    visible(text).replace('\\', "\\\\").replace('"', "\\\"")
}

#[must_use]
pub fn dot(graph: &Graph, findings: &[Finding]) -> String {
    let (groups, edges) = layout(graph, findings);
    let mut out = String::from("digraph cfnlint_lock {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
    for (g, (label, stacks)) in groups.iter().enumerate() {
        let _ = writeln!(out, "  subgraph cluster_{g} {{\n    label=\"{}\";", dot_quote(label));
        for &id in stacks {
            let _ = writeln!(out, "    s{id} [label=\"{}\"];", dot_quote(&graph.stacks[id].source.name));
        }
        out.push_str("  }\n");
    }
    for edge in &edges {
        let dashed = if edge.deployed_only || edge.weak { ", style=dashed" } else { "" };
        let style = if edge.codes.is_empty() {
            format!("label=\"{}\"{dashed}", dot_quote(&edge.label()))
        } else {
            format!(
                "label=\"{} ({})\", color=red, fontcolor=red, penwidth=2{dashed}",
                dot_quote(&edge.label()),
                edge.codes.join(", "),
            )
        };
        let _ = writeln!(out, "  s{} -> s{} [{style}];", edge.producer, edge.consumer);
    }
    out.push_str("}\n");
    out
}
