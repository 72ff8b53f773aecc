//! Where a value comes from: looks through `Fn::Join`, `Fn::Sub`, `Fn::Select`,
//! `Fn::Split`, `Fn::If` and list joins to the resource attributes, template parameters
//! and literal strings it is made of, following nested-stack outputs and parameters
//! across templates.
//!
//! `Fn::Select` of an `Fn::Split` keeps only a part of what it splits; when that is one
//! reference, the origin records the [`Cut`]s, so a rule that knows the value's shape can
//! tell whether the changing part survives (the family cut out of a task definition ARN).

use super::name::{SubPiece, sub_pieces};
use super::{Graph, StackId};
use crate::load::node::{Node, Span, Value};

/// One thing a value is built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `Ref` (attribute `"Ref"`) or `Fn::GetAtt` of a resource; `cuts` are the parts of
    /// it kept, in the order they are taken (empty: the whole value).
    Attribute { stack: StackId, logical_id: String, kind: String, attribute: String, span: Span, cuts: Vec<Cut> },
    /// A CDK asset hash inside a literal string.
    AssetHash { stack: StackId, hash: String, kind: AssetKind, span: Span },
    /// `Ref` of a template parameter that no parent stack passes a value to: the value is
    /// chosen, or for SSM parameter types read, when the stack deploys.
    Parameter { stack: StackId, name: String, kind: Option<String>, default: Option<String>, span: Span },
}

/// `Fn::Select [index, Fn::Split [delimiter, value]]`: the part of `value` kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    pub delimiter: String,
    pub index: usize,
}

impl Cut {
    /// The part of `text` this cut keeps (`None`: no such part; CloudFormation fails).
    #[must_use]
    pub fn apply<'t>(&self, text: &'t str) -> Option<&'t str> {
        if self.delimiter.is_empty() {
            return None;
        }
        text.split(self.delimiter.as_str()).nth(self.index)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetKind {
    /// `…:<hash>`: a container image tag.
    ImageTag,
    /// `<hash>.zip` and the like: an S3 object key.
    ObjectKey,
}

/// Nested-stack hops and intrinsic nesting beyond this are not followed.
const MAX_DEPTH: usize = 64;

/// Values visited for one traced value at most. The depth limit alone does not bound the
/// work: outputs that each join their nested stack's output several times fan out
/// exponentially with the nesting (4 joins over 20 levels is 4^20 visits). Real values
/// are made of a handful of parts; what is past the budget is not traced.
const MAX_STEPS: usize = 10_000;

/// Every origin of `value`, a node of stack `stack`'s template.
#[must_use]
pub fn origins(graph: &Graph, stack: StackId, value: &Node) -> Vec<Origin> {
    let mut out = Vec::new();
    Tracer { graph, out: &mut out, steps: 0, cuts: Vec::new() }.value(stack, value, 0);
    out
}

struct Tracer<'g, 'o> {
    graph: &'g Graph,
    out: &'o mut Vec<Origin>,
    steps: usize,
    /// The cuts of the `Fn::Select`s around the value traced now, outermost first. They
    /// hold only while the value is one reference: a join or literal text around it
    /// moves the parts, so [`Tracer::whole`] sets them aside there.
    cuts: Vec<Cut>,
}

impl Tracer<'_, '_> {
    fn value(&mut self, stack: StackId, node: &Node, depth: usize) {
        self.steps += 1;
        if depth > MAX_DEPTH || self.steps > MAX_STEPS {
            return;
        }
        match &node.value {
            Value::String(s) => self.literal(stack, s, node.span),
            Value::Seq(items) => self.whole(|t| items.iter().for_each(|item| t.value(stack, item, depth + 1))),
            Value::Map(_) => match node.as_intrinsic() {
                Some(("Ref", target)) => {
                    if let Some(target) = target.as_str() {
                        self.reference(stack, target, "Ref", node.span, depth);
                    }
                }
                Some(("Fn::GetAtt", target)) => self.get_att(stack, target, node.span, depth),
                Some(("Fn::Sub", arg)) => self.sub(stack, arg, node.span, depth),
                Some(("Fn::Join" | "Fn::Split", arg)) => {
                    // The delimiter is a literal; the values are what matter.
                    if let Some([_, list]) = arg.as_seq().and_then(|s| <&[Node; 2]>::try_from(s).ok()) {
                        self.whole(|t| t.value(stack, list, depth + 1));
                    }
                }
                Some(("Fn::Select", arg)) => self.select(stack, arg, depth),
                Some(("Fn::If", arg)) => {
                    for branch in arg.as_seq().unwrap_or_default().iter().skip(1) {
                        self.value(stack, branch, depth + 1);
                    }
                }
                Some(("Fn::Base64" | "Fn::ToJsonString", arg)) => self.whole(|t| t.value(stack, arg, depth + 1)),
                _ => {}
            },
            _ => {}
        }
    }

