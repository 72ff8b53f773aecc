//! Human output: miette's graphical reports, one per finding or load problem, then a
//! one-line summary. The consumer's `Fn::ImportValue` is the main snippet; the producer's
//! Output is shown as a related report with its own file.

use std::fmt::{self, Display};
use std::io;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, NamedSource,
    SourceCode, SourceSpan, SpanContents,
};

use super::visible::{visible, visible_lines, visible_snippet, widths};
use super::{Counts, tally};
use crate::diagnostic::{Excerpt, Finding, Piece, Severity, Site};
use crate::engine::Suppressed;
use crate::load::Problem;
use crate::load::node::Span;

/// How reports are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Terminal width to wrap at.
    pub width: usize,
}

impl Style {
    /// Deterministic output for snapshots and pipes: no colour, 80 columns.
    #[must_use]
    pub fn plain() -> Self {
        Self { color: false, width: 80 }
    }
}

/// One miette report, built from a finding or a problem.
#[derive(Debug)]
struct Report {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<NamedSource<Shown>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

impl Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn Display + 'a>> {
        self.code.as_ref().map(|c| Box::new(c) as Box<dyn Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty())
            .then(|| Box::new(self.labels.iter().cloned()) as Box<dyn Iterator<Item = LabeledSpan>>)
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        (!self.related.is_empty()).then(|| {
            Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)) as Box<dyn Iterator<Item = &dyn Diagnostic>>
        })
    }
}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Note => miette::Severity::Advice,
    }
}

/// An excerpt as a person sees it: each kept line passed through the sanitiser and
/// marked `…` where it was cut. Labels are offsets in `text`; the lines and columns
/// miette prints are the file's.
#[derive(Debug)]
struct Shown {
    text: String,
    /// Where each piece's line starts in `text`.
    starts: Vec<usize>,
    excerpt: Excerpt,
}

/// Marks where a line shown was cut.
const CUT: &str = "…";

impl Shown {
    fn new(excerpt: Excerpt) -> Self {
        let mut text = String::with_capacity(excerpt.text.len());
        let mut starts = Vec::with_capacity(excerpt.pieces.len());
        for piece in excerpt.pieces.iter() {
            starts.push(text.len());
            text.push_str(if piece.cut_before { CUT } else { "" });
            text.push_str(&visible_snippet(excerpt.piece_text(piece)));
            text.push_str(if piece.cut_after { CUT } else { "" });
            text.push('\n');
        }
        Self { text, starts, excerpt }
    }

    /// The line a piece is on, and where its own text starts in `text`.
    fn line(&self, index: usize) -> (&Piece, usize) {
        let piece = &self.excerpt.pieces[index];
        (piece, self.starts[index] + if piece.cut_before { CUT.len() } else { 0 })
    }

    /// Where a byte offset of the file shows; offsets cut away go to the nearest kept place.
    fn shown_at(&self, offset: usize) -> usize {
        if self.excerpt.pieces.is_empty() {
            return 0;
        }
        let index = self.excerpt.pieces.iter().rposition(|p| p.file_offset <= offset).unwrap_or(0);
        let (piece, start) = self.line(index);
        let within = offset - piece.file_offset.min(offset);
        start + widths(self.excerpt.piece_text(piece)).take_while(|&(i, _)| i < within).map(|(_, w)| w).sum::<usize>()
    }

    /// The 1-based column in the file of a place in `text`.
    fn file_column(&self, shown: usize) -> usize {
        let index = self.starts.partition_point(|&s| s <= shown).saturating_sub(1);
        if index >= self.excerpt.pieces.len() {
            return 1;
        }
        let (piece, mut at) = self.line(index);
        let mut column = piece.column;
        for (_, width) in widths(self.excerpt.piece_text(piece)) {
            if at + width > shown {
                break;
            }
            at += width;
            column += 1;
        }
        column
    }

    /// A span of the file (its start shown), as miette reads it from `text`.
    fn span(&self, span: Span) -> (usize, usize) {
        let start = self.shown_at(span.start as usize);
        (start, self.shown_at(span.end.max(span.start) as usize).saturating_sub(start))
    }
}

impl SourceCode for Shown {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self.text.read_span(span, context_lines_before, context_lines_after)?;
        let first_line = self.excerpt.pieces.first().map_or(1, |p| p.line);
        // miette takes the column of the place itself for the `file:line:column` heading.
        let column =
            if context_lines_before == 0 { self.file_column(contents.span().offset()) - 1 } else { contents.column() };
        Ok(Box::new(MietteSpanContents::new(
            contents.data(),
            *contents.span(),
            contents.line() + first_line - 1,
            column,
            contents.line_count(),
        )))
    }
}

