//! What of a parsed template stays in memory: the parts the graph and the rules read.
//!
//! A CDK template is mostly resource properties no cross-stack rule looks at (policy
//! documents, Lambda settings, alarms). Keeping every tree made memory grow with the whole
//! assembly; pruning each template right after it is parsed, on the core that parsed it,
//! bounds it by the largest template plus the facts of all of them. The cross-stack
//! references are taken out first ([`super::references`]); then what is kept is:
//!
//! - the sections names and values are resolved through: the `Default` of each of the
//!   `Parameters`, `Mappings` (`Fn::FindInMap`), `Outputs` (exports, nested outputs), the
//!   `cfnlint-lock` ignores of the template `Metadata`, and the small scalar sections;
//! - whole resources of the kinds the graph reads inside: nested stacks and CDK's
//!   cross-region writers and readers;
//! - the resources a kept value names with `Ref`, `Fn::GetAtt` or `Fn::Sub` (the origins a
//!   value is traced to), with the names of their properties but not their values: a rule
//!   asks whether a property is set; the digest of the values is taken here when the
//!   baseline needs it (see [`Pruned::digests`]);
//! - the `cfnlint-lock` ignores of resources;
//! - and, apart from the tree, the type and construct path of each of those resources and
//!   of every resource holding a reference ([`KeptResource`]).
//!
//! Spans are those of the full text, which is read again when a finding needs a snippet.

use std::collections::{HashMap, HashSet};

use super::digest::properties_digest;
use super::node::{Entry, Node, Value};
use super::references::{Reference, ReferenceKind};

/// Top-level sections kept whole.
const WHOLE_SECTIONS: [&str; 5] = ["AWSTemplateFormatVersion", "Description", "Transform", "Mappings", "Outputs"];

/// Resource types the graph reads inside of.
const WHOLE_TYPES: [&str; 3] =
    ["AWS::CloudFormation::Stack", "Custom::CrossRegionExportWriter", "Custom::CrossRegionExportReader"];

/// The `Metadata` key kept (of the template and of the resources kept).
const IGNORES: &str = "cfnlint-lock";

/// A resource the graph knows by its type and construct path.
#[derive(Debug, Clone)]
pub struct KeptResource {
    pub logical_id: String,
    pub kind: String,
    pub cdk_path: Option<String>,
}

/// A pruned template.
#[derive(Debug)]
pub struct Pruned {
    pub root: Node,
    /// Whether every resource, kept or not, carried `aws:cdk:path` metadata: then the
    /// manifest's construct paths are only needed for what is not a resource.
    pub every_resource_has_a_path: bool,
    /// With `digests`: logical id → digest of `Properties`, for every resource a traced
    /// value can lead to (those named and those kept whole).
    pub digests: Option<HashMap<String, String>>,
    pub resources: Vec<KeptResource>,
}

/// Keeps what the graph and the rules read of `root` (a template's top-level mapping,
/// whose cross-stack references are `references`); anything else is returned as it is.
#[must_use]
pub fn prune(root: Node, references: &[Reference], digests: bool) -> Pruned {
    let span = root.span;
    let Value::Map(sections) = root.value else {
        return Pruned { root, every_resource_has_a_path: false, digests: None, resources: Vec::new() };
    };
    let named = named_by_kept_values(&sections, references);
    let holders: HashSet<&str> = references
        .iter()
        .filter(|r| r.holder.section == "Resources")
        .filter_map(|r| r.holder.logical_id.as_deref())
        .collect();
    let mut pruning = Pruning {
        named: &named,
        holders: &holders,
        digests: digests.then(HashMap::new),
        every_path: true,
        kept: Vec::new(),
    };
    let kept = sections
        .into_iter()
        .filter_map(|section| match section.key.as_str() {
            "Resources" => Some(pruning.resources(section)),
            "Metadata" => Some(only_ignores(section)),
            "Parameters" => Some(only_defaults(section)),
            key if WHOLE_SECTIONS.contains(&key) => Some(section),
            _ => None,
        })
        .collect();
    let mut root = Node::new(span, Value::Map(kept));
    shrink(&mut root);
    pruning.kept.shrink_to_fit();
    Pruned { root, every_resource_has_a_path: pruning.every_path, digests: pruning.digests, resources: pruning.kept }
}