    /// Traces with the cuts set aside: what `f` traces is a part of a larger value.
    fn whole(&mut self, f: impl FnOnce(&mut Self)) {
        let cuts = std::mem::take(&mut self.cuts);
        f(self);
        self.cuts = cuts;
    }

    fn select(&mut self, stack: StackId, arg: &Node, depth: usize) {
        let Some([index, list]) = arg.as_seq().and_then(|s| <&[Node; 2]>::try_from(s).ok()) else { return };
        let index = index.as_str().and_then(|i| i.parse::<usize>().ok());
        if let (Some(index), Some(("Fn::Split", split))) = (index, list.as_intrinsic())
            && let Some([delimiter, source]) = split.as_seq().and_then(|s| <&[Node; 2]>::try_from(s).ok())
            && let Some(delimiter) = delimiter.as_str()
        {
            self.cuts.push(Cut { delimiter: delimiter.to_owned(), index });
            self.value(stack, source, depth + 1);
            self.cuts.pop();
            return;
        }
        match index.and_then(|i| list.as_seq()?.get(i)) {
            Some(item) => self.value(stack, item, depth + 1),
            None => self.whole(|t| t.value(stack, list, depth + 1)),
        }
    }

    fn get_att(&mut self, stack: StackId, target: &Node, span: Span, depth: usize) {
        let (resource, attribute) = match target.as_seq() {
            Some([resource, attribute]) => match (resource.as_str(), attribute.as_str()) {
                (Some(r), Some(a)) => (r.to_owned(), a.to_owned()),
                _ => return,
            },
            _ => match target.as_str().and_then(|s| s.split_once('.')) {
                Some((r, a)) => (r.to_owned(), a.to_owned()),
                None => return,
            },
        };
        self.reference(stack, &resource, &attribute, span, depth);
    }

    fn sub(&mut self, stack: StackId, arg: &Node, span: Span, depth: usize) {
        let (text, vars) = match &arg.value {
            Value::String(s) => (s.as_str(), None),
            Value::Seq(items) => match items.as_slice() {
                [text, vars] => match text.as_str() {
                    Some(t) => (t, Some(vars)),
                    None => return,
                },
                _ => return,
            },
            _ => return,
        };
        let pieces = sub_pieces(text);
        // `${X}` alone is X itself; with text around it, X is a part.
        if let [SubPiece::Var(_)] = pieces.as_slice() {
            return self.sub_pieces(stack, pieces, vars, span, depth);
        }
        self.whole(|t| t.sub_pieces(stack, pieces, vars, span, depth));
    }

    fn sub_pieces(&mut self, stack: StackId, pieces: Vec<SubPiece>, vars: Option<&Node>, span: Span, depth: usize) {
        for piece in pieces {
            match piece {
                SubPiece::Text(t) => self.literal(stack, &t, span),
                SubPiece::Var(var) => match vars.and_then(|v| v.get(&var)) {
                    Some(value) => self.value(stack, value, depth + 1),
                    None => match var.split_once('.') {
                        Some((resource, attribute)) => self.reference(stack, resource, attribute, span, depth),
                        None => self.reference(stack, &var, "Ref", span, depth),
                    },
                },
            }
        }
    }

