use std::collections::HashMap;
use std::sync::OnceLock;

use super::catalog::Catalog;
use super::cdk::attribute_member;
use super::lock001_revision_bearing_import::{Revision, finding, is_revision_bearing};
use super::{Context, declare_rule};
use crate::graph::trace::{Origin, origins};
use crate::graph::{ExportId, Graph};

declare_rule! {
    /// ## What it does
    /// Flags a stack that imports (`Fn::ImportValue`) the `Ref` or a `Fn::GetAtt` of a
    /// resource whose type is replaced by the changes people make to it: every writable
    /// property except its tags is create-only (an API Gateway `Resource`, a CodeDeploy
    /// deployment configuration, a Lambda permission, an ACM certificate, 293 types in
    /// all, listed in `rules/LOCK011-replacement-prone-import/replacement-prone-types.txt`,
    /// which `scripts/replacement-prone-types.py` derives from the CloudFormation
    /// resource schemas). `calibration.txt` beside it names the properties people leave
    /// alone: an ACM certificate is listed although two options set once update in place,
    /// and a route table, network ACL, transit gateway route table, VPC peering
    /// connection or VPN gateway is not, as only its parent or a set-once setting is
    /// create-only. The export's value is traced as LOCK001 traces it.
    ///
    /// Not flagged: values LOCK001 already reports (its catalogue and rule packs win);
    /// the `Ref` of a resource whose template sets the property that names it (the
    /// `name=` column of the list, e.g. `DeploymentConfigName`: the user chose that
    /// value, and CloudFormation refuses to replace a custom-named resource instead of
    /// changing it); and types with a property that can change in place.
    /// Every `Fn::GetAtt` of a listed type is taken to change on replacement: those
    /// attributes are identifiers and ARNs generated at creation.
    ///
    /// ## Why is this bad?
    /// Changing any property of such a resource replaces it, the replacement has a new
    /// physical id, and so the exported value changes. CloudFormation refuses to change an
    /// export while another stack imports it: the deploy fails with "Export … cannot be
    /// updated as it is in use by …" and rolls back, and the producer cannot change that
    /// resource until the consumer stops importing it.
    ///
    /// ## Example
    /// ```js
    /// // api stack
    /// this.orders = api.root.addResource('orders');
    /// // routes stack: CDK turns this into an export and an Fn::ImportValue
    /// new apigateway.CfnMethod(this, 'ListOrders', {
    ///   restApiId: api.restApiId, resourceId: apiStack.orders.resourceId, httpMethod: 'GET', … });
    /// ```
    ///
    /// Use instead: keep the resource and everything attached to it in one stack, or
    /// publish the value in an SSM parameter with a stable name, so only the name crosses
    /// stacks:
    /// ```js
    /// // api stack
    /// new ssm.StringParameter(this, 'OrdersResourceId', {
    ///   parameterName: '/api/orders-resource-id', stringValue: this.orders.resourceId });
    /// // routes stack: CloudFormation reads the parameter when this stack is deployed
    /// resourceId: ssm.StringParameter.valueForStringParameter(this, '/api/orders-resource-id')
    /// ```
    /// `valueForStringParameter` is resolved at the consumer's deploy, with no stack
    /// dependency on the producer: deploy the producer first (the cdk CLI deploys a stack
    /// with SSM parameters every time, so the next `cdk deploy` picks the new value up).
    /// Not a weak reference (`Fn::GetStackOutput`): after a replacement the consumer would
    /// keep the old, deleted resource's id until its own template changes.
    ///
    /// ## References
    /// - CloudFormation resource provider schemas: `createOnlyProperties` ("a change to
    ///   any of these properties replaces the resource")
    /// - CloudFormation: "Fn::ImportValue": you can't modify or remove an output value
    ///   that is referenced by another stack
    pub ReplacementProneImport {
        code: "LOCK011", name: "replacement-prone-import", severity: Warning, since: "0.1.0",
        summary: "a stack imports a value that changes whenever its producer changes the resource at all",
    }
}

const TYPES: &str = include_str!("../../rules/LOCK011-replacement-prone-import/replacement-prone-types.txt");

/// Type → the property that names it (when the type's only identifier is writable).
fn types() -> &'static HashMap<&'static str, Option<&'static str>> {
    static TYPES_BY_NAME: OnceLock<HashMap<&'static str, Option<&'static str>>> = OnceLock::new();
    TYPES_BY_NAME.get_or_init(|| {
        TYPES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|line| {
                let mut parts = line.split_whitespace();
                let kind = parts.next().unwrap_or_default();
                (kind, parts.next().and_then(|p| p.strip_prefix("name=")))
            })
            .collect()
    })
}

impl ReplacementProneImport {
    fn check(&self, graph: &Graph, cx: &mut Context<'_>) {
        // Each export is traced once, however many imports it has (fan-in).
        let mut traced: Vec<Option<Option<Revision>>> = (0..graph.exports.len()).map(|_| None).collect();
        for import in &graph.imports {
            for &export in &import.producers {
                let prone = traced[export].get_or_insert_with(|| {
                    // LOCK001 reports what it knows; this rule only adds the rest.
                    if is_revision_bearing(graph, cx, export) { None } else { replacement_prone(graph, export) }
                });
                if let Some(prone) = prone {
                    cx.report(finding(graph, cx, import, export, prone, "replacement-prone"));
                }
            }
        }
    }
}

fn replacement_prone(graph: &Graph, export: ExportId) -> Option<Revision> {
    let export = &graph.exports[export];
    origins(graph, export.stack, &export.value).into_iter().find_map(|origin| {
        let Origin::Attribute { stack, logical_id, kind, attribute, cuts, .. } = &origin else { return None };
        let name_property = *types().get(kind.as_str())?;
        // A part the catalogue knows to be stable (a task definition's family) survives a
        // replacement too.
        let shape = Catalog::builtin().detail(kind, attribute).and_then(|d| d.shape.as_ref());
        if shape.is_some_and(|shape| !shape.keeps_change(cuts)) {
            return None;
        }
        if attribute == "Ref" && name_property.is_some_and(|p| names_itself(graph, *stack, logical_id, p)) {
            return None;
        }
        let what = if attribute == "Ref" {
            format!("the `Ref` of `{kind}` `{logical_id}`")
        } else {
            format!("`{attribute}` of `{kind}` `{logical_id}`")
        };
        Some(Revision {
            changes: format!("every real change to this `{kind}` replaces it, and that changes this value"),
            cdk_attribute: attribute_member(kind, attribute),
            what,
            severity: None,
            fix: None,
            origin,
        })
    })
}

/// Whether the template sets the property that names the resource (its `Ref`).
fn names_itself(graph: &Graph, stack: usize, logical_id: &str, property: &str) -> bool {
    let root = &graph.stacks[stack].source.template.root;
    root.get("Resources")
        .and_then(|r| r.get(logical_id))
        .and_then(|r| r.get("Properties"))
        .and_then(|p| p.get(property))
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_list_parses_with_name_properties() {
        let types = types();
        assert_eq!(types.len(), 293);
        assert_eq!(types.get("AWS::ApiGateway::Resource"), Some(&None));
        assert_eq!(types.get("AWS::AutoScaling::LaunchConfiguration"), Some(&Some("LaunchConfigurationName")));
        assert!(!types.contains_key("AWS::S3::Bucket"));
    }
}
