//! The fixes we print are code users paste: names from templates and manifests go into
//! them only as escaped string literals. (`scripts/check-cdk-advice.sh` runs the same kind
//! of fix through Node.js and the pinned aws-cdk-lib; this test needs neither.)

use cfnlint_lock::{check, load};

const PRODUCER: &str = "p'\\\n${process.exit(7)}`\u{2028}x";
const CONSUMER: &str = "c*/\r\n//'";

/// An assembly whose two stack names are hostile: the consumer imports the producer's task
/// definition ARN, so LOCK001 prints a CDK fix naming both.
fn hostile_assembly(dir: &std::path::Path) {
    std::fs::create_dir_all(dir).unwrap();
    let stack = |name: &str, stack_name: &str, template: serde_json::Value| {
        std::fs::write(dir.join(format!("{name}.template.json")), serde_json::to_string_pretty(&template).unwrap())
            .unwrap();
        serde_json::json!({
            "type": "aws:cloudformation:stack",
            "environment": "aws://111111111111/us-east-1",
            "properties": { "templateFile": format!("{name}.template.json"), "stackName": stack_name }
        })
    };
    let producer = stack(
        "producer",
        PRODUCER,
        serde_json::json!({
            "Resources": { "TaskDef": { "Type": "AWS::ECS::TaskDefinition", "Properties": {} } },
            "Outputs": { "Arn": { "Value": { "Ref": "TaskDef" }, "Export": { "Name": "shared-task-def" } } }
        }),
    );
    let consumer = stack(
        "consumer",
        CONSUMER,
        serde_json::json!({ "Resources": { "Fn": { "Type": "AWS::Lambda::Function", "Properties": {
            "Environment": { "Variables": { "TD": { "Fn::ImportValue": "shared-task-def" } } } } } } }),
    );
    let manifest =
        serde_json::json!({ "version": "55.0.0", "artifacts": { "producer": producer, "consumer": consumer } });
    std::fs::write(dir.join("manifest.json"), manifest.to_string()).unwrap();
}

#[test]
fn hostile_stack_names_are_escaped_in_the_printed_fix() {
    let dir = std::env::temp_dir().join(format!("cfnlint-lock-advice-{}", std::process::id()));
    hostile_assembly(&dir);
    let outcome = check(std::slice::from_ref(&dir), &load::Options::default());
    std::fs::remove_dir_all(&dir).ok();
    let finding = outcome.findings.iter().find(|f| f.code == "LOCK001").expect("a LOCK001 finding");
    let code: Vec<&str> = finding.help.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(code.len(), 7, "{}", finding.help);
    let literal = r"'/p\'\\\n\${process.exit(7)}\`\u2028x/task-def'";
    assert_eq!(code[0], r"  // in 'p\'\\\n\${process.exit(7)}\`\u2028x'");
    assert_eq!(code[2], format!("    parameterName: {literal},"));
    assert_eq!(code[5], r"  // in 'c*/\r\n//\'', instead of the cross-stack reference");
    assert_eq!(code[6], format!("  ssm.StringParameter.valueForStringParameter(this, {literal})"));
    assert!(finding.help.chars().all(|c| c == '\n' || !c.is_control() && c != '\u{2028}'), "{:?}", finding.help);
}
