use std::collections::HashMap;

use super::{Context, Report, declare_rule};
use crate::diagnostic::Site;
use crate::graph::{Graph, Name, StackId, name::SubPiece, name::sub_pieces};
use crate::load::node::Node;

declare_rule! {
    /// ## What it does
    /// Flags an export name CloudFormation will refuse: longer than 255 characters, with
    /// characters outside `A-Z a-z 0-9 : -`, or built from a resource (`Ref`/`Fn::GetAtt`
    /// of a resource, an `Fn::ImportValue`, `Fn::GetAZs`); and an `Fn::ImportValue` whose
    /// argument is built from a resource.
    ///
    /// ## Why is this bad?
    /// The template is rejected before anything deploys: "Template format error: Output X
    /// is malformed. The Name field of every Export member must … consist only of
    /// alphanumeric characters, colons, or hyphens" or "… must not depend on any
    /// resources, imported values, or Fn::GetAZs".
    ///
    /// ## Example
    /// ```js
    /// new CfnOutput(this, 'BucketOut', { value: bucket.bucketArn, exportName: bucket.bucketName });
    /// ```
    ///
    /// Use instead: a name from literals, parameters and pseudo parameters, e.g.
    /// `` `${Stack.of(this).stackName}-BucketArn` ``.
    ///
    /// ## References
    /// - CloudFormation "Outputs" (export name constraints), cfn-lint E6102
    pub InvalidExportName {
        code: "LOCK010", name: "invalid-export-name", severity: Error, since: "0.1.0",
        summary: "an export name CloudFormation refuses (length, characters, or built from a resource)",
    }
}

impl InvalidExportName {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        // Each stack's Outputs by id, made once: finding each export's Output by a scan
        // was quadratic (100,000 exported outputs: 12.6 s).
        let mut outputs: HashMap<StackId, HashMap<&str, &Node>> = HashMap::new();
        for export in &graph.exports {
            let stack = &graph.stacks[export.stack].source;
            let by_id = outputs.entry(export.stack).or_insert_with(|| outputs_by_id(&stack.template.root));
            let Some(name_node) =
                by_id.get(export.output.as_str()).and_then(|o| o.get("Export")).and_then(|e| e.get("Name"))
            else {
                continue;
            };
            let problem = match resource_dependency(graph, export.stack, name_node) {
                Some(what) => Some(format!("is built from {what}")),
                None => export.name.value().and_then(invalid_literal),
            };
            let Some(problem) = problem else { continue };
            let label = format!("the export name {problem}");
            let site = super::site(graph, export.stack, name_node.span, label, Some(export.output.clone()));
            cx.report(Report {
                severity: None,
                reference: None,
                message: format!("export name `{}` of output `{}` in `{}` {problem}", export.name.shown(), export.output, stack.name),
                help: "build export names from literals, parameters and pseudo parameters only (e.g. `${AWS::StackName}-Name`), at most 255 characters of `A-Z a-z 0-9 : -`".to_owned(),
                export: Some(export.name.shown().to_owned()),
                env: Some(stack.env.to_string()),
                consumer: None,
                producer: Some(site),
            });
        }
        for import in &graph.imports {
            let Some(what) = resource_dependency(graph, import.stack, &import.argument) else { continue };
            let stack = &graph.stacks[import.stack].source;
            let site: Site = cx.import_site(import, format!("the imported name is built from {what}"));
            cx.report(Report {
                severity: None,
                reference: None,
                message: format!("`{}` imports a name built from {what}, which `Fn::ImportValue` refuses", stack.name),
                help: "build the imported name from literals, parameters and pseudo parameters only".to_owned(),
                export: match &import.name {
                    Name::Symbolic(_) => None,
                    name => name.value().map(str::to_owned),
                },
                env: Some(stack.env.to_string()),
                consumer: Some(site),
                producer: None,
            });
        }
    }
}

/// A template's Outputs by logical id (the first of a repeated id, as [`Node::get`] finds).
fn outputs_by_id(root: &Node) -> HashMap<&str, &Node> {
    let outputs = root.get("Outputs").and_then(Node::as_map).unwrap_or_default();
    outputs.iter().rev().map(|o| (o.key.as_str(), &o.value)).collect()
}

/// Why a literal name is refused, if it is.
fn invalid_literal(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("is empty".to_owned());
    }
    if name.chars().count() > 255 {
        return Some(format!("is {} characters long; the limit is 255", name.chars().count()));
    }
    let bad: String = name.chars().filter(|c| !(c.is_ascii_alphanumeric() || *c == ':' || *c == '-')).collect();
    (!bad.is_empty()).then(|| {
        let mut shown: Vec<char> = bad.chars().collect();
        shown.sort_unstable();
        shown.dedup();
        let list: Vec<String> = shown.iter().map(|c| format!("`{c}`")).collect();
        format!("holds {} (only `A-Z a-z 0-9 : -` are allowed)", list.join(", "))
    })
}

/// `Some("the `Ref` of resource `Bucket`")` when `expr` depends on a resource, an
/// imported value or `Fn::GetAZs`.
fn resource_dependency(graph: &Graph, stack: StackId, expr: &Node) -> Option<String> {
    let resources = &graph.stacks[stack].resources;
    let mut todo = vec![expr];
    while let Some(node) = todo.pop() {
        match node.as_intrinsic() {
            Some(("Ref", target)) => {
                if let Some(target) = target.as_str().filter(|t| resources.contains_key(*t)) {
                    return Some(format!("the `Ref` of resource `{target}`"));
                }
            }
            Some(("Fn::GetAtt", target)) => {
                let resource = target
                    .as_seq()
                    .and_then(|s| s.first())
                    .and_then(Node::as_str)
                    .or_else(|| target.as_str()?.split('.').next());
                return Some(format!("`Fn::GetAtt` of `{}`", resource.unwrap_or("a resource")));
            }
            Some(("Fn::ImportValue", _)) => return Some("an imported value".to_owned()),
            Some(("Fn::GetAZs", _)) => return Some("`Fn::GetAZs`".to_owned()),
            Some(("Fn::Sub", arg)) => {
                let text = arg.as_str().or_else(|| arg.as_seq()?.first()?.as_str()).unwrap_or_default();
                for piece in sub_pieces(text) {
                    if let SubPiece::Var(var) = piece {
                        let resource = var.split('.').next().unwrap_or_default();
                        if resources.contains_key(resource) {
                            return Some(format!("resource `{resource}` (in `Fn::Sub`)"));
                        }
                    }
                }
                if let Some(vars) = arg.as_seq().and_then(|s| s.get(1)) {
                    todo.push(vars);
                }
            }
            _ => match &node.value {
                crate::load::node::Value::Seq(items) => todo.extend(items.iter()),
                crate::load::node::Value::Map(entries) => todo.extend(entries.iter().map(|e| &e.value)),
                _ => {}
            },
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_literal_names() {
        assert!(invalid_literal("stack:ExportsOutputRefX-1").is_none());
        assert!(invalid_literal("orders_queue.url").unwrap().contains("`.`, `_`"));
        assert!(invalid_literal(&"a".repeat(256)).unwrap().contains("256 characters"));
        assert!(invalid_literal("").is_some());
    }
}
