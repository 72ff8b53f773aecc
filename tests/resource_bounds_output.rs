//! What we print stays about linear in the input (see `support/bounds.rs` for how it is
//! measured): a minified one-line template with thousands of findings (each finding's
//! snippet is a bounded window of its line, not the line: 6,000 findings in a 0.9 MB
//! file took 6 GB), and long lines with a finding at their far end (miette panicked past
//! column 65,535). Both in the human report, where the snippets are drawn.

use std::fmt::Write as _;
use std::path::Path;

#[path = "support/bounds.rs"]
mod bounds;

use bounds::{Family, check};

/// The producer: one task definition whose `Ref` is exported, so every import of it is
/// a LOCK001 finding.
fn producer(dir: &Path) {
    let text = r#"{"Resources":{"TaskDef":{"Type":"AWS::ECS::TaskDefinition","Properties":{"ContainerDefinitions":[]}}},"Outputs":{"O":{"Value":{"Ref":"TaskDef"},"Export":{"Name":"prod-TaskDef"}}}}"#;
    std::fs::write(dir.join("producer.json"), text).unwrap();
}

/// One line: `n` services importing the export, a kilobyte each (a service of a real
/// app, such as `get-template` returns, carries its network and deployment settings).
fn minified_many_findings(dir: &Path, n: usize) {
    producer(dir);
    let settings = "x".repeat(880);
    let mut text = String::from(r#"{"Resources":{"#);
    for i in 0..n {
        let comma = if i == 0 { "" } else { "," };
        let _ = write!(
            text,
            r#"{comma}"Svc{i}":{{"Type":"AWS::ECS::Service","Properties":{{"ServiceName":"{settings}","TaskDefinition":{{"Fn::ImportValue":"prod-TaskDef"}}}}}}"#
        );
    }
    text.push_str("}}");
    std::fs::write(dir.join("consumer.json"), text).unwrap();
}

/// Four templates of one line each, `n` KiB of padding before one import at the end.
fn long_lines(dir: &Path, n: usize) {
    producer(dir);
    for t in 0..4 {
        let text = format!(
            r#"{{"Resources":{{"Pad":{{"Type":"AWS::SQS::Queue","Properties":{{"QueueName":"{}"}}}},"Svc":{{"Type":"AWS::ECS::Service","Properties":{{"TaskDefinition":{{"Fn::ImportValue":"prod-TaskDef"}}}}}}}}}}"#,
            "x".repeat(n * 1024)
        );
        std::fs::write(dir.join(format!("consumer{t}.json")), text).unwrap();
    }
}

const HUMAN: &[&str] = &["--color", "never", "."];

#[test]
fn minified_many_findings_in_the_human_report() {
    // 1,000 -> 10,000 findings on one line of 1 -> 10 MB.
    check(&Family {
        name: "minified many-findings",
        build: minified_many_findings,
        args: HUMAN,
        small: 1_000,
        exits: &[1],
        per_input_byte: 8,
    });
}

#[test]
fn long_lines_in_the_human_report() {
    // Four lines of 256 KiB -> 2.5 MiB each, the finding at the end of each.
    check(&Family { name: "long lines", build: long_lines, args: HUMAN, small: 256, exits: &[1], per_input_byte: 8 });
}
