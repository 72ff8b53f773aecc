//! GitHub Actions workflow commands (`--format github`): one `::error` / `::warning` /
//! `::notice` line per finding and load problem, which GitHub shows as annotations on the
//! template's lines, and a short Markdown job summary.
//!
//! Everything taken from a template passes the sanitiser ([`super::visible`]), then is
//! escaped as GitHub specifies, so an export name holding `%0A::error::`, a newline or
//! `##[add-mask]` cannot start a workflow command of its own: data escapes `%` and `\n`
//! (the sanitiser has made every other control character visible); properties also `:`
//! and `,`. The job summary escapes every ASCII punctuation mark, so a name cannot place
//! a link, an image or HTML in it.

use std::fmt::Write as _;
use std::path::Path;

use super::visible::{visible, visible_lines};
use super::{Counts, Region, line_column, tally};
use crate::diagnostic::{Finding, Severity};
use crate::load::Problem;

/// Escapes the message part of a workflow command (after `::`). The sanitiser first makes
/// control characters visible (an ANSI escape from a template could otherwise rewrite
/// what the log shows around the annotation), keeping only our line breaks and tabs.
#[must_use]
pub fn escape_data(text: &str) -> String {
    visible_lines(text).replace('%', "%25").replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`, …).
#[must_use]
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

fn file(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

/// One workflow command line. Columns are given only for a one-line region: GitHub
/// ignores (or rejects) them when the annotation spans several lines.
fn line(severity: Severity, file: &str, region: Option<Region>, title: &str, message: &str) -> String {
    let mut props = format!("file={}", escape_property(file));
    if let Some(r) = region {
        let _ = write!(props, ",line={},endLine={}", r.start_line, r.end_line);
        if r.start_line == r.end_line {
            let _ = write!(props, ",col={},endColumn={}", r.start_column, r.end_column);
        }
    }
    let _ = write!(props, ",title={}", escape_property(title));
    format!("::{} {props}::{}\n", command(severity), escape_data(message))
}

/// Every load problem, then every finding, one workflow command each.
#[must_use]
pub fn render(findings: &[Finding], problems: &[Problem]) -> String {
    let mut out = String::new();
    for problem in problems {
        let region = problem.at.as_ref().map(|at| {
            let (start_line, start_column) = line_column(&at.source, at.span.start as usize);
            let (end_line, end_column) = line_column(&at.source, at.span.end.max(at.span.start) as usize);
            Region { start_line, start_column, end_line, end_column }
        });
        let title = format!("cfnlint-lock: load {}", problem.severity.as_str());
        let message = match &problem.help {
            Some(help) => format!("{}\n\nhelp: {help}", problem.message),
            None => problem.message.clone(),
        };
        out.push_str(&line(problem.severity, &file(&problem.file), region, &title, &message));
    }
    for finding in findings {
        let site = finding.consumer.as_ref().or(finding.producer.as_ref());
        let title = format!("{} {}", finding.code, finding.rule);
        let mut message = format!("{}\n\nhelp: {}", finding.message, finding.help);
        if let (Some(_), Some(producer)) = (&finding.consumer, &finding.producer) {
            let (l, c) = producer.line_column(producer.at() as usize);
            let _ = write!(message, "\n\nexported by `{}` at {}:{l}:{c}", producer.stack, file(&producer.file));
        }
        let (path, region) = site.map_or((String::new(), None), |s| (file(&s.file), Some(Region::of(s))));
        out.push_str(&line(finding.severity, &path, region, &title, &message));
    }
    out
}

/// Makes text safe inside a Markdown table cell: no line breaks (the sanitiser shows
/// them escaped), and every ASCII punctuation mark backslash-escaped, which CommonMark
/// reads as the mark itself: no column separator, emphasis, link, image, autolink, entity
/// or HTML can form.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in visible(text).chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// How many findings the job summary lists before it says how many more there are.
const SUMMARY_ROWS: usize = 50;

/// The job summary appended to `$GITHUB_STEP_SUMMARY`: the counts, then a table.
#[must_use]
pub fn step_summary(findings: &[Finding], problems: &[Problem], counts: Counts) -> String {
    let [errors, warnings, notes] = tally(findings);
    let mut out = String::from("### cfnlint-lock\n\n");
    let _ = write!(
        out,
        "Checked {} stacks, {} exports, {} imports: **{errors} errors**, {warnings} warnings, {notes} notes",
        counts.stacks, counts.exports, counts.imports
    );
    if counts.suppressed > 0 {
        let _ = write!(out, ", {} suppressed", counts.suppressed);
    }
    let load_errors = super::load_errors(problems);
    if load_errors > 0 {
        let _ = write!(out, "; **{load_errors} inputs could not be read**");
    }
    out.push_str(".\n\n");
    if !findings.is_empty() {
        out.push_str("| rule | severity | consumer | export | where |\n|---|---|---|---|---|\n");
        for finding in findings.iter().take(SUMMARY_ROWS) {
            let site = finding.consumer.as_ref().or(finding.producer.as_ref());
            let place = site.map_or_else(String::new, |s| {
                let (l, _) = s.line_column(s.at() as usize);
                format!("{}:{l}", file(&s.file))
            });
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(finding.code),
                finding.severity.as_str(),
                cell(site.map_or("", |s| s.stack.as_str())),
                cell(finding.export.as_deref().unwrap_or("")),
                cell(&place),
            );
        }
        if findings.len() > SUMMARY_ROWS {
            let _ = writeln!(out, "\n… and {} more", findings.len() - SUMMARY_ROWS);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_specifies() {
        assert_eq!(escape_data("100%\r\n::error::x"), "100%25\\u{d}%0A\\u{3a}:error::x");
        assert_eq!(escape_data("a\u{1b}[2Kb\u{85}c ##[add-mask]"), "a\\u{1b}[2Kb\\u{85}c #\\u{23}[add-mask]");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn a_command_is_always_one_line() {
        let text = line(Severity::Warning, "a,b:c.json", None, "t\n::error::x", "m\n::error::y\r");
        assert_eq!(text.lines().count(), 1, "{text}");
        assert_eq!(
            text,
            "::warning file=a%2Cb%3Ac.json,title=t%0A\\u{3a}%3Aerror%3A%3Ax::m%0A\\u{3a}:error::y\\u{d}\n"
        );
    }

    #[test]
    fn summary_cells_cannot_break_the_table_or_place_markdown() {
        assert_eq!(cell("a|b\n<script>&`"), "a\\|b\\\\u\\{a\\}\\<script\\>\\&\\`");
        assert_eq!(cell("![x](https://e.example/i.png)"), "\\!\\[x\\]\\(https\\:\\/\\/e\\.example\\/i\\.png\\)");
        assert_eq!(cell("**b** _i_ ~s~ www.e.example"), "\\*\\*b\\*\\* \\_i\\_ \\~s\\~ www\\.e\\.example");
    }
}