fn file_name(file: &std::path::Path) -> String {
    visible(&file.to_string_lossy().replace('\\', "/")).into_owned()
}

/// The site's snippet, with its label.
fn snippet(site: &Site) -> (NamedSource<Shown>, LabeledSpan) {
    let shown = Shown::new(site.source.clone());
    let label = LabeledSpan::new_primary_with_span(Some(visible(&site.label).into_owned()), shown.span(site.span));
    (NamedSource::new(file_name(&site.file), shown).with_language("json"), label)
}

/// The consumer's snippet first; the producer's Output follows as a related report that
/// carries the help, so the fix is the last thing read (miette prints related reports
/// after the main report's help).
fn finding_report(finding: &Finding) -> Report {
    let related: Vec<Report> = finding
        .producer
        .iter()
        .filter(|_| finding.consumer.is_some())
        .map(|producer| {
            let (source, label) = snippet(producer);
            Report {
                message: format!("producer `{}`", visible(&producer.stack)),
                code: None,
                severity: miette::Severity::Advice,
                help: Some(visible_lines(&finding.help).into_owned()),
                source: Some(source),
                labels: vec![label],
                related: Vec::new(),
            }
        })
        .collect();
    let (source, label) = finding.consumer.as_ref().or(finding.producer.as_ref()).map(snippet).unzip();
    Report {
        message: visible(&finding.message).into_owned(),
        code: Some(finding.code.to_owned()),
        severity: miette_severity(finding.severity),
        help: related.is_empty().then(|| visible_lines(&finding.help).into_owned()),
        source,
        labels: label.into_iter().collect(),
        related,
    }
}

fn problem_report(problem: &Problem) -> Report {
    let file = file_name(&problem.file);
    let (source, labels) = match &problem.at {
        Some(at) => {
            let related = at.related.iter().map(|(span, _)| *span);
            let spans: Vec<Span> = std::iter::once(at.span).chain(related).collect();
            let shown = Shown::new(Excerpt::around_all(&at.source, &spans));
            let mut labels =
                vec![LabeledSpan::new_primary_with_span(Some(visible(&at.label).into_owned()), shown.span(at.span))];
            // A place too far from the first to show with it goes unmarked.
            if let Some((span, text)) = at.related.as_ref().filter(|(span, _)| shown.excerpt.shows(*span)) {
                labels.push(LabeledSpan::new_with_span(Some(visible(text).into_owned()), shown.span(*span)));
            }
            (Some(NamedSource::new(file.clone(), shown)), labels)
        }
        None => (None, Vec::new()),
    };
    let code = match problem.severity {
        Severity::Error => "load-error",
        Severity::Warning => "load-warning",
        Severity::Note => "load-note",
    };
    // Without a snippet the file must still be named.
    let message = visible_lines(&problem.message);
    let message = if source.is_none() && !message.contains(&file) {
        format!("`{file}`: {message}")
    } else {
        message.into_owned()
    };
    Report {
        message,
        code: Some(code.to_owned()),
        severity: miette_severity(problem.severity),
        help: problem.help.as_deref().map(|h| visible_lines(h).into_owned()),
        source,
        labels,
        related: Vec::new(),
    }
}

fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    // Help holds CDK code: wrap between words only, never inside a name or path.
    GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .without_syntax_highlighting()
        .with_break_words(false)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
}

fn render_one(handler: &GraphicalReportHandler, report: &Report, out: &mut String) {
    // Rendering into a String cannot fail for lack of space; a formatting error would
    // only drop this one report.
    let _ = handler.render_report(out, report);
    out.push('\n');
}

/// Every problem, then every finding, as miette reports.
#[must_use]
pub fn render(findings: &[Finding], problems: &[Problem], style: Style) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    let _ = write(&mut out, findings, problems, style);
    String::from_utf8(out).unwrap_or_default()
}

