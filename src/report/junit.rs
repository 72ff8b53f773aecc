//! JUnit XML (`--format junit`), for CI systems that show test reports: one testsuite
//! per stack, one testcase per rule in it, a `<failure>` listing that rule's findings in
//! the stack with file, line and column. Load errors form a last `cfnlint-lock` suite of
//! `<error>`s, one per file.
//!
//! Written with `quick-xml`, which escapes text and attributes; text from the input passes
//! the sanitiser first ([`super::visible`]), which also leaves no character XML 1.0
//! cannot carry. A failure's `type` is the most severe of its findings' severities.

use std::collections::BTreeMap;
use std::io::Cursor;

use quick_xml::Writer;
use quick_xml::escape::{escape, partial_escape};
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;

use super::visible::visible_lines;
use super::{line_column, reported_rules};
use crate::diagnostic::{Finding, Severity, Site};
use crate::load::Problem;

/// Shown to a person by CI report viewers: sanitised like every other output. XML 1.0
/// forbids most control characters even as character references (the sanitiser shows
/// them escaped) and the two noncharacters below.
fn xml_safe(text: &str) -> String {
    visible_lines(text).replace('\u{FFFE}', "\\u{fffe}").replace('\u{FFFF}', "\\u{ffff}")
}

fn path(site: &Site) -> String {
    site.file.to_string_lossy().replace('\\', "/")
}

fn place(site: &Site) -> (usize, usize) {
    site.line_column(site.at() as usize)
}

struct Xml(Writer<Cursor<Vec<u8>>>);

impl Xml {
    fn tag<'a>(name: &'a str, attrs: &[(&str, String)]) -> BytesStart<'a> {
        let mut tag = BytesStart::new(name);
        for (key, value) in attrs {
            // A parser turns a raw line break in an attribute into a space; keep them.
            let escaped = escape(xml_safe(value)).replace('\r', "&#13;").replace('\n', "&#10;");
            tag.push_attribute(Attribute { key: QName(key.as_bytes()), value: escaped.into_bytes().into() });
        }
        tag
    }

    fn start(&mut self, name: &str, attrs: &[(&str, String)]) {
        // Writing into memory cannot fail.
        let _ = self.0.write_event(Event::Start(Self::tag(name, attrs)));
    }

    fn empty(&mut self, name: &str, attrs: &[(&str, String)]) {
        let _ = self.0.write_event(Event::Empty(Self::tag(name, attrs)));
    }

    fn text(&mut self, text: &str) {
        // A parser reads a raw `\r\n` as `\n`; a character reference keeps the `\r`.
        let escaped = partial_escape(xml_safe(text)).replace('\r', "&#13;");
        let _ = self.0.write_event(Event::Text(BytesText::from_escaped(escaped)));
    }

    fn end(&mut self, name: &str) {
        let _ = self.0.write_event(Event::End(BytesEnd::new(name)));
    }
}

