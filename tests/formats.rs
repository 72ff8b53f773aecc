//! The output formats as users get them from the binary: SARIF, GitHub workflow commands
//! (and the job summary), JUnit; several at once with `--output-file`; `--fail-on`. The
//! documents are parsed back, and a template full of hostile strings must not break any
//! of them or inject a workflow command.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const INCIDENT: &str = "rules/LOCK001-revision-bearing-import/fail/incident/cdk.out";
const BENIGN: &str = "rules/LOCK001-revision-bearing-import/pass/benign/cdk.out";
const HOSTILE: &str = "tests/hostile";
/// The export name in `tests/hostile/`, as the templates spell it.
const HOSTILE_EXPORT: &str =
    "evil%0A::error file=x,line=1::pwned\r\n::warning::2 <b>&amp;</b> \"q\" 'q' a,b:c \u{1}\u{1b}]8;;";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn binary(args: &[&str], envs: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cfnlint-lock"));
    command.args(args).current_dir(root()).env_remove("NO_COLOR").env_remove("GITHUB_STEP_SUMMARY");
    for (key, value) in envs {
        command.env(key, value);
    }
    command.output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("formats").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, text);
    });
}

fn sarif(text: &str) -> serde_sarif::sarif::Sarif {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not SARIF: {e}\n{text}"))
}

/// Parsed back with a second, strict XML 1.0 parser (`roxmltree`, not the writer's
/// `quick-xml`): elements with their attributes, in document order.
fn parse_xml(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{text}"));
    doc.descendants()
        .filter(roxmltree::Node::is_element)
        .map(|n| {
            let attrs = n.attributes().map(|a| (a.name().to_owned(), a.value().to_owned())).collect();
            (n.tag_name().name().to_owned(), attrs)
        })
        .collect()
}

fn attr<'a>(element: &'a (String, Vec<(String, String)>), key: &str) -> Option<&'a str> {
    element.1.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

#[test]
fn sarif_has_real_regions_rules_and_stable_fingerprints() {
    let output = binary(&["--format", "sarif", INCIDENT], &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    snapshot("formats__incident.sarif", &text);
    let log = sarif(&text);
    assert_eq!(log.runs.len(), 1);
    let run = &log.runs[0];
    let rules = run.tool.driver.rules.as_ref().unwrap();
    assert_eq!(rules.len(), cfnlint_lock::rules::RULES.len());
    assert!(rules.iter().all(|r| r.short_description.is_some() && r.full_description.is_some() && r.help.is_some()));
    let results = run.results.as_ref().unwrap();
    assert_eq!(results.len(), 4);
    let mut fingerprints = Vec::new();
    for result in results {
        let location = &result.locations.as_ref().unwrap()[0];
        let physical = location.physical_location.as_ref().unwrap();
        let file = root().join(physical.artifact_location.as_ref().unwrap().uri.as_deref().unwrap());
        let source = std::fs::read_to_string(file).unwrap();
        let region = physical.region.as_ref().unwrap();
        let line = source.lines().nth(usize::try_from(region.start_line.unwrap()).unwrap() - 1).unwrap();
        let (start, end) = (region.start_column.unwrap(), region.end_column.unwrap());
        assert_eq!(region.start_line, region.end_line);
        let underlined: String = line
            .chars()
            .skip(usize::try_from(start).unwrap() - 1)
            .take(usize::try_from(end - start).unwrap())
            .collect();
        assert!(underlined.starts_with("\"Fn::ImportValue\": \""), "{underlined}");
        assert!(underlined.ends_with('"'), "the region ends after the import's argument: {underlined}");
        let logical = &location.logical_locations.as_ref().unwrap()[0];
        assert!(logical.fully_qualified_name.as_deref().unwrap().contains("/service/"));
        assert!(result.related_locations.as_ref().is_some_and(|r| r.len() == 1));
        fingerprints.push(result.partial_fingerprints.as_ref().unwrap()["cfnlintLock/v1"].clone());
    }
    fingerprints.sort();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), 4, "fingerprints must tell the four imports apart");
}

#[test]
fn sarif_fingerprints_do_not_depend_on_lines() {
    // The same templates with blank lines added above the import.
    let dir = scratch("moved");
    for name in ["producer.template.json", "consumer.template.json"] {
        let text = std::fs::read_to_string(root().join(HOSTILE).join(name)).unwrap();
        std::fs::write(dir.join(name), text.replacen("{\n", "{\n\n\n\n", 1)).unwrap();
    }
    let fingerprint = |path: &str| {
        let log = sarif(&stdout(&binary(&["--format", "sarif", path], &[])));
        let result = &log.runs[0].results.as_ref().unwrap()[0];
        let line = result.locations.as_ref().unwrap()[0]
            .physical_location
            .as_ref()
            .unwrap()
            .region
            .as_ref()
            .unwrap()
            .start_line;
        (result.partial_fingerprints.clone().unwrap(), line)
    };
    let (before, line_before) = fingerprint(HOSTILE);
    let (after, line_after) = fingerprint(dir.to_str().unwrap());
    assert_ne!(line_before, line_after);
    assert_eq!(before, after);
}

#[test]
fn github_annotations_and_job_summary() {
    let dir = scratch("summary");
    let summary = dir.join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let output = binary(&["--format", "github", INCIDENT], &[("GITHUB_STEP_SUMMARY", &summary)]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 4);
    assert!(text.lines().all(|l| l.starts_with("::error file=rules/LOCK001")), "{text}");
    snapshot("formats__incident.github", &text);
    let summary = std::fs::read_to_string(&summary).unwrap();
    assert!(summary.starts_with("earlier step\n### cfnlint-lock"), "appended, not replaced:\n{summary}");
    snapshot("formats__incident.github-summary", &summary);
}

