//! What the targets share: a temporary folder kept for the whole run, and rendering an
//! outcome both ways. Each target uses part of it. Only the crate's most stable surface
//! (`check`, the parsers, the renderers) is called, so the targets keep building as the
//! rule engine grows.
#![allow(dead_code)]

use std::path::Path;
use std::sync::{Arc, OnceLock};

use cfnlint_lock::load::template::Template;
use cfnlint_lock::report::{human, json};

/// One folder for the whole run, filled once by `init`; each input then rewrites only
/// the files it is about.
pub fn folder(init: fn(&Path)) -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        init(dir.path());
        dir
    })
    .path()
}

/// A producer and a consumer of an export in `app/` (written by the first call), and
/// `data` as the file `name` beside it; returns the folder.
pub fn app_with(name: &str, data: &[u8]) -> &'static Path {
    let dir = folder(|dir| {
        write(dir, "app/producer.template.json", PRODUCER.as_bytes());
        write(dir, "app/consumer.template.json", CONSUMER.as_bytes());
    });
    write(dir, name, data);
    dir
}

/// Any bytes as the template `name`: parsed in memory, its problems rendered; when it
/// parses, the whole pipeline too, through `check` on a folder where it sits beside a
/// producer and a consumer of an export (so its exports and imports meet others).
/// Parsing first keeps the common case (input that is not a template) fast.
pub fn template(name: &str, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut problems = Vec::new();
    let parsed = Template::parse(Path::new(name), Arc::from(text), &mut problems);
    if let Err(problem) = parsed {
        problems.push(problem);
        assert_renders(&human::render(&[], &problems, human::Style::plain()));
        return;
    }
    let dir = folder(|dir| {
        write(dir, "producer.template.json", PRODUCER.as_bytes());
        write(dir, "consumer.template.json", CONSUMER.as_bytes());
    });
    write(dir, name, data);
    check(dir);
}

/// `check` on the folder, and both renderings of what it found.
pub fn check(dir: &Path) {
    let options = cfnlint_lock::load::Options { max_file_bytes: 1 << 20, ..Default::default() };
    render(&cfnlint_lock::check(&[dir.to_path_buf()], &options));
}

/// `check` on `app` under `options` (rule packs, baselines), and both renderings.
pub fn check_with(app: &Path, options: &cfnlint_lock::CheckOptions) {
    render(&cfnlint_lock::check_with(&[app.to_path_buf()], options));
}

fn render(outcome: &cfnlint_lock::Outcome) {
    let counts = outcome.counts();
    assert_renders(&human::render(&outcome.findings, &outcome.problems, human::Style::plain()));
    let _ = human::summary(&outcome.findings, &outcome.problems, counts);
    let _ = json::render(&outcome.findings, &outcome.problems, counts);
}

/// miette does not fail on a span outside its text: it prints this in the middle of the
/// report instead. Treat it as the crash it is.
pub fn assert_renders(text: &str) {
    assert!(!text.contains("Failed to read contents for label"), "a span outside its source:\n{text}");
}

pub fn write(dir: &Path, name: &str, data: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
    std::fs::write(path, data).expect("a fixture file");
}

pub const PRODUCER: &str = r#"{"Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition"}},
 "Outputs": {"Arn": {"Value": {"Ref": "TaskDef"}, "Export": {"Name": "p:arn"}}}}"#;
pub const CONSUMER: &str = r#"{"Resources": {"Svc": {"Type": "AWS::ECS::Service",
 "Properties": {"TaskDefinition": {"Fn::ImportValue": "p:arn"}}},
 "Child": {"Type": "AWS::CloudFormation::Stack", "Metadata": {"aws:asset:path": "C.nested.template.json"}}}}"#;
