//! The binary as users run it: exit codes, output on real fixtures, and a clear message
//! for every kind of broken input under `tests/broken/` (snapshotted).

use std::path::Path;
use std::process::Command;

#[path = "support/binary.rs"]
mod binary;
use binary::run;

const INCIDENT: &str = "rules/LOCK001-revision-bearing-import/fail/incident/cdk.out";
const BENIGN: &str = "rules/LOCK001-revision-bearing-import/pass/benign/cdk.out";

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
    assert!(cases.len() >= 40, "{} cases", cases.len());
    for case in cases {
        let path = format!("tests/broken/{case}");
        let (code, text) = run(&["--color", "never", &path]);
        // These are read with a warning or a note, not refused: a newer schema, tools' YAML
        // tags, a `package.json` among templates, and links to folders (not followed).
        let read_anyway =
            ["newer-schema", "unknown-yaml-tag", "yaml-tag-directive", "non-template-json", "symlink-loop"];
        let expected = if read_anyway.contains(&case.as_str()) { 0 } else { 2 };
        assert_eq!(code, expected, "{case}:\n{text}");
        assert!(text.contains(&path), "{case}: the message does not name the file\n{text}");
        snapshot(&format!("broken__{case}"), &text);
    }
}

/// Runs with `--format json`; returns the exit status and the document.
fn run_json(args: &[&str]) -> (i32, serde_json::Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_cfnlint-lock"))
        .args(["--format", "json"])
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    let doc = serde_json::from_slice(&output.stdout).expect("one JSON document");
    (output.status.code().expect("exited normally"), doc)
}

/// The messages of the load problems of a JSON document.
fn problem_messages(doc: &serde_json::Value) -> Vec<&str> {
    doc["problems"].as_array().unwrap().iter().map(|p| p["message"].as_str().unwrap()).collect()
}

/// A broken template is reported and the others are still checked: the LOCK001 pair
/// beside it still produces its finding, and the exit status is still 2.
#[test]
fn a_broken_template_hides_no_finding() {
    let (code, doc) = run_json(&["tests/broken/broken-beside-findings"]);
    assert_eq!(code, 2, "{doc:#}");
    assert_eq!(doc["summary"]["load_errors"], 1, "{doc:#}");
    assert!(doc["problems"][0]["file"].as_str().unwrap().ends_with("topic.yaml"), "{doc:#}");
    let codes: Vec<_> = doc["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert!(!codes.is_empty() && codes.iter().all(|&c| c == "LOCK001"), "{doc:#}");
}

/// Above `--max-file-size` a file is refused by its size alone. The second file is a
/// sparse terabyte: reading it whole would take minutes and the memory of the machine,
/// so the run ending at once with the message proves it was not read.
#[test]
fn files_above_the_size_limit_are_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("big.template.json");
    std::fs::write(&template, format!("{{\"Resources\": {{}}, \"Description\": \"{}\"}}", "x".repeat(200))).unwrap();
    let size = std::fs::metadata(&template).unwrap().len();
    let path = template.to_str().unwrap();
    let (code, doc) = run_json(&["--max-file-size", "100", path]);
    assert_eq!(code, 2, "{doc:#}");
    let expected = format!("`{path}` is {size} bytes, above the limit of 100 bytes; it was not read");
    assert_eq!(problem_messages(&doc), [expected.as_str()]);
    assert_eq!(run(&["-q", "--max-file-size", &size.to_string(), path]).0, 0);

    let huge = dir.path().join("huge.template.json");
    std::fs::File::create(&huge).unwrap().set_len(1 << 40).unwrap();
    let started = std::time::Instant::now();
    let (code, doc) = run_json(&[huge.to_str().unwrap()]);
    assert_eq!(code, 2, "{doc:#}");
    assert!(
        problem_messages(&doc)[0]
            .ends_with("is 1099511627776 bytes, above the limit of 67108864 bytes; it was not read"),
        "{doc:#}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
}

/// A named pipe would block a reader forever: it is refused without being opened, and
/// the run does not hang.
#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("pipe.template.json");
    let made = Command::new("mkfifo").arg(&pipe).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no `mkfifo` here: nothing to test
    }
    let (code, doc) = run_json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{doc:#}");
    let expected = format!("`{}` is not a regular file (a pipe, socket or device); it was not read", pipe.display());
    assert_eq!(problem_messages(&doc), [expected.as_str()]);
}