struct Pruning<'a> {
    named: &'a HashSet<String>,
    holders: &'a HashSet<&'a str>,
    digests: Option<HashMap<String, String>>,
    every_path: bool,
    kept: Vec<KeptResource>,
}

impl Pruning<'_> {
    fn resources(&mut self, section: Entry) -> Entry {
        with_entries(section, |resources| resources.into_iter().filter_map(|r| self.resource(r)).collect())
    }

    fn resource(&mut self, resource: Entry) -> Option<Entry> {
        let metadata = resource.value.get("Metadata");
        let cdk_path = metadata.and_then(|m| m.get("aws:cdk:path")).and_then(Node::as_str);
        self.every_path &= cdk_path.is_some();
        let kind = resource.value.get("Type").and_then(Node::as_str).unwrap_or_default();
        let whole_type = WHOLE_TYPES.contains(&kind);
        let named = self.named.contains(&resource.key);
        let has_ignores = metadata.and_then(|m| m.get(IGNORES)).is_some();
        if !(whole_type || named || has_ignores || self.holders.contains(resource.key.as_str())) {
            return None;
        }
        self.kept.push(KeptResource {
            logical_id: resource.key.clone(),
            kind: kind.to_owned(),
            cdk_path: cdk_path.map(str::to_owned),
        });
        // Every origin a value can be traced to is named or kept whole: all their digests
        // are here, and none needs the template parsed again.
        if (named || whole_type)
            && let Some(digests) = &mut self.digests
        {
            digests.insert(resource.key.clone(), properties_digest(resource.value.get("Properties")));
        }
        if whole_type {
            return Some(resource);
        }
        if !named && !has_ignores {
            return None;
        }
        let kept = |field: Entry| match field.key.as_str() {
            "Metadata" if has_ignores => Some(only_ignores(field)),
            "Properties" if named => Some(names_only(field)),
            _ => None,
        };
        Some(with_entries(resource, |fields| fields.into_iter().filter_map(kept).collect()))
    }
}

/// `entry` with the entries of its mapping replaced by what `change` makes of them (an
/// entry whose value is no mapping is returned as it is).
fn with_entries(entry: Entry, change: impl FnOnce(Vec<Entry>) -> Vec<Entry>) -> Entry {
    let span = entry.value.span;
    let Value::Map(entries) = entry.value.value else { return entry };
    Entry { value: Node::new(span, Value::Map(change(entries))), ..entry }
}

/// Only the entries named `key`.
fn only(key: &str) -> impl Fn(Vec<Entry>) -> Vec<Entry> + '_ {
    move |entries| entries.into_iter().filter(|e| e.key == key).collect()
}

/// A `Metadata` mapping with only the key cfnlint-lock reads.
fn only_ignores(metadata: Entry) -> Entry {
    with_entries(metadata, only(IGNORES))
}

/// Each parameter with only its `Default`, the one field names are resolved through, and
/// its `Type`: LOCK001 reports exports of SSM-typed parameters, which CloudFormation
/// re-reads on every deploy.
fn only_defaults(parameters: Entry) -> Entry {
    let default_and_type =
        |entries: Vec<Entry>| entries.into_iter().filter(|e| e.key == "Default" || e.key == "Type").collect();
    with_entries(parameters, |parameters| {
        parameters.into_iter().map(|parameter| with_entries(parameter, default_and_type)).collect()
    })
}

/// A mapping's keys, each with a `null` value where it had its value.
fn names_only(mapping: Entry) -> Entry {
    let null = |e: Entry| Entry { value: Node::new(e.value.span, Value::Null), ..e };
    with_entries(mapping, |entries| entries.into_iter().map(null).collect())
}

/// Gives back the room the parser's growing and the in-place filtering left in what is
/// kept: a `Resources` mapping pruned from 60 entries to 5 keeps room for 60 otherwise.
fn shrink(node: &mut Node) {
    match &mut node.value {
        Value::Map(entries) => {
            entries.shrink_to_fit();
            for entry in entries {
                entry.key.shrink_to_fit();
                shrink(&mut entry.value);
            }
        }
        Value::Seq(items) => {
            items.shrink_to_fit();
            items.iter_mut().for_each(shrink);
        }
        Value::String(text) | Value::Number(text) => text.shrink_to_fit(),
        Value::Null | Value::Bool(_) => {}
    }
}

