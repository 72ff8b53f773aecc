//! The references in one template that cross a stack boundary, found in one walk over
//! the whole document right after it is parsed (before [`super::prune`] drops what the
//! walk no longer needs). The graph gives them names and joins them across stacks.

use std::collections::HashSet;

use super::node::{Node, Span, Step, Value, property_path};

/// One reference, in the order the walk meets it.
#[derive(Debug, Clone)]
pub struct Reference {
    pub kind: ReferenceKind,
    /// The intrinsic: `Fn::ImportValue` key and argument, the whole `Fn::GetStackOutput`
    /// or `Fn::GetAtt` mapping.
    pub span: Span,
    pub holder: Holder,
}

#[derive(Debug, Clone)]
pub enum ReferenceKind {
    /// `Fn::ImportValue`: `key_span` is the key (or `!ImportValue` tag).
    Import { key_span: Span, argument: Node },
    /// `Fn::GetStackOutput`: a weak reference that never locks the producer.
    Weak { stack_name: Option<Node>, output_name: Option<Node> },
    /// `Fn::GetAtt [NestedStackResource, "Outputs.X"]`.
    NestedOutput { resource: String, output: String },
}

/// Where in a template a reference sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// `Resources`, `Outputs`, `Conditions`, …
    pub section: String,
    /// The resource or output logical id.
    pub logical_id: Option<String>,
    /// The property path inside it (`ContainerDefinitions[0].Environment[0].Value`).
    pub property: String,
}

/// Every cross-stack reference in `root`, depth first.
#[must_use]
pub fn find(root: &Node) -> Vec<Reference> {
    let nested_stacks: HashSet<&str> = root
        .get("Resources")
        .and_then(Node::as_map)
        .unwrap_or_default()
        .iter()
        .filter(|r| r.value.get("Type").and_then(Node::as_str) == Some("AWS::CloudFormation::Stack"))
        .map(|r| r.key.as_str())
        .collect();
    let mut found = Vec::new();
    visit(root, &mut Vec::new(), &mut |node, path| {
        if let Some(kind) = reference(node, &nested_stacks) {
            let span = match &kind {
                ReferenceKind::Import { key_span, argument } => key_span.to(argument.span),
                _ => node.span,
            };
            found.push(Reference { kind, span, holder: holder(path) });
        }
    });
    // Kept until the graph takes them: no room for growth left behind.
    found.shrink_to_fit();
    found
}

fn reference(node: &Node, nested_stacks: &HashSet<&str>) -> Option<ReferenceKind> {
    let [entry] = node.as_map()? else { return None };
    match entry.key.as_str() {
        "Fn::ImportValue" => Some(ReferenceKind::Import { key_span: entry.key_span, argument: entry.value.clone() }),
        "Fn::GetStackOutput" => Some(ReferenceKind::Weak {
            stack_name: entry.value.get("StackName").cloned(),
            output_name: entry.value.get("OutputName").cloned(),
        }),
        "Fn::GetAtt" => {
            let (resource, attribute) = match entry.value.as_seq() {
                Some([resource, attribute]) => resource.as_str().zip(attribute.as_str()),
                _ => entry.value.as_str().and_then(|s| s.split_once('.')),
            }?;
            let output = attribute.strip_prefix("Outputs.")?;
            nested_stacks
                .contains(resource)
                .then(|| ReferenceKind::NestedOutput { resource: resource.to_owned(), output: output.to_owned() })
        }
        _ => None,
    }
}

/// One step of the path [`visit`] walks, borrowed from the template: most nodes hold no
/// reference, so the owned [`Step`]s are only made for those that do.
#[derive(Clone, Copy)]
enum At<'t> {
    Key(&'t str),
    Index(usize),
}

/// Calls `f` on every node, depth first, with the path from the root.
fn visit<'t>(node: &'t Node, path: &mut Vec<At<'t>>, f: &mut impl FnMut(&'t Node, &[At<'t>])) {
    f(node, path);
    match &node.value {
        Value::Map(entries) => {
            for entry in entries {
                path.push(At::Key(&entry.key));
                visit(&entry.value, path, f);
                path.pop();
            }
        }
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(At::Index(i));
                visit(item, path, f);
                path.pop();
            }
        }
        _ => {}
    }
}

/// `["Resources", "X", "Properties", "A", 0, "B"]` → Resources / X / `A[0].B`.
fn holder(path: &[At<'_>]) -> Holder {
    let key = |i: usize| match path.get(i) {
        Some(At::Key(k)) => Some((*k).to_owned()),
        _ => None,
    };
    let section = key(0).unwrap_or_default();
    let logical_id = key(1);
    let rest = match (section.as_str(), key(2).as_deref()) {
        ("Resources", Some("Properties")) => path.get(3..),
        _ => path.get(2..),
    };
    let rest: Vec<Step> = rest
        .unwrap_or_default()
        .iter()
        .map(|at| match at {
            At::Key(k) => Step::Key((*k).to_owned()),
            At::Index(i) => Step::Index(*i),
        })
        .collect();
    Holder { section, logical_id, property: property_path(&rest) }
}
