//! Any bytes as the `manifest.json` of an assembly that also holds two templates (an
//! export and its import), a nested stack, an asset manifest, a metadata file and a
//! Stage folder, all through `check` and both renderers: it returns, it never panics,
//! and it never reads outside the assembly.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

const NESTED: &str = r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}"#;
const ASSETS: &str = r#"{"version": "36.0.0", "files": {"h": {"source": {"path": "C.nested.template.json"}}}}"#;
const METADATA: &str = r#"{"/c/Svc": [{"type": "aws:cdk:logicalId", "data": "Svc"}]}"#;

fn init(dir: &std::path::Path) {
    for (name, text) in [
        ("P.template.json", common::PRODUCER),
        ("C.template.json", common::CONSUMER),
        ("C.nested.template.json", NESTED),
        ("app.assets.json", ASSETS),
        ("C.metadata.json", METADATA),
        ("assembly-Stage/P.template.json", common::PRODUCER),
        ("assembly-Stage/manifest.json", r#"{"version": "36.0.0", "artifacts": {}}"#),
    ] {
        common::write(dir, name, text.as_bytes());
    }
}

fuzz_target!(|data: &[u8]| {
    let dir = common::folder(init);
    common::write(dir, "manifest.json", data);
    common::check(dir);
});
