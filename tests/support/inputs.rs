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

/// One template with `outputs` exported Outputs, one a line as `cdk synth` writes them
/// (LOCK010 looks at every export name).
pub fn many_outputs(dir: &Path, outputs: usize) {
    let mut producer =
        String::from("{\"Resources\": {\"T\": {\"Type\": \"AWS::ECS::TaskDefinition\"}},\n\"Outputs\": {\n");
    for i in 0..outputs {
        let comma = if i + 1 == outputs { "" } else { "," };
        let _ = writeln!(producer, r#""O{i}": {{"Value": {{"Ref": "T"}}, "Export": {{"Name": "e{i}"}}}}{comma}"#);
    }
    producer.push_str("}}\n");
    write(dir, "Producer.template.json", &producer);
    manifest(dir, &["Producer".to_owned()]);
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

/// `200` levels of `[…]` around a scalar: as deep as templates may nest values.
fn deep_value() -> String {
    format!("{}1{}", "[".repeat(200), "]".repeat(200))
}

/// A template with `copies` values nested 200 levels deep, one in each of as many
/// exported Outputs (the built-in rules and the digests walk them) and resources.
pub fn deep_values(dir: &Path, copies: usize) {
    let deep = deep_value();
    let mut resources = Vec::new();
    let mut outputs = Vec::new();
    for i in 0..copies {
        resources.push(format!(r#""T{i}": {{"Type": "AWS::ECS::TaskDefinition", "Properties": {{"Deep": {deep}}}}}"#));
        outputs.push(format!(
            r#""O{i}": {{"Value": {{"Fn::Join": ["", [{{"Ref": "T{i}"}}, {deep}]]}}, "Export": {{"Name": "e{i}"}}}}"#
        ));
    }
    write(
        dir,
        "Deep.template.json",
        &format!(r#"{{"Resources": {{{}}}, "Outputs": {{{}}}}}"#, resources.join(", "), outputs.join(", ")),
    );
    manifest(dir, &["Deep".to_owned()]);
}

/// `outputs` exported Outputs each holding a value 200 levels deep in `app/`, and in
/// `pack/` a rule pack whose check selects `query` from each stack's exports.
pub fn pack_query(dir: &Path, outputs: usize, query: &str) {
    let deep = deep_value();
    let outputs: Vec<String> = (0..outputs)
        .map(|i| format!(r#""O{i}": {{"Value": {{"Ref": "Q"}}, "Deep": {deep}, "Export": {{"Name": "e{i}"}}}}"#))
        .collect();
    write(
        dir,
        "app/Deep.template.json",
        &format!(r#"{{"Resources": {{"Q": {{"Type": "AWS::SQS::Queue"}}}}, "Outputs": {{{}}}}}"#, outputs.join(", ")),
    );
    write(
        dir,
        "pack/deep.yaml",
        &format!(
            "checks:\n  - code: USER001\n    severity: warning\n    message: m\n    help: h\n    exports: '{query}'\n"
        ),
    );
}
