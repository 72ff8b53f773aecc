//! Reporting: the only module that renders findings and load problems for people
//! (miette's graphical reports) and machines (JSON). Positions are computed here from
//! byte offsets, lazily, only for what is reported.

pub mod graph;
pub mod human;
pub mod json;

use crate::diagnostic::{Finding, Severity};
use crate::load::Problem;

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

/// What the summary line counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub stacks: usize,
    pub exports: usize,
    pub imports: usize,
    /// Whether a baseline was given (LOCK002–LOCK004 run only then).
    pub baseline: bool,
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