/// Logical ids that kept values name with `Ref`, `Fn::GetAtt` or `Fn::Sub`: the outputs,
/// the resources kept whole for their kind, and the references' arguments (an import's
/// name may be built from a resource's `Ref`).
fn named_by_kept_values(sections: &[Entry], references: &[Reference]) -> HashSet<String> {
    let mut named = HashSet::new();
    for section in sections {
        if section.key == "Outputs" {
            collect_names(&section.value, &mut named);
        } else if section.key == "Resources" {
            for resource in section.value.as_map().unwrap_or_default() {
                let kind = resource.value.get("Type").and_then(Node::as_str);
                if kind.is_some_and(|k| WHOLE_TYPES.contains(&k)) {
                    collect_names(&resource.value, &mut named);
                }
            }
        }
    }
    for reference in references {
        match &reference.kind {
            ReferenceKind::Import { argument, .. } => collect_names(argument, &mut named),
            ReferenceKind::Weak { stack_name, output_name } => {
                stack_name.iter().chain(output_name).for_each(|n| collect_names(n, &mut named));
            }
            ReferenceKind::NestedOutput { .. } => {}
        }
    }
    named
}
fn collect_names(node: &Node, named: &mut HashSet<String>) {
    match node.as_intrinsic() {
        Some(("Ref", target)) => {
            if let Some(target) = target.as_str() {
                named.insert(target.to_owned());
            }
        }
        Some(("Fn::GetAtt", target)) => {
            let resource = match target.as_seq() {
                Some([resource, ..]) => resource.as_str(),
                _ => target.as_str().map(|s| s.split('.').next().unwrap_or(s)),
            };
            if let Some(resource) = resource {
                named.insert(resource.to_owned());
            }
        }
        Some(("Fn::Sub", arg)) => {
            let text = arg.as_str().or_else(|| arg.as_seq()?.first()?.as_str());
            named.extend(text.map(sub_variables).unwrap_or_default());
        }
        _ => {}
    }
    match &node.value {
        Value::Map(entries) => entries.iter().for_each(|e| collect_names(&e.value, named)),
        Value::Seq(items) => items.iter().for_each(|i| collect_names(i, named)),
        _ => {}
    }
}