/// [`render`], written report by report as each is drawn: a run with thousands of
/// findings does not hold the whole text.
pub fn write(out: &mut dyn io::Write, findings: &[Finding], problems: &[Problem], style: Style) -> io::Result<()> {
    let handler = handler(style);
    let mut text = String::new();
    let problems = problems.iter().map(problem_report);
    for report in problems.chain(findings.iter().map(finding_report)) {
        text.clear();
        render_one(&handler, &report, &mut text);
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// `checked 4 stacks, 2 exports, 2 imports: 2 errors, 0 warnings, 0 notes`
#[must_use]
pub fn summary(findings: &[Finding], problems: &[Problem], counts: Counts) -> String {
    let [errors, warnings, notes] = tally(findings);
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut line = format!(
        "checked {}, {}, {}: {}, {}, {}",
        plural(counts.stacks, "stack", "stacks"),
        plural(counts.exports, "export", "exports"),
        plural(counts.imports, "import", "imports"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        plural(notes, "note", "notes"),
    );
    if counts.suppressed > 0 {
        line.push_str(&format!(", {} suppressed", counts.suppressed));
    }
    let load_errors = super::load_errors(problems);
    if load_errors > 0 {
        line.push_str(&format!("; {} could not be read", plural(load_errors, "input", "inputs")));
    }
    line.push('\n');
    if !counts.baseline {
        line.push_str("LOCK002-LOCK004 did not run: no --baseline given\n");
    }
    line
}

/// `--show-suppressed`: one line per suppressed finding, with where and why.
#[must_use]
pub fn suppressed(list: &[Suppressed]) -> String {
    let mut out = String::new();
    for s in list {
        let f = &s.finding;
        let place = f.consumer.as_ref().or(f.producer.as_ref()).map_or_else(String::new, |site| {
            let (line, column) = site.line_column(site.at() as usize);
            format!(" at {}:{line}:{column}", file_name(&site.file))
        });
        let export = f.export.as_deref().map_or_else(String::new, |e| format!(", export `{}`", visible(e)));
        out.push_str(&format!(
            "suppressed {} {}{place}{export}: {} ({}:{})\n",
            f.code,
            f.severity.as_str(),
            visible(&s.reason),
            file_name(&s.file),
            s.line
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn finding_at(text: &str, span: Span) -> Finding {
        let text: Arc<str> = Arc::from(text);
        let site = Site {
            stack: "s\u{1b}]0;t\u{7}".into(),
            artifact: None,
            file: "dir/\u{202e}t.json".into(),
            source: Excerpt::around(&text, span),
            span,
            label: "here\u{1b}[2J".into(),
            logical_id: None,
            construct_path: None,
        };
        Finding { consumer: Some(site), ..Finding::from_user_pack(Severity::Error) }
    }

    /// The text under the underline of the report's first snippet.
    fn underlined(report: &str) -> String {
        let lines: Vec<&str> = report.lines().collect();
        let at = lines.iter().position(|l| l.contains('┬') || l.contains('▲')).unwrap();
        let (snippet, underline) = (lines[at - 1], lines[at]);
        let start = underline.chars().position(|c| matches!(c, '─' | '┬' | '▲')).unwrap();
        let width = underline.chars().filter(|c| matches!(c, '─' | '┬' | '▲')).count();
        snippet.chars().skip(start).take(width).collect()
    }

    #[test]
    fn labels_point_at_their_place_after_escapes_on_the_line() {
        let text = "{\"A\u{1b}[2J\u{202e}\": {\"Fn::ImportValue\": \"x\u{7}y\"}}\n";
        let start = text.find("\"Fn").unwrap();
        let span = Span::new(start, text.find('}').unwrap());
        let report = render(&[finding_at(text, span)], &[], Style::plain());
        assert_eq!(underlined(&report), "\"Fn::ImportValue\": \"x\\u{7}y\"", "{report}");
        // The heading gives the file's column (in characters), escapes not counted.
        assert!(report.contains("[dir/\\u{202e}t.json:1:13]"), "{report}");
        assert!(report.contains("here\\u{1b}[2J") && !report.contains('\u{1b}'), "{report}");
    }

    #[test]
    fn labels_point_at_their_place_in_a_cut_line() {
        let text = format!("{}\u{1b}{{\"Fn::ImportValue\": \"x\"}}{}", "é".repeat(40_000), "y".repeat(40_000));
        let start = text.find("\"Fn").unwrap();
        let span = Span::new(start, start + "\"Fn::ImportValue\": \"x\"".len());
        let report = render(&[finding_at(&text, span)], &[], Style::plain());
        assert_eq!(underlined(&report), "\"Fn::ImportValue\": \"x\"", "{report}");
        assert!(report.contains(":1:40003]"), "{report}");
        assert!(report.lines().all(|l| l.chars().count() < 400), "{report}");
    }
}