    /// `Ref`/`GetAtt` of `target`: a resource, a nested stack's output, or a nested
    /// stack's parameter (whose value the parent passes in).
    fn reference(&mut self, stack: StackId, target: &str, attribute: &str, span: Span, depth: usize) {
        let graph = self.graph;
        let source = &graph.stacks[stack];
        if let Some(resource) = source.resources.get(target) {
            if resource.kind == "AWS::CloudFormation::Stack"
                && let Some(output) = attribute.strip_prefix("Outputs.")
                && let Some((child, value)) = nested_output(graph, stack, target, output)
            {
                return self.value(child, value, depth + 1);
            }
            return self.out.push(Origin::Attribute {
                stack,
                logical_id: target.to_owned(),
                kind: resource.kind.clone(),
                attribute: attribute.to_owned(),
                span,
                cuts: self.cuts.iter().rev().cloned().collect(),
            });
        }
        if attribute != "Ref" {
            return;
        }
        if let Some((parent, passed)) = parent_parameter(graph, stack, target) {
            return self.value(parent, passed, depth + 1);
        }
        if let Some(parameter) = source.source.template.root.get("Parameters").and_then(|p| p.get(target)) {
            let field = |key: &str| parameter.get(key).and_then(Node::as_str).map(str::to_owned);
            self.out.push(Origin::Parameter {
                stack,
                name: target.to_owned(),
                kind: field("Type"),
                default: field("Default"),
                span,
            });
        }
    }

    fn literal(&mut self, stack: StackId, text: &str, span: Span) {
        // The cuts apply innermost first; a part that does not exist keeps the whole text.
        let kept = self.cuts.iter().rev().try_fold(text, |part, cut| cut.apply(part)).unwrap_or(text);
        for (hash, kind) in asset_hashes(kept) {
            self.out.push(Origin::AssetHash { stack, hash: hash.to_owned(), kind, span });
        }
    }
}

/// The value of output `output` of the nested stack behind resource `resource`.
fn nested_output<'g>(graph: &'g Graph, parent: StackId, resource: &str, output: &str) -> Option<(StackId, &'g Node)> {
    let child = graph.stacks.iter().position(|s| {
        s.source.nested_in.as_ref().is_some_and(|link| link.parent == parent && link.logical_id == resource)
    })?;
    let value = graph.stacks[child].source.template.root.get("Outputs")?.get(output)?.get("Value")?;
    Some((child, value))
}

/// What the parent passes to parameter `parameter` of nested stack `stack`.
fn parent_parameter<'g>(graph: &'g Graph, stack: StackId, parameter: &str) -> Option<(StackId, &'g Node)> {
    let link = graph.stacks[stack].source.nested_in.as_ref()?;
    let parent = &graph.stacks[link.parent].source.template.root;
    let passed =
        parent.get("Resources")?.get(&link.logical_id)?.get("Properties")?.get("Parameters")?.get(parameter)?;
    Some((link.parent, passed))
}

/// Runs of exactly 64 lowercase hex characters: CDK asset hashes. An image digest
/// (`@sha256:<hex>`) is pinned by the user, not rotated by CDK, so it is not one.
#[must_use]
pub fn asset_hashes(text: &str) -> Vec<(&str, AssetKind)> {
    // Indexing: `i < bytes.len()` guards each `bytes[i]`, `start >= 1` guards
    // `bytes[start - 1]`, and `start` and `i` sit next to ASCII hex digits, so they are
    // char boundaries for the `text` slices. Each hash returned is 64 ASCII bytes long.
    let bytes = text.as_bytes();
    let is_hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !is_hex(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_hex(bytes[i]) {
            i += 1;
        }
        let boundary_before = start == 0 || !bytes[start - 1].is_ascii_alphanumeric();
        let boundary_after = i == bytes.len() || !bytes[i].is_ascii_alphanumeric();
        if i - start != 64 || !boundary_before || !boundary_after || text[..start].ends_with("sha256:") {
            continue;
        }
        let kind = if text[..start].ends_with(':') { AssetKind::ImageTag } else { AssetKind::ObjectKey };
        found.push((&text[start..i], kind));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "0a3355be12051c9984bf2b0b2bba4e6ea535968e5b6e7396449701732fe5ed14";

    #[test]
    fn finds_asset_hashes_but_not_digests() {
        let image = format!("123.dkr.ecr.us-east-1.amazonaws.com/cdk-hnb659fds-container-assets-123-us-east-1:{HASH}");
        assert_eq!(asset_hashes(&image), vec![(HASH, AssetKind::ImageTag)]);
        assert_eq!(asset_hashes(&format!("{HASH}.zip")), vec![(HASH, AssetKind::ObjectKey)]);
        assert!(asset_hashes(&format!("repo@sha256:{HASH}")).is_empty());
        assert!(asset_hashes(&format!("x{HASH}")).is_empty());
        assert!(asset_hashes(&HASH[..63]).is_empty());
    }
}