/// The logical ids `${X}` and `${X.Attribute}` name in a `Fn::Sub` string (`${!X}` is
/// literal text).
fn sub_variables(text: &str) -> Vec<String> {
    text.split("${")
        .skip(1)
        .filter(|rest| !rest.starts_with('!'))
        .filter_map(|rest| rest.split_once('}'))
        .map(|(var, _)| var.trim().split('.').next().unwrap_or_default().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{json, references};

    fn pruned(text: &str, digests: bool) -> Pruned {
        let root = json::parse(text).unwrap();
        let found = references::find(&root);
        prune(root, &found, digests)
    }

    fn kept(pruned: &Pruned) -> String {
        crate::load::digest::canonical(&pruned.root).to_string()
    }

    const TEMPLATE: &str = r#"{
      "Resources": {
        "TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Family": "f", "Cpu": 256},
                    "Metadata": {"aws:cdk:path": "S/TaskDef/Resource", "other": 1}},
        "Policy": {"Type": "AWS::IAM::Policy", "Properties": {"Doc": {"Fn::GetAtt": ["TaskDef", "Arn"]}},
                   "Metadata": {"aws:cdk:path": "S/Policy/Resource"}},
        "Service": {"Type": "AWS::ECS::Service", "DependsOn": ["Policy"], "Properties": {"Env": [
            {"Name": "A", "Value": "x"},
            {"Name": "B", "Value": {"Fn::ImportValue": {"Fn::Sub": "${Named}-x"}}}]},
            "Metadata": {"aws:cdk:path": "S/Service/Resource", "aws:asset:path": "a"}},
        "Named": {"Type": "AWS::SNS::Topic"}
      },
      "Outputs": {"Arn": {"Value": {"Ref": "TaskDef"}, "Export": {"Name": "e"}}},
      "Conditions": {"C": {"Fn::Equals": ["a", "b"]}},
      "Parameters": {"P": {"Type": "String", "Default": "d", "Description": "long"}, "Q": {"Type": "String"}},
      "Metadata": {"cfnlint-lock": {"ignore": []}, "AWS::CloudFormation::Interface": {}},
      "Rules": {"R": {"Assertions": []}}
    }"#;

    #[test]
    fn keeps_outputs_holders_and_the_names_of_what_values_name() {
        let pruned = pruned(TEMPLATE, false);
        assert_eq!(
            kept(&pruned),
            r#"{"Metadata":{"cfnlint-lock":{"ignore":[]}},"Outputs":{"Arn":{"Export":{"Name":"e"},"Value":{"Ref":"TaskDef"}}},"Parameters":{"P":{"Default":"d","Type":"String"},"Q":{"Type":"String"}},"Resources":{"Named":{},"TaskDef":{"Properties":{"Cpu":null,"Family":null}}}}"#
        );
        let kept: Vec<_> = pruned.resources.iter().map(|r| (&*r.logical_id, &*r.kind, r.cdk_path.as_deref())).collect();
        assert_eq!(
            kept,
            [
                ("TaskDef", "AWS::ECS::TaskDefinition", Some("S/TaskDef/Resource")),
                ("Service", "AWS::ECS::Service", Some("S/Service/Resource")),
                ("Named", "AWS::SNS::Topic", None)
            ]
        );
        assert!(!pruned.every_resource_has_a_path, "`Named` has no aws:cdk:path");
        assert!(pruned.digests.is_none());
    }

    #[test]
    fn digests_are_those_of_the_dropped_values() {
        let pruned = pruned(TEMPLATE, true);
        let whole = json::parse(TEMPLATE).unwrap();
        let digests = pruned.digests.unwrap();
        let properties = |id: &str| whole.get("Resources").unwrap().get(id).unwrap().get("Properties");
        assert_eq!(digests["TaskDef"], properties_digest(properties("TaskDef")));
        assert_eq!(digests["Named"], properties_digest(None));
        assert_eq!(digests.len(), 2, "only the resources values name: {digests:?}");
    }

    #[test]
    fn keeps_nested_stacks_whole_and_what_their_parameters_name() {
        let pruned = pruned(
            r#"{"Resources": {
                "Child": {"Type": "AWS::CloudFormation::Stack", "Metadata": {"aws:cdk:path": "p"},
                          "Properties": {"Parameters": {"P": {"Fn::Sub": "${Fn.Arn}"}}, "TemplateURL": "u"}},
                "Fn": {"Type": "AWS::Lambda::Function", "Metadata": {"aws:cdk:path": "q"}, "Properties": {"Code": 1}},
                "Reader": {"Type": "AWS::SSM::Parameter", "Metadata": {"aws:cdk:path": "r"},
                           "Properties": {"Value": {"Fn::GetAtt": ["Child", "Outputs.X"]}, "Other": 1}},
                "Alarm": {"Type": "AWS::CloudWatch::Alarm", "Metadata": {"aws:cdk:path": "s"}, "Properties": {"A": 1}}
            }}"#,
            false,
        );
        let kept = kept(&pruned);
        assert!(kept.contains(r#""Child":{"Metadata":{"aws:cdk:path":"p"},"Properties":{"Parameters""#), "{kept}");
        assert!(kept.contains(r#""Fn":{"Properties":{"Code":null}}"#), "{kept}");
        assert!(!kept.contains("Reader") && !kept.contains("Other") && !kept.contains("Alarm"), "{kept}");
        let ids: Vec<_> = pruned.resources.iter().map(|r| r.logical_id.as_str()).collect();
        assert_eq!(ids, ["Child", "Fn", "Reader"]);
        assert!(pruned.every_resource_has_a_path);
    }

    #[test]
    fn keeps_resources_with_ignores() {
        let pruned = pruned(
            r#"{"Resources": {"A": {"Type": "T", "Metadata": {"cfnlint-lock": {"ignore": []}}, "Properties": {"X": 1}}}}"#,
            false,
        );
        assert_eq!(kept(&pruned), r#"{"Resources":{"A":{"Metadata":{"cfnlint-lock":{"ignore":[]}}}}}"#);
    }

    #[test]
    fn sub_variables_skip_literals_and_attributes() {
        assert_eq!(sub_variables("${A}-${B.Arn}-${!C}-${AWS::Region}"), ["A", "B", "AWS::Region"]);
    }
}
