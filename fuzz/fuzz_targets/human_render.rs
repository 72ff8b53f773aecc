//! The human renderer on any text with any spans, its lines made long: a snippet is a
//! bounded window of its line wherever the span sits (miette panicked past column 65,535,
//! which the template targets never reached: their inputs stay a few KB, every line
//! short), every label lands in its source, and no raw control character gets out.
//!
//! Input: stretch (u16), where (u16), four span ends (u16 each, scaled to the text), then
//! the text. `stretch × 4` bytes of `x` are put into the text at `where`.
#![no_main]

use std::path::PathBuf;
use std::sync::Arc;

use cfnlint_lock::diagnostic::{Excerpt, Finding, Severity, Site};
use cfnlint_lock::load::Problem;
use cfnlint_lock::load::node::Span;
use cfnlint_lock::load::problem::Located;
use cfnlint_lock::report::human;
use cfnlint_lock::report::visible::is_unsafe;
use libfuzzer_sys::fuzz_target;

fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn site(text: &Arc<str>, span: Span, label: &str) -> Site {
    Site {
        stack: label.to_owned(),
        artifact: None,
        file: PathBuf::from(format!("t/{label}.json")),
        source: Excerpt::around(text, span),
        span,
        label: label.to_owned(),
        logical_id: None,
        construct_path: None,
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 12 {
        return;
    }
    let number = |i: usize| usize::from(u16::from_le_bytes([data[i], data[i + 1]]));
    let mut text = String::from_utf8_lossy(&data[12..]).into_owned();
    let at = floor(&text, number(2) % (text.len() + 1));
    text.insert_str(at, &"x".repeat(number(0) * 4));
    let scaled = |i: usize| floor(&text, number(i) * text.len() / usize::from(u16::MAX));
    let span = |i: usize| {
        let (a, b) = (scaled(i), scaled(i + 2));
        Span::new(a.min(b), a.max(b))
    };
    let (first, second) = (span(4), span(8));
    // Names and labels from the text too, a hundred bytes at most.
    let piece = |s: Span| text[s.start as usize..floor(&text, (s.start as usize + 100).min(s.end as usize))].to_owned();
    let (name, label) = (piece(first), piece(second));
    let source: Arc<str> = Arc::from(text.as_str());
    let finding = Finding {
        code: "LOCK001",
        rule: "revision-bearing-import",
        severity: Severity::Error,
        message: format!("`{name}` imports `{label}`"),
        help: format!("share it:\n  // in `{name}`\n  {label}"),
        export: Some(label.clone()),
        env: None,
        consumer: Some(site(&source, first, &name)),
        producer: Some(site(&source, second, &label)),
    };
    let mut problem = Problem::error(std::path::Path::new("t/broken.json"), format!("not valid: {name}"));
    problem.at = Some(Located { source, span: first, label, related: Some((second, name)) });
    let out = human::render(&[finding], &[problem], human::Style::plain());
    assert!(!out.contains("Failed to read contents for label"), "a span outside its source:\n{out}");
    for line in out.lines() {
        assert!(line.chars().count() < 60_000, "a line of {} characters", line.chars().count());
        assert!(!line.chars().any(|c| c != '\t' && is_unsafe(c)), "a raw control character: {line:?}");
    }
});
