//! The stable machine format (`--format json`), documented in the README.

use std::path::Path;

use serde::Serialize;

use super::{Counts, line_column, tally};
use crate::diagnostic::{Finding, Reference, Severity, Site};
use crate::load::Problem;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    findings: Vec<JsonFinding<'a>>,
    problems: Vec<JsonProblem<'a>>,
    summary: Summary,
    /// What `--baseline aws` read (calls, pages, time); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<serde_json::Value>,
}

/// Which program wrote the document, as SARIF's `tool.driver` says it.
#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    rule: &'a str,
    severity: Severity,
    message: &'a str,
    help: &'a str,
    export: Option<&'a str>,
    env: Option<&'a str>,
    consumer: Option<Consumer<'a>>,
    producer: Option<Producer<'a>>,
    /// `import`, `weak` or `cross-region`; absent for findings not about a reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<Reference>,
}

#[derive(Serialize)]
struct Consumer<'a> {
    stack: &'a str,
    artifact: Option<&'a str>,
    file: String,
    line: usize,
    column: usize,
    logical_id: Option<&'a str>,
    construct_path: Option<&'a str>,
}

#[derive(Serialize)]
struct Producer<'a> {
    stack: &'a str,
    artifact: Option<&'a str>,
    file: String,
    line: usize,
    column: usize,
    output: Option<&'a str>,
    construct_path: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonProblem<'a> {
    severity: Severity,
    file: String,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    stacks: usize,
    exports: usize,
    imports: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    load_errors: usize,
    /// Whether a baseline was given (LOCK002–LOCK004 run only then).
    baseline: bool,
    suppressed: usize,
}

fn path(file: &Path) -> String {
    file.to_string_lossy().replace('\\', "/")
}

fn consumer(site: &Site) -> Consumer<'_> {
    let (line, column) = site.line_column(site.at() as usize);
    Consumer {
        stack: &site.stack,
        artifact: site.artifact.as_deref(),
        file: path(&site.file),
        line,
        column,
        logical_id: site.logical_id.as_deref(),
        construct_path: site.construct_path.as_deref(),
    }
}

fn producer(site: &Site) -> Producer<'_> {
    let (line, column) = site.line_column(site.at() as usize);
    Producer {
        stack: &site.stack,
        artifact: site.artifact.as_deref(),
        file: path(&site.file),
        line,
        column,
        output: site.logical_id.as_deref(),
        construct_path: site.construct_path.as_deref(),
    }
}

/// Renders the whole run as one JSON document (pretty-printed, newline-terminated).
#[must_use]
pub fn render(findings: &[Finding], problems: &[Problem], counts: Counts) -> String {
    render_with_baseline(findings, problems, counts, None)
}

/// [`render`], with the `baseline` object describing a live read of the deployed state.
#[must_use]
pub fn render_with_baseline(
    findings: &[Finding],
    problems: &[Problem],
    counts: Counts,
    baseline: Option<serde_json::Value>,
) -> String {
    let [errors, warnings, notes] = tally(findings);
    let document = Document {
        version: 1,
        tool: Tool { name: env!("CARGO_PKG_NAME"), version: env!("CARGO_PKG_VERSION") },
        findings: findings
            .iter()
            .map(|f| JsonFinding {
                code: f.code,
                rule: f.rule,
                severity: f.severity,
                message: &f.message,
                help: &f.help,
                export: f.export.as_deref(),
                env: f.env.as_deref(),
                consumer: f.consumer.as_ref().map(consumer),
                producer: f.producer.as_ref().map(producer),
                reference: f.reference,
            })
            .collect(),
        problems: problems
            .iter()
            .map(|p| {
                let position = p.at.as_ref().map(|at| line_column(&at.source, at.span.start as usize));
                JsonProblem {
                    severity: p.severity,
                    file: path(&p.file),
                    line: position.map(|(l, _)| l),
                    column: position.map(|(_, c)| c),
                    message: &p.message,
                }
            })
            .collect(),
        summary: Summary {
            stacks: counts.stacks,
            exports: counts.exports,
            imports: counts.imports,
            errors,
            warnings,
            notes,
            load_errors: super::load_errors(problems),
            baseline: counts.baseline,
            suppressed: counts.suppressed,
        },
        baseline,
    };
    // Serializing plain structs of strings and numbers cannot fail.
    let mut text = super::visible::ascii_safe_json(serde_json::to_string_pretty(&document).unwrap_or_default());
    text.push('\n');
    text
}
