//! Configuration and suppression as users meet them: `.cfnlint-lock.yaml` (found or given
//! with `--config`), severity overrides, `ignore` entries, template `Metadata`, the
//! suppressed count, `--show-suppressed`, and located errors for every mistake.

use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "support/binary.rs"]
mod binary;
use binary::{run, run_in};

const INCIDENT: &str = "rules/LOCK001-revision-bearing-import/fail/incident/cdk.out";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

fn json(args: &[&str]) -> serde_json::Value {
    let output = Command::new(env!("CARGO_BIN_EXE_cfnlint-lock")).args(args).current_dir(root()).output().unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn config_mistakes_point_at_their_lines() {
    let (code, text) = run(&["--color", "never", "--config", "tests/config/mistakes.yaml", INCIDENT]);
    assert_eq!(code, 2, "{text}");
    snapshot("config__mistakes", &text);
    let (code, text) = run(&["--config", "tests/config/missing.yaml", INCIDENT]);
    assert_eq!(code, 2);
    assert!(text.contains("cannot read `tests/config/missing.yaml`"), "{text}");
}

#[test]
fn an_ignore_entry_suppresses_and_is_counted() {
    let (code, text) =
        run(&["-q", "--show-suppressed", "--color", "never", "--config", "tests/config/ignore-dev.yaml", INCIDENT]);
    assert_eq!(code, 1, "prod still locks:\n{text}");
    snapshot("config__ignore_dev", &text);
    let doc = json(&["--format", "json", "--config", "tests/config/ignore-dev.yaml", INCIDENT]);
    assert_eq!(doc["summary"]["errors"], 2);
    assert_eq!(doc["summary"]["suppressed"], 2);
    let stacks: Vec<_> = doc["findings"].as_array().unwrap().iter().map(|f| f["consumer"]["stack"].clone()).collect();
    assert!(stacks.iter().all(|s| s == "isol8-prod-service"), "{stacks:?}");
    // Without the flag, the suppressed findings are only counted.
    let (_, text) = run(&["-q", "--config", "tests/config/ignore-dev.yaml", INCIDENT]);
    assert!(!text.contains("suppressed LOCK001") && text.contains("2 suppressed"), "{text}");
}

#[test]
fn severity_overrides_and_off() {
    let (code, text) = run(&["-q", "--config", "tests/config/warning.yaml", INCIDENT]);
    assert_eq!(code, 0, "warnings do not fail by default:\n{text}");
    assert!(text.contains("0 errors, 4 warnings"), "{text}");
    assert_eq!(run(&["-q", "--config", "tests/config/warning.yaml", "--fail-on", "warning", INCIDENT]).0, 1);
    let doc = json(&["--format", "sarif", "--config", "tests/config/warning.yaml", INCIDENT]);
    assert_eq!(doc["runs"][0]["results"][0]["level"], "warning");
    let (code, text) = run(&["-q", "--config", "tests/config/off.yaml", INCIDENT]);
    assert_eq!(code, 0);
    assert!(text.contains("0 errors, 0 warnings, 0 notes\n"), "an `off` rule reports nothing:\n{text}");
}

#[test]
fn template_metadata_suppresses_per_resource_and_per_template() {
    let (code, text) = run(&["--show-suppressed", "--color", "never", "tests/suppression/resource-metadata"]);
    assert_eq!(code, 1, "only the import in `Service` is covered:\n{text}");
    snapshot("config__resource_metadata", &text);
    let (code, text) = run(&["-q", "--show-suppressed", "tests/suppression/template-metadata"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("a throwaway test stack") && text.contains("1 suppressed"), "{text}");
}

#[test]
fn template_metadata_without_a_reason_is_an_error_at_it() {
    let (code, text) = run(&["--color", "never", "tests/suppression/missing-reason"]);
    assert_eq!(code, 2, "{text}");
    snapshot("config__missing_reason", &text);
}

/// A scratch repository: `.git`, a config at its root, and a sub-folder to run in.
fn repository(name: &str, config: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("config").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::create_dir_all(dir.join("app/infra")).unwrap();
    std::fs::write(dir.join(".cfnlint-lock.yaml"), config).unwrap();
    dir
}

#[test]
fn the_config_is_found_upward_and_its_paths_are_the_default() {
    // The config's paths stay inside its repository: the app is copied in.
    let dir = repository("found", "paths: [app/cdk.out]\nrules: {LOCK001: {severity: note}}\n");
    copy_folder(&root().join(INCIDENT), &dir.join("app/cdk.out"));
    let (code, text) = run_in(&dir.join("app/infra"), &["-q"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("checked 4 stacks") && text.contains("4 notes"), "{text}");
    // A broken config found this way is named as the user would reach it.
    std::fs::write(dir.join(".cfnlint-lock.yaml"), "paths: {a: b}\n").unwrap();
    let (code, text) = run_in(&dir, &["--color", "never"]);
    assert_eq!(code, 2);
    assert!(text.contains("[.cfnlint-lock.yaml:1:8]"), "{text}");
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// `external_exports` names exports that come from outside the checked PATHs: LOCK007 no
/// longer reports imports of them; other unresolved names still are.
#[test]
fn external_exports_resolve_unresolved_imports() {
    let app = "rules/LOCK001-revision-bearing-import/pass/unresolved-import/cdk.out";
    let codes = |doc: &serde_json::Value| -> Vec<String> {
        doc["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect()
    };
    let without = json(&["--format", "json", app]);
    assert!(codes(&without).contains(&"LOCK007".to_owned()), "{without}");
    let with = json(&["--format", "json", "--config", "tests/config/external-exports.yaml", app]);
    assert!(!codes(&with).contains(&"LOCK007".to_owned()), "{with}");
}

/// `rules:` given as a list loads rule packs, as `--rules` does (relative to the config).
#[test]
fn a_rules_list_in_the_config_loads_rule_packs() {
    let case = "rules/packs/cases/platform-release/cdk.out";
    let codes = |doc: &serde_json::Value| -> Vec<String> {
        doc["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap().to_owned()).collect()
    };
    let from_config = json(&["--format", "json", "--config", "tests/config/rule-packs.yaml", case]);
    let from_flag = json(&["--format", "json", "--rules", "rules/packs/examples", case]);
    assert!(codes(&from_config).iter().any(|c| c.starts_with("USER")), "{from_config}");
    assert_eq!(codes(&from_config), codes(&from_flag));
    let beside = json(&["--format", "json", "--config", "tests/config/rule-packs-beside-settings.yaml", case]);
    assert_eq!(codes(&beside), codes(&from_flag));
}
