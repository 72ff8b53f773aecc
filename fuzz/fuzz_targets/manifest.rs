//! Any bytes as the `manifest.json` of an assembly that also holds two templates (an
//! export and its import), an asset manifest, a metadata file and a Stage folder, all
//! through `cfnlint_lock::check` and both renderers: it returns, it never panics, and it
//! never reads outside the assembly.
#![no_main]

mod common;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

const PRODUCER: &str = r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition"}},
 "Outputs": {"Arn": {"Value": {"Ref": "TaskDef"}, "Export": {"Name": "p:arn"}}}}"#;
const CONSUMER: &str = r#"{"Resources": {"Svc": {"Type": "AWS::ECS::Service",
 "Properties": {"TaskDefinition": {"Fn::ImportValue": "p:arn"}}},
 "Child": {"Type": "AWS::CloudFormation::Stack", "Metadata": {"aws:asset:path": "C.nested.template.json"}}}}"#;
const NESTED: &str = r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}"#;
const ASSETS: &str = r#"{"version": "36.0.0", "files": {"h": {"source": {"path": "C.nested.template.json"}}}}"#;
const METADATA: &str = r#"{"/c/Svc": [{"type": "aws:cdk:logicalId", "data": "Svc"}]}"#;

/// One assembly folder for the whole run; each input rewrites only `manifest.json`.
fn assembly() -> &'static tempfile::TempDir {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (name, text) in [
            ("P.template.json", PRODUCER),
            ("C.template.json", CONSUMER),
            ("C.nested.template.json", NESTED),
            ("app.assets.json", ASSETS),
            ("C.metadata.json", METADATA),
            ("assembly-Stage/P.template.json", PRODUCER),
            ("assembly-Stage/manifest.json", r#"{"version": "36.0.0", "artifacts": {}}"#),
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
            std::fs::write(path, text).expect("a fixture file");
        }
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = assembly();
    std::fs::write(dir.path().join("manifest.json"), data).expect("the manifest is written");
    let options = cfnlint_lock::load::Options { max_file_bytes: 1 << 20 };
    let outcome = cfnlint_lock::check(&[dir.path().to_path_buf()], &options);
    common::render(&outcome.findings, &outcome.problems, outcome.counts());
});
