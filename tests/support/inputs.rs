//! Hostile inputs that grow with one number, shared by the security tests (which check
//! what they produce) and the resource-bound tests (which measure what they cost).
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("a folder");
    }
    std::fs::write(path, text).expect("a file written");
}

/// A manifest listing `ids` as stack artifacts, each with `<id>.template.json`.
pub fn manifest(dir: &Path, ids: &[String]) {
    let artifacts: Vec<String> = ids
        .iter()
        .map(|id| {
            format!(r#""{id}": {{"type": "aws:cloudformation:stack", "properties": {{"templateFile": "{id}.template.json"}}}}"#)
        })
        .collect();
    write(dir, "manifest.json", &format!(r#"{{"version": "38.0.1", "artifacts": {{{}}}}}"#, artifacts.join(", ")));
}

/// A YAML template whose one anchored scalar of `scalar_bytes` is aliased `aliases` times.
pub fn alias_fan_out(dir: &Path, scalar_bytes: usize, aliases: usize) {
    let mut text = format!(
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\nMetadata:\n  Big: &big '{}'\n  Copies:\n",
        "x".repeat(scalar_bytes)
    );
    for _ in 0..aliases {
        text.push_str("    - *big\n");
    }
    write(dir, "alias.template.yaml", &text);
}

/// One template with `outputs` exported outputs (each a task definition's `Ref`, so
/// LOCK001 and LOCK010 look at every one) and a consumer importing all of them.
pub fn many_outputs(dir: &Path, outputs: usize) {
    let mut producer = String::from(r#"{"Resources": {"T": {"Type": "AWS::ECS::TaskDefinition"}}, "Outputs": {"#);
    let mut consumer = String::from(r#"{"Resources": {"#);
    for i in 0..outputs {
        let comma = if i == 0 { "" } else { ", " };
        let _ = write!(producer, r#"{comma}"O{i}": {{"Value": {{"Ref": "T"}}, "Export": {{"Name": "e{i}"}}}}"#);
        let _ = write!(
            consumer,
            r#"{comma}"Q{i}": {{"Type": "AWS::SQS::Queue", "Properties": {{"QueueName": {{"Fn::ImportValue": "e{i}"}}}}}}"#
        );
    }
    producer.push_str("}}");
    consumer.push_str("}}");
    write(dir, "Producer.template.json", &producer);
    write(dir, "Consumer.template.json", &consumer);
    manifest(dir, &["Producer".to_owned(), "Consumer".to_owned()]);
}

/// `stacks` stack artifacts, each exporting a task definition the next one imports.
pub fn many_stacks(dir: &Path, stacks: usize) {
    let ids: Vec<String> = (0..stacks).map(|i| format!("S{i}")).collect();
    for (i, id) in ids.iter().enumerate() {
        let import = if i == 0 {
            String::new()
        } else {
            format!(
                r#", "Q": {{"Type": "AWS::SQS::Queue", "Properties": {{"QueueName": {{"Fn::ImportValue": "e{}"}}}}}}"#,
                i - 1
            )
        };
        write(
            dir,
            &format!("{id}.template.json"),
            &format!(
                r#"{{"Resources": {{"T": {{"Type": "AWS::ECS::TaskDefinition"}}{import}}}, "Outputs": {{"O": {{"Value": {{"Ref": "T"}}, "Export": {{"Name": "e{i}"}}}}}}}}"#
            ),
        );
    }
    manifest(dir, &ids);
}

/// A stack whose template nests `N1.nested.template.json` `fan_out` times, each level
/// nesting the next level's one template `fan_out` times, `depth` levels down.
pub fn nested_fan_out(dir: &Path, fan_out: usize, depth: usize) {
    let children = |level: usize| -> String {
        (0..fan_out)
            .map(|i| {
                format!(
                    r#""Child{i}": {{"Type": "AWS::CloudFormation::Stack", "Metadata": {{"aws:asset:path": "N{level}.nested.template.json"}}}}"#
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    write(dir, "Root.template.json", &format!(r#"{{"Resources": {{{}}}}}"#, children(1)));
    for level in 1..=depth {
        let resources =
            if level == depth { r#""Q": {"Type": "AWS::SQS::Queue"}"#.to_owned() } else { children(level + 1) };
        write(dir, &format!("N{level}.nested.template.json"), &format!(r#"{{"Resources": {{{resources}}}}}"#));
    }
    manifest(dir, &["Root".to_owned()]);
}

/// A chain of `depth` nested stacks, each template its own file.
pub fn deep_nesting(dir: &Path, depth: usize) {
    let child = |level: usize| {
        format!(
            r#""Child": {{"Type": "AWS::CloudFormation::Stack", "Metadata": {{"aws:asset:path": "N{level}.nested.template.json"}}}}"#
        )
    };
    write(dir, "Root.template.json", &format!(r#"{{"Resources": {{{}}}}}"#, child(1)));
    for level in 1..=depth {
        let resources =
            if level == depth { r#""Q": {"Type": "AWS::SQS::Queue"}"#.to_owned() } else { child(level + 1) };
        write(dir, &format!("N{level}.nested.template.json"), &format!(r#"{{"Resources": {{{resources}}}}}"#));
    }
    manifest(dir, &["Root".to_owned()]);
}

/// A template with one export whose Output holds a mapping `depth` levels deep, and a
/// rule pack whose check selects `query` from each stack's exports.
pub fn pack_query(dir: &Path, depth: usize, query: &str) {
    let deep = format!("{}1{}", r#"{"a": "#.repeat(depth), "}".repeat(depth));
    write(
        dir,
        "app/Deep.template.json",
        &format!(
            r#"{{"Resources": {{"Q": {{"Type": "AWS::SQS::Queue"}}}}, "Outputs": {{"O": {{"Value": {{"Ref": "Q"}}, "Description": "d", "Deep": {deep}, "Export": {{"Name": "e"}}}}}}}}"#
        ),
    );
    write(
        dir,
        "pack/deep.yaml",
        &format!(
            "checks:\n  - code: USER001\n    severity: warning\n    message: m\n    help: h\n    exports: '{query}'\n"
        ),
    );
}
