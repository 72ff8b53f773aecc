//! The deployed state in every form `--baseline` accepts gives the same findings, and the
//! lockfile is stable and checkable. The forms under `tests/baselines/incident-v1/` hold
//! the incident app (v1) as deployed; `fixtures/baselines.py` regenerates the CLI-shaped
//! ones and `cfnlint-lock lock` the lockfile.

use std::path::PathBuf;
use std::process::Command;

use cfnlint_lock::{check_against, load};

const V1: &str = "rules/LOCK001-revision-bearing-import/fail/incident/cdk.out";
const V2: &str = "rules/LOCK001-revision-bearing-import/pass/incident-fixed/cdk.out";
const V5: &str = "rules/LOCK003-changed-export-in-use/fail/image-tag-bumped/cdk.out";
const FORMS: &str = "tests/baselines/incident-v1";

fn at_root(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// (code, export, deployed consumer, producer) of every finding from LOCK002 on.
fn baseline_findings(new: &str, baseline: &str) -> Vec<(String, String, String, String)> {
    let outcome = check_against(&[at_root(new)], &[at_root(baseline)], &load::Options::default());
    let errors: Vec<_> = outcome.problems.iter().filter(|p| p.severity == cfnlint_lock::Severity::Error).collect();
    assert!(errors.is_empty(), "{baseline}: {errors:?}");
    let mut found: Vec<_> = outcome
        .findings
        .iter()
        .filter(|f| f.code != "LOCK001")
        .map(|f| {
            let side = |s: &Option<cfnlint_lock::Site>| s.as_ref().map(|s| s.stack.clone()).unwrap_or_default();
            (f.code.to_owned(), f.export.clone().unwrap_or_default(), side(&f.consumer), side(&f.producer))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_baseline_form_gives_the_same_dropped_exports() {
    let expected = baseline_findings(V2, V1);
    assert_eq!(expected.len(), 2, "one LOCK002 per Stage: {expected:?}");
    assert!(expected.iter().all(|f| f.0 == "LOCK002" && f.1.contains("ExportsOutputRefopenclawTaskDef")));
    for form in ["get-template-json", "get-template-yaml", "list-exports", "cfnlint-lock.json"] {
        let found = baseline_findings(V2, &format!("{FORMS}/{form}"));
        assert_eq!(found, expected, "baseline form `{form}`");
    }
}

#[test]
fn forms_with_templates_see_changed_values_and_a_cli_dump_says_it_cannot_tell() {
    let expected = baseline_findings(V5, V1);
    assert_eq!(expected.iter().filter(|f| f.0 == "LOCK003").count(), 2, "{expected:?}");
    for form in ["get-template-json", "get-template-yaml", "cfnlint-lock.json"] {
        assert_eq!(baseline_findings(V5, &format!("{FORMS}/{form}")), expected, "baseline form `{form}`");
    }
    let outcome =
        check_against(&[at_root(V5)], &[at_root(&format!("{FORMS}/list-exports"))], &load::Options::default());
    let lock003: Vec<_> = outcome.findings.iter().filter(|f| f.code == "LOCK003").collect();
    assert_eq!(lock003.len(), 2);
    assert!(lock003.iter().all(|f| f.severity == cfnlint_lock::Severity::Note && f.message.contains("cannot tell")));
}

fn lock(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_cfnlint-lock"))
        .arg("lock")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (output.status.code().unwrap(), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn the_committed_lockfile_is_up_to_date_and_check_catches_drift() {
    let committed = format!("{FORMS}/cfnlint-lock.json");
    let (code, text) = lock(&[V1, "-o", &committed, "--check"]);
    assert_eq!(code, 0, "{text}");
    // The same assembly gives byte-identical lockfiles; another deploy gives another one.
    let (code, text) = lock(&[V2, "-o", &committed, "--check"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("out of date"), "{text}");
}

#[test]
fn lockfile_is_sorted_and_deduplicated() {
    let text = std::fs::read_to_string(at_root(&format!("{FORMS}/cfnlint-lock.json"))).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let imports: Vec<(String, String, String)> = doc["imports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["env"].as_str().unwrap().into(),
                i["export"].as_str().unwrap().into(),
                i["stack"].as_str().unwrap().into(),
            )
        })
        .collect();
    let mut sorted = imports.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(imports, sorted);
    // The incident's service stacks import the task definition twice each: once here.
    assert_eq!(imports.len(), 6);
}

#[test]
fn a_bad_lockfile_is_an_error_pointing_at_the_entry() {
    let dir = std::env::temp_dir().join(format!("cfnlint-lock-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cfnlint-lock.json");
    std::fs::write(&file, "{\n  \"version\": 1,\n  \"exports\": [ { \"name\": \"x\" } ],\n  \"imports\": []\n}\n")
        .unwrap();
    let outcome = check_against(&[at_root(V2)], std::slice::from_ref(&file), &load::Options::default());
    let problem = outcome.problems.iter().find(|p| p.severity == cfnlint_lock::Severity::Error).expect("a load error");
    assert!(problem.message.contains("lockfile") && problem.at.is_some(), "{problem:?}");
    std::fs::remove_dir_all(dir).ok();
}

/// The weak-mode app of LOCK012's benign case as deployed, and a new synth that drops two
/// of the Outputs its consumer reads (LOCK013's phase pair "weak deployed -> output dropped").
const WEAK_DEPLOYED: &str = "rules/LOCK012-stale-weak-reference/pass/stable-value-weak/cdk.out";
const WEAK_DROPPED: &str = "rules/LOCK013-dangling-weak-reference/fail/output-dropped/cdk.out";

#[test]
fn weak_references_dangle_alike_in_every_form_with_templates_and_in_the_lockfile() {
    let expected = baseline_findings(WEAK_DROPPED, WEAK_DEPLOYED);
    assert_eq!(expected.iter().filter(|f| f.0 == "LOCK013").count(), 2, "{expected:?}");
    let dir = std::env::temp_dir().join(format!("cfnlint-lock-weak-{}", std::process::id()));
    let templates = dir.join("get-template");
    std::fs::create_dir_all(&templates).unwrap();
    // Deployed templates, one bare body per stack, named after it.
    for stack in ["storage", "reports"] {
        std::fs::copy(
            at_root(&format!("{WEAK_DEPLOYED}/{stack}.template.json")),
            templates.join(format!("{stack}.json")),
        )
        .unwrap();
    }
    let lockfile = dir.join("cfnlint-lock.json");
    let (code, text) = lock(&[WEAK_DEPLOYED, "-o", lockfile.to_str().unwrap()]);
    assert_eq!(code, 0, "{text}");
    let written = std::fs::read_to_string(&lockfile).unwrap();
    assert!(written.contains("\"weak\": [") && written.contains("PublishOutputRefRunsE45A2291AAA248C7"), "{written}");
    for form in [&templates, &lockfile] {
        let found = baseline_findings(WEAK_DROPPED, form.to_str().unwrap());
        assert_eq!(found, expected, "baseline form {}", form.display());
    }
    std::fs::remove_dir_all(dir).ok();
}
