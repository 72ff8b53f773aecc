//! Reporting: the only module that renders findings and load problems for people
//! (miette's graphical reports) and machines (JSON, SARIF, GitHub workflow commands,
//! JUnit). Positions are computed here from byte offsets, lazily, only for what is
//! reported.

pub mod github;
pub mod graph;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod visible;

use crate::diagnostic::{Finding, Severity, Site};
use crate::load::Problem;
use crate::rules::RuleMeta;

/// 1-based line and column (in characters) of a byte offset.
#[must_use]
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The byte offset of a 1-based line and column (as serde_json reports them).
#[must_use]
pub fn offset_of(source: &str, line: usize, column: usize) -> usize {
    let line_start = source.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>();
    let line_text = source[line_start..].split('\n').next().unwrap_or_default();
    let in_line = line_text.char_indices().nth(column.saturating_sub(1)).map_or(line_text.len(), |(i, _)| i);
    (line_start + in_line).min(source.len())
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Where a site starts and ends: 1-based lines and columns (in characters), the end
/// column being the one just after the last character underlined (SARIF's convention).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub start_line: usize,
    pub start_column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Region {
    #[must_use]
    pub fn of(site: &Site) -> Self {
        // The line and column users are pointed at is `at`, which may sit after the
        // underline's start (a key inside a wider span); the region starts there.
        let start = site.span.start as usize;
        let end = (site.span.end as usize).max(start);
        let (start_line, start_column) = site.line_column(start);
        let (end_line, end_column) = site.line_column(end);
        Self { start_line, start_column, end_line, end_column }
    }
}

/// Every rule a report covers: the registry's, then any other code the findings carry
/// (checks from outside the registry, such as rule packs), each once, as (code, name).
#[must_use]
pub fn reported_rules(findings: &[Finding]) -> Vec<(&str, &str)> {
    let mut rules: Vec<(&str, &str)> = crate::rules::RULES.iter().map(|r| (r.meta().code, r.meta().name)).collect();
    for finding in findings {
        if !rules.iter().any(|(code, _)| *code == finding.code) {
            rules.push((finding.code, finding.rule));
        }
    }
    rules
}

/// A rule's documentation as users read it: the doc comment without the one leading
/// space rustdoc keeps on every line.
#[must_use]
pub fn rule_docs(meta: &RuleMeta) -> String {
    let docs: Vec<&str> = meta.docs.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
    docs.join("\n").trim_end().to_owned()
}

/// What the summary line counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub stacks: usize,
    pub exports: usize,
    pub imports: usize,
    /// Whether a baseline was given (LOCK002–LOCK004 run only then).
    pub baseline: bool,
    /// Findings a suppression (config or template `Metadata`) took out of the report.
    pub suppressed: usize,
}

/// Findings by severity, with load errors (which do not count as findings) apart.
#[must_use]
pub fn tally(findings: &[Finding]) -> [usize; 3] {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    [count(Severity::Error), count(Severity::Warning), count(Severity::Note)]
}

#[must_use]
pub fn load_errors(problems: &[Problem]) -> usize {
    problems.iter().filter(|p| p.severity == Severity::Error).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_offsets_and_positions_both_ways() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 4), (2, 2));
        assert_eq!(line_column(text, 8), (3, 1));
        assert_eq!(offset_of(text, 2, 2), 4);
        assert_eq!(offset_of(text, 3, 1), 8);
        assert_eq!(offset_of(text, 9, 9), text.len());
    }
}
