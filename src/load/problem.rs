//! What went wrong (or was worth saying) while loading, as plain data for the reporter.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::node::Span;
use super::syntax::SyntaxError;
use crate::Severity;

/// A load error, warning or note about one file. Errors make the run exit with status 2;
/// the rest of the input is still checked.
#[derive(Debug, Clone)]
pub struct Problem {
    pub severity: Severity,
    /// The file as the user can reach it (the PATH joined with the path inside it).
    pub file: PathBuf,
    pub message: String,
    /// Where in the file, when the file could be read as text.
    pub at: Option<Located>,
    pub help: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Located {
    pub source: Arc<str>,
    pub span: Span,
    pub label: String,
    pub related: Option<(Span, String)>,
}

impl Problem {
    pub fn error(file: &Path, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, file: file.to_path_buf(), message: message.into(), at: None, help: None }
    }

    pub fn warning(file: &Path, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(file, message) }
    }

    pub fn note(file: &Path, message: impl Into<String>) -> Self {
        Self { severity: Severity::Note, ..Self::error(file, message) }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Points the problem at `span` in `source`, to be shown as a snippet. Not for an
    /// empty file (nothing to show) nor a line longer than [`MAX_SNIPPET_LINE`]: a
    /// minified template or 100,000 nested brackets would print as one endless line, and
    /// the message gives the line and column anyway.
    ///
    /// A span past the end or inside a character is pulled back to the text's bounds
    /// and character boundaries first: miette would otherwise drop the snippet with an
    /// error in the middle of the report.
    #[must_use]
    pub fn at(mut self, source: &Arc<str>, span: Span, label: impl Into<String>) -> Self {
        let span = within(source, span);
        if source.is_empty() || longest_line_around(source, span) > MAX_SNIPPET_LINE {
            return self;
        }
        self.at = Some(Located { source: Arc::clone(source), span, label: label.into(), related: None });
        self
    }

    /// A syntax error in a file whose text is known.
    pub fn syntax(file: &Path, what: &str, source: &Arc<str>, error: SyntaxError) -> Self {
        let (line, column) = crate::report::line_column(source, error.span.start as usize);
        let place = if source.is_empty() { String::new() } else { format!(" at line {line}, column {column}") };
        let mut problem = Self::error(
            file,
            format!("`{}` is not valid {what}: {}{place}", file.display(), error.message),
        )
        .at(source, error.span, error.message);
        if let Some(at) = problem.at.as_mut() {
            at.related = error.related.map(|(span, label)| (within(source, span), label));
        }
        problem
    }
}

/// `span` clamped to `source` and moved back to character boundaries.
fn within(source: &str, span: Span) -> Span {
    let floor = |mut i: usize| {
        i = i.min(source.len());
        while !source.is_char_boundary(i) {
            i -= 1; // `is_char_boundary(0)` holds, so this stops
        }
        i
    };
    let start = floor(span.start as usize);
    Span::new(start, floor(span.end as usize).max(start))
}

/// Lines longer than this (in bytes) are not shown in snippets.
pub const MAX_SNIPPET_LINE: usize = 400;

/// The length of the longest line that `span` touches, plus the lines miette shows
/// around it.
fn longest_line_around(source: &str, span: Span) -> usize {
    let start = (span.start as usize).min(source.len());
    let end = (span.end as usize).clamp(start, source.len());
    // Byte searches: `\n` is ASCII, so these offsets are char boundaries, and the
    // slices below stay inside `source`.
    let from = source.as_bytes()[..start].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let from = source.as_bytes()[..from.saturating_sub(1)].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let to = source.as_bytes()[end..].iter().position(|&b| b == b'\n').map_or(source.len(), |i| end + i);
    let to = source.as_bytes()[(to + 1).min(source.len())..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(source.len(), |i| to + 1 + i);
    source.as_bytes()[from..to].split(|&b| b == b'\n').map(<[u8]>::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_pulled_inside_the_text_and_onto_character_boundaries() {
        let text = "aé";
        assert_eq!(within(text, Span::new(2, 9)), Span::new(1, 3));
        assert_eq!(within(text, Span::new(9, 12)), Span::new(3, 3));
    }

    #[test]
    fn long_lines_and_empty_files_get_no_snippet() {
        let short: Arc<str> = Arc::from("{\n  \"a\": 1\n}\n");
        assert!(Problem::error(Path::new("f"), "m").at(&short, Span::new(4, 7), "l").at.is_some());
        let long: Arc<str> = Arc::from(format!("{{\"a\": [{}]}}", "1,".repeat(MAX_SNIPPET_LINE)));
        assert!(Problem::error(Path::new("f"), "m").at(&long, Span::new(1, 4), "l").at.is_none());
        let empty: Arc<str> = Arc::from("");
        assert!(Problem::error(Path::new("f"), "m").at(&empty, Span::new(0, 0), "l").at.is_none());
    }
}