/// Renders the run as one JUnit document. `stacks` are the stack names in the order
/// they were loaded; every one gets a suite, so a clean stack shows as passed.
#[must_use]
pub fn render(findings: &[Finding], problems: &[Problem], stacks: &[&str]) -> String {
    // stack → rule code → findings
    let mut by_stack: BTreeMap<&str, BTreeMap<&str, Vec<&Finding>>> = BTreeMap::new();
    for finding in findings {
        let stack = finding.consumer.as_ref().or(finding.producer.as_ref()).map_or("", |s| s.stack.as_str());
        by_stack.entry(stack).or_default().entry(finding.code).or_default().push(finding);
    }
    let mut names: Vec<&str> = stacks.to_vec();
    // A finding outside every listed stack still needs a suite.
    for stack in by_stack.keys() {
        if !names.contains(stack) {
            names.push(stack);
        }
    }
    let load_errors: Vec<&Problem> = problems.iter().filter(|p| p.severity == Severity::Error).collect();
    let failing_cases: usize = by_stack.values().map(BTreeMap::len).sum();
    let rules = reported_rules(findings);

    let mut xml = Xml(Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2));
    let _ = xml.0.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    xml.start(
        "testsuites",
        &[
            ("name", "cfnlint-lock".to_owned()),
            ("tests", (names.len() * rules.len() + load_errors.len()).to_string()),
            ("failures", failing_cases.to_string()),
            ("errors", load_errors.len().to_string()),
        ],
    );
    let empty = BTreeMap::new();
    for stack in names {
        let found_here = by_stack.get(stack).unwrap_or(&empty);
        xml.start(
            "testsuite",
            &[
                ("name", stack.to_owned()),
                ("tests", rules.len().to_string()),
                ("failures", found_here.len().to_string()),
                ("errors", "0".to_owned()),
                ("skipped", "0".to_owned()),
            ],
        );
        for (code, name) in &rules {
            let mut attrs = vec![("name", format!("{code} {name}")), ("classname", stack.to_owned())];
            let Some(found) = found_here.get(code) else {
                xml.empty("testcase", &attrs);
                continue;
            };
            if let Some(site) = found[0].consumer.as_ref().or(found[0].producer.as_ref()) {
                attrs.push(("file", path(site)));
                attrs.push(("line", place(site).0.to_string()));
            }
            xml.start("testcase", &attrs);
            let message = match found.len() {
                1 => found[0].message.clone(),
                n => format!("{n} findings: {}", found[0].message),
            };
            let severity = found.iter().map(|f| f.severity).min().unwrap_or(Severity::Note);
            xml.start("failure", &[("message", message), ("type", severity.as_str().to_owned())]);
            let mut body = String::new();
            for finding in found {
                if let Some(site) = finding.consumer.as_ref().or(finding.producer.as_ref()) {
                    let (l, c) = place(site);
                    body.push_str(&format!("{}:{l}:{c}: ", path(site)));
                }
                body.push_str(&format!("{} {}: {}\n", finding.severity.as_str(), finding.code, finding.message));
                if let Some(producer) = finding.producer.as_ref().filter(|_| finding.consumer.is_some()) {
                    let (l, c) = place(producer);
                    body.push_str(&format!("  exported by `{}` at {}:{l}:{c}\n", producer.stack, path(producer)));
                }
                body.push_str(&format!("  help: {}\n", finding.help.replace('\n', "\n  ")));
            }
            xml.text(&body);
            xml.end("failure");
            xml.end("testcase");
        }
        xml.end("testsuite");
    }
    if !load_errors.is_empty() {
        xml.start(
            "testsuite",
            &[
                ("name", "cfnlint-lock".to_owned()),
                ("tests", load_errors.len().to_string()),
                ("failures", "0".to_owned()),
                ("errors", load_errors.len().to_string()),
                ("skipped", "0".to_owned()),
            ],
        );
        for problem in load_errors {
            let file = problem.file.to_string_lossy().replace('\\', "/");
            let mut attrs = vec![("name", format!("load {file}")), ("classname", "cfnlint-lock".to_owned())];
            attrs.push(("file", file.clone()));
            let position = problem.at.as_ref().map(|at| line_column(&at.source, at.span.start as usize));
            if let Some((l, _)) = position {
                attrs.push(("line", l.to_string()));
            }
            xml.start("testcase", &attrs);
            xml.start("error", &[("message", problem.message.clone()), ("type", "load-error".to_owned())]);
            let place = position.map_or_else(|| file.clone(), |(l, c)| format!("{file}:{l}:{c}"));
            xml.text(&format!("{place}: {}\n", problem.message));
            xml.end("error");
            xml.end("testcase");
        }
        xml.end("testsuite");
    }
    xml.end("testsuites");
    let mut text = String::from_utf8(xml.0.into_inner().into_inner()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(xml_safe("a\u{1}b\tc\u{1b}\r\n\u{FFFE}"), "a\\u{1}b\tc\\u{1b}\\u{d}\n\\u{fffe}");
    }

    #[test]
    fn a_failure_is_typed_by_its_most_severe_finding() {
        let findings = [Finding::from_user_pack(Severity::Note), Finding::from_user_pack(Severity::Error)];
        let text = render(&findings, &[], &[]);
        assert!(text.contains(r#"message="2 findings: m" type="error""#), "{text}");
    }

    #[test]
    fn a_code_outside_the_registry_gets_its_testcase() {
        let finding = Finding::from_user_pack(Severity::Error);
        let text = render(&[finding], &[], &[]);
        assert!(text.contains(r#"<testcase name="USER001 no-public-exports""#), "{text}");
        assert!(text.contains("<failure"), "{text}");
    }

    #[test]
    fn an_empty_run_is_a_document_of_passing_suites() {
        let text = render(&[], &[], &["a&b"]);
        assert!(text.contains(r#"<testsuite name="a&amp;b" tests=""#), "{text}");
        assert!(text.contains(r#"failures="0""#) && !text.contains("<failure"), "{text}");
    }
}
