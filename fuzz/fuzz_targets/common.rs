//! What every target does after parsing: the template as two stacks (so its exports meet
//! its imports), the graph, the rules, and both renderers, which slice the template's
//! text at the spans found. Each target uses only part of it.
#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use cfnlint_lock::load::manifest::Env;
use cfnlint_lock::load::template::Template;
use cfnlint_lock::load::{Loaded, StackSource};
use cfnlint_lock::report::{human, json};
use cfnlint_lock::{Counts, Graph};

pub fn template(file: &str, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut problems = Vec::new();
    let template = match Template::parse(Path::new(file), Arc::from(text), &mut problems) {
        Ok(template) => template,
        Err(problem) => {
            problems.push(problem);
            render(&[], &problems, Counts::default());
            return;
        }
    };
    let stack = |name: &str| StackSource {
        name: name.to_owned(),
        artifact_id: Some(name.to_owned()),
        display_name: name.to_owned(),
        env: Env::default(),
        stage: None,
        template: template.clone(),
        construct_paths: Arc::default(),
        dependencies: Vec::new(),
        nested_in: None,
        declared_in: Path::new(file).to_path_buf(),
    };
    let loaded = Loaded { stacks: vec![stack("a"), stack("b")], problems: problems.clone() };
    let graph = Graph::build(loaded);
    let findings = cfnlint_lock::rules::run(&graph);
    let counts = Counts { stacks: graph.stacks.len(), exports: graph.exports.len(), imports: graph.imports.len() };
    render(&findings, &problems, counts);
}

pub fn render(findings: &[cfnlint_lock::Finding], problems: &[cfnlint_lock::Problem], counts: Counts) {
    // miette does not fail on a span outside its text: it prints this in the middle of
    // the report instead. Treat it as the crash it is.
    let text = human::render(findings, problems, human::Style::plain());
    assert!(!text.contains("Failed to read contents for label"), "a span outside its source:\n{text}");
    let _ = human::summary(findings, problems, counts);
    let _ = json::render(findings, problems, counts);
}