#[test]
fn junit_has_a_suite_per_stack_and_failures_with_lines() {
    let output = binary(&["--format", "junit", INCIDENT], &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    snapshot("formats__incident.junit", &text);
    let elements = parse_xml(&text);
    let suites: Vec<_> = elements.iter().filter(|e| e.0 == "testsuite").filter_map(|e| attr(e, "name")).collect();
    assert_eq!(suites, ["isol8-dev-container", "isol8-dev-service", "isol8-prod-container", "isol8-prod-service"]);
    let failing: Vec<_> = elements.iter().filter(|e| e.0 == "testcase" && attr(e, "line").is_some()).collect();
    assert_eq!(failing.len(), 2);
    assert!(failing.iter().all(|e| attr(e, "file").unwrap().ends_with(".template.json")));
}

#[test]
fn hostile_strings_inject_nothing_and_documents_stay_well_formed() {
    // Other rules may report the name too (it is not a valid export name); every finding
    // and problem is one command, and every line is a command of ours.
    let doc: serde_json::Value = serde_json::from_str(&stdout(&binary(&["--format", "json", HOSTILE], &[]))).unwrap();
    let reported = doc["findings"].as_array().unwrap().len() + doc["problems"].as_array().unwrap().len();
    let text = stdout(&binary(&["--format", "github", HOSTILE], &[]));
    assert_eq!(text.lines().count(), reported, "{text}");
    for line in text.lines() {
        assert!(["::error ", "::warning ", "::notice "].iter().any(|c| line.starts_with(c)), "{line}");
        let (props, data) = line.split_once("::").unwrap().1.split_once("::").unwrap();
        assert!(!props.contains(['\r', '\n']) && !data.contains(['\r', '\n']), "{line}");
    }
    // The LOCK001 finding points at the consumer, and its data decodes back to the name.
    let line = text.lines().find(|l| l.contains(",title=LOCK001 ")).expect("a LOCK001 annotation");
    assert!(line.starts_with("::error file=tests/hostile/consumer.template.json,line="), "{line}");
    let data = line.split_once("::").unwrap().1.split_once("::").unwrap().1;
    let decoded = data.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%");
    // Shown as the sanitiser shows it: controls escaped, the forged command broken.
    let expected = cfnlint_lock::report::visible::visible_lines(HOSTILE_EXPORT).into_owned();
    assert!(expected.contains("\\u{1b}]8;;") && expected.contains("\n\\u{3a}:warning::2"), "{expected}");
    assert!(decoded.contains(&expected), "{decoded}");

    // Human: the terminal gets no escape sequence from the template.
    let text = stdout(&binary(&["--color", "never", HOSTILE], &[]));
    assert!(!text.contains(['\u{1b}', '\u{1}', '\r']), "{text:?}");

    // SARIF: valid JSON carrying the name unchanged.
    let log = sarif(&stdout(&binary(&["--format", "sarif", HOSTILE], &[])));
    let results = log.runs[0].results.as_ref().unwrap();
    let result = results.iter().find(|r| r.rule_id.as_deref() == Some("LOCK001")).expect("a LOCK001 result");
    let message = result.message.text.clone().unwrap();
    assert!(message.contains(HOSTILE_EXPORT), "{message}");

    // JUnit: well-formed, the message attribute reads back as the finding's message.
    let text = stdout(&binary(&["--format", "junit", HOSTILE], &[]));
    let elements = parse_xml(&text);
    let at = elements
        .iter()
        .position(|e| {
            e.0 == "testcase" && attr(e, "name").is_some_and(|n| n.starts_with("LOCK001 ")) && attr(e, "line").is_some()
        })
        .expect("a failing LOCK001 testcase");
    let failure = &elements[at + 1];
    assert_eq!(failure.0, "failure");
    assert!(attr(failure, "message").unwrap().contains(&expected), "{failure:?}");
}

#[test]
fn several_formats_at_once() {
    let dir = scratch("several");
    // `sub/` does not exist yet: the tool makes it.
    let (sarif_file, junit_file) = (dir.join("sub/out.sarif"), dir.join("out.xml"));
    let output = binary(
        &[
            "--format",
            "github",
            "--format",
            "human",
            "--color",
            "never",
            "--output-file",
            &format!("sarif={}", sarif_file.display()),
            "--output-file",
            &format!("junit={}", junit_file.display()),
            INCIDENT,
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.starts_with("::error file="), "github first, as given:\n{text}");
    assert!(text.contains("\nchecked 4 stacks, 6 exports, 8 imports: 4 errors, 0 warnings, 0 notes\n"), "{text}");
    assert_eq!(sarif(&std::fs::read_to_string(sarif_file).unwrap()).runs[0].results.as_ref().unwrap().len(), 4);
    parse_xml(&std::fs::read_to_string(junit_file).unwrap());

    // A document format cannot share stdout.
    let output = binary(&["--format", "json", "--format", "human", INCIDENT], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--output-file json=PATH"));
}

#[test]
fn fail_on_sets_the_threshold() {
    assert_eq!(binary(&["-q", "--fail-on", "never", INCIDENT], &[]).status.code(), Some(0));
    assert_eq!(binary(&["-q", "--fail-on", "note", INCIDENT], &[]).status.code(), Some(1));
    assert_eq!(binary(&["-q", "--fail-on", "note", BENIGN], &[]).status.code(), Some(0));
    // Load errors still exit 2 whatever the threshold.
    assert_eq!(binary(&["-q", "--fail-on", "never", "does/not/exist"], &[]).status.code(), Some(2));
}
