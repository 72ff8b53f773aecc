//! The binary as users run it: exit codes, output on real fixtures, and a clear message
//! for every kind of broken input under `tests/broken/` (snapshotted).

use std::path::Path;
use std::process::Command;

const INCIDENT: &str = "rules/LOCK001-revision-bearing-import/fail/incident/cdk.out";
const BENIGN: &str = "rules/LOCK001-revision-bearing-import/pass/benign/cdk.out";

/// Runs `cfnlint-lock ARGS` from the crate root; returns `exit: N` and the output.
fn run(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_cfnlint-lock"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env("COLUMNS", "80")
        .output()
        .expect("the binary runs");
    let code = output.status.code().expect("exited normally");
    let text = format!(
        "exit: {code}\n--- stdout\n{}--- stderr\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (code, text)
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn clean_assembly_exits_zero() {
    let (code, text) = run(&["--color", "never", BENIGN]);
    assert_eq!(code, 0, "{text}");
    snapshot("cli__clean", &text);
}

#[test]
fn findings_exit_one_and_quiet_prints_only_the_summary() {
    let (code, text) = run(&["-q", INCIDENT]);
    assert_eq!(code, 1, "{text}");
    snapshot("cli__quiet", &text);
}

#[test]
fn json_output_is_one_document_with_the_documented_shape() {
    let (code, _) = run(&["--format", "json", INCIDENT]);
    assert_eq!(code, 1);
    let output = Command::new(env!("CARGO_BIN_EXE_cfnlint-lock"))
        .args(["--format", "json", INCIDENT])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["errors"], 4);
    let finding = &doc["findings"][0];
    for key in ["code", "rule", "severity", "message", "help", "export", "env", "consumer", "producer"] {
        assert!(finding.get(key).is_some(), "finding lacks `{key}`");
    }
    for key in ["stack", "artifact", "file", "line", "column", "logical_id", "construct_path"] {
        assert!(finding["consumer"].get(key).is_some(), "consumer lacks `{key}`");
    }
    for key in ["stack", "artifact", "file", "line", "column", "output", "construct_path"] {
        assert!(finding["producer"].get(key).is_some(), "producer lacks `{key}`");
    }
    // The file is reachable from the current directory, and the position is the key's.
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(finding["consumer"]["file"].as_str().unwrap());
    let text = std::fs::read_to_string(file).unwrap();
    let line = text.lines().nth(usize::try_from(finding["consumer"]["line"].as_u64().unwrap()).unwrap() - 1).unwrap();
    let column = usize::try_from(finding["consumer"]["column"].as_u64().unwrap()).unwrap();
    assert!(line[column - 1..].starts_with("\"Fn::ImportValue\""), "{line}");
}

#[test]
fn several_paths_form_one_graph() {
    let (code, text) = run(&["-q", INCIDENT, BENIGN]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("checked 6 stacks"), "{text}");
}

#[test]
fn a_path_named_twice_is_read_once() {
    let (code, text) = run(&["-q", BENIGN, &format!("./{BENIGN}")]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("checked 2 stacks, 5 exports, 6 imports"), "{text}");
}

#[test]
fn usage_errors_and_missing_paths_exit_two() {
    assert_eq!(run(&["--format", "xml", BENIGN]).0, 2);
    let (code, text) = run(&["--color", "never", "does/not/exist"]);
    assert_eq!(code, 2, "{text}");
    snapshot("cli__missing_path", &text);
}

#[test]
fn help_lists_examples_and_exit_codes() {
    let (code, text) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(text.contains("Examples:") && text.contains("Exit status"), "{text}");
}

#[test]
fn rules_and_explain_print_the_rule_docs() {
    let (code, text) = run(&["rules"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("LOCK001  revision-bearing-import"), "{text}");
    let (code, text) = run(&["explain", "LOCK001"]);
    assert_eq!(code, 0);
    snapshot("cli__explain_lock001", &text);
    assert_eq!(run(&["explain", "LOCK999"]).0, 2);
    // A folder named like a subcommand is still checked when given as a path.
    assert_eq!(run(&["-q", "./rules/LOCK001-revision-bearing-import/pass/benign/cdk.out"]).0, 0);
}

/// Every broken input gets a message naming the file and, where there is one, the line.
#[test]
fn broken_inputs_explain_themselves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let mut cases: Vec<_> =
        std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    cases.sort();
    assert!(cases.len() >= 10);
    for case in cases {
        let path = format!("tests/broken/{case}");
        let (code, text) = run(&["--color", "never", &path]);
        // Two inputs are read with a warning or a note, not refused.
        let expected = if matches!(case.as_str(), "newer-schema" | "unknown-yaml-tag") { 0 } else { 2 };
        assert_eq!(code, expected, "{case}:\n{text}");
        assert!(text.contains(&path), "{case}: the message does not name the file\n{text}");
        snapshot(&format!("broken__{case}"), &text);
    }
}
