//! `cfnlint-lock graph`: the picture of the incident, before and after the fix, pinned in
//! both formats.

use std::process::Command;

fn graph(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_cfnlint-lock"))
        .arg("graph")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

const V1: &str = "rules/LOCK001-revision-bearing-import/fail/incident/cdk.out";
const V2: &str = "rules/LOCK001-revision-bearing-import/pass/incident-fixed/cdk.out";

#[test]
fn incident_pictures() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("graph__incident.mermaid", graph(&[V1]));
        insta::assert_snapshot!("graph__incident.dot", graph(&["--format", "dot", V1]));
        insta::assert_snapshot!("graph__fix_against_deployed_incident.mermaid", graph(&["--baseline", V1, V2]));
    });
}

#[test]
fn flagged_edges_are_marked_with_their_codes() {
    let picture = graph(&[V1]);
    assert_eq!(picture.matches("⚠ LOCK001").count(), 2, "{picture}");
    assert!(picture.contains("linkStyle"));
    let after = graph(&["--baseline", V1, V2]);
    assert_eq!(after.matches("-.->").count(), 2, "dropped deployed imports are dashed:\n{after}");
}

const BOTH: &str = "rules/LOCK001-revision-bearing-import/pass/incident-both-references/cdk.out";

/// The incident in `both` mode: the exports stay (solid edges would need an importer, and
/// there is none), the consumers read through `Fn::GetStackOutput`: dashed `weak` edges,
/// the task definition's flagged with LOCK012.
#[test]
fn weak_references_are_dashed_edges() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("graph__incident_both.mermaid", graph(&[BOTH]));
        insta::assert_snapshot!("graph__incident_both.dot", graph(&["--format", "dot", BOTH]));
    });
    let picture = graph(&[BOTH]);
    assert_eq!(picture.matches("-.->|\"weak ").count(), 6, "{picture}");
    assert_eq!(picture.matches("⚠ LOCK012").count(), 2, "{picture}");
    assert!(!picture.contains("-->"), "no strong edge: nothing imports the kept exports\n{picture}");
}
