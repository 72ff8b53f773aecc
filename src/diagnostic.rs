//! A finding: what a rule reports, as plain data. Rendering belongs to `report`.

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::{Arc, Weak};

use serde::Serialize;

use crate::load::node::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// How a consumer reads a value from another stack: `Fn::ImportValue` (strong: it locks
/// the export), `Fn::GetStackOutput` (weak: it locks nothing and can go stale or dangle),
/// or CDK's cross-region export reader (strong, through SSM parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reference {
    Import,
    Weak,
    CrossRegion,
}

impl Reference {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Reference::Import => "import",
            Reference::Weak => "weak",
            Reference::CrossRegion => "cross-region",
        }
    }
}

/// One rule violation between (usually) a consumer and a producer stack.
#[derive(Debug, Clone)]
pub struct Finding {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    /// How the consumer reads the value, for findings about a reference.
    pub reference: Option<Reference>,
    pub message: String,
    pub help: String,
    pub export: Option<String>,
    pub env: Option<String>,
    pub consumer: Option<Site>,
    pub producer: Option<Site>,
}

/// A place in one stack's template that a finding points at.
#[derive(Debug, Clone)]
pub struct Site {
    pub stack: String,
    pub artifact: Option<String>,
    pub file: PathBuf,
    /// The lines around `span`, enough for a snippet and exact line numbers; cut for
    /// this span (`rules::site` makes both together).
    pub source: Excerpt,
    /// What is underlined (offsets in the whole file); line and column point at its start.
    pub span: Span,
    pub label: String,
    /// Consumer: the resource (or output) holding the import. Producer: the Output.
    pub logical_id: Option<String>,
    pub construct_path: Option<String>,
}

impl Site {
    /// The byte offset its line and column are reported at: where the span starts.
    #[must_use]
    pub fn at(&self) -> u32 {
        self.span.start
    }

    /// 1-based line and column (in characters) of a byte offset of the file.
    #[must_use]
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        self.source.line_column(offset)
    }
}

/// What a finding shows of its template, not the whole template: the lines around its
/// span, each cut to a window of columns around it. A run with thousands of findings
/// keeps about a kilobyte for each, whatever the size of the templates and the length of
/// their lines (a minified template is one line), findings whose windows are the same
/// share one copy, and a snippet never reaches the columns where miette's layout gives
/// out (past 65,535). Lines and columns reported are the file's.
#[derive(Debug, Clone)]
pub struct Excerpt {
    /// The kept part of each line, each followed by `\n`.
    pub text: Arc<str>,
    /// One per line kept, in order of lines.
    pub pieces: Arc<[Piece]>,
    /// Line and column of where the spans it was cut for start and end, by file offset:
    /// known even where the window cuts a long span short.
    known: Vec<(usize, (usize, usize))>,
}

/// The kept part of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Where it starts in the file.
    pub file_offset: usize,
    /// Where it starts in [`Excerpt::text`].
    pub text_offset: usize,
    /// Its length in bytes, without the line break.
    pub len: usize,
    /// 1-based line and column (in characters) of its first character.
    pub line: usize,
    pub column: usize,
    /// Whether the line goes on before it.
    pub cut_before: bool,
    /// Whether the line goes on after it.
    pub cut_after: bool,
}

impl Excerpt {
    /// Lines kept on each side of the span: more than the one line snippets show.
    const MARGIN: usize = 3;
    /// Lines up to this long are kept whole: every line of a pretty-printed template.
    const WHOLE_LINE: usize = 1024;
    /// Bytes kept on each side of the span on a longer line.
    const COLUMNS: usize = 120;
    /// At most this much of a long span on one line is kept.
    const MAX_SPAN: usize = 2048;
    /// Windows start and end at multiples of this many bytes, so neighbours share them.
    const STEP: usize = 64;
    /// A further span is shown only within this many lines of the first.
    const NEAR: usize = 40;

    /// The lines of `text` (a whole file) around `span`, each cut around it.
    #[must_use]
    pub fn around(text: &Arc<str>, span: Span) -> Excerpt {
        Self::around_all(text, &[span])
    }

    /// Around the first of `spans`, and around each further one near enough to be shown
    /// with it ([`Excerpt::shows`] tells which are).
    #[must_use]
    pub fn around_all(text: &Arc<str>, spans: &[Span]) -> Excerpt {
        with_index(text, |index| index.excerpt(text, spans))
    }

    /// The kept text of a piece.
    #[must_use]
    pub fn piece_text(&self, piece: &Piece) -> &str {
        &self.text[piece.text_offset..piece.text_offset + piece.len]
    }

    /// Whether the start of `span` (offsets in the file) is in the kept text.
    #[must_use]
    pub fn shows(&self, span: Span) -> bool {
        self.piece_at(span.start as usize).is_some()
    }

    /// The piece holding a byte offset of the file (its end included).
    #[must_use]
    pub fn piece_at(&self, offset: usize) -> Option<&Piece> {
        self.pieces.iter().find(|p| (p.file_offset..=p.file_offset + p.len).contains(&offset))
    }

    /// 1-based line and column (in characters) of a byte offset of the file; offsets
    /// outside the kept text are taken to the nearest kept place.
    #[must_use]
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        if let Some(&(_, known)) = self.known.iter().find(|(at, _)| *at == offset) {
            return known;
        }
        let piece = self.pieces.iter().rev().find(|p| p.file_offset <= offset).or(self.pieces.first());
        piece.map_or((1, 1), |p| {
            let text = self.piece_text(p);
            let within = floor_char_boundary(text, offset.saturating_sub(p.file_offset));
            (p.line, p.column + text[..within].chars().count())
        })
    }

    /// The text of `span` (offsets in the file), when the excerpt holds all of it.
    #[must_use]
    pub fn get(&self, span: Span) -> Option<&str> {
        let (first, last) = (self.piece_at(span.start as usize)?, self.piece_at(span.end as usize)?);
        let cut_between = self
            .pieces
            .iter()
            .filter(|p| p.line >= first.line && p.line <= last.line)
            .any(|p| (p.cut_before && p.line != first.line) || (p.cut_after && p.line != last.line));
        let start = first.text_offset + (span.start as usize - first.file_offset);
        let end = last.text_offset + (span.end as usize - last.file_offset);
        (!cut_between).then(|| self.text.get(start..end)).flatten()
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Bytes between the character counts a [`LineIndex`] keeps.
const BLOCK: usize = 4096;
/// Texts indexed per thread: a finding's consumer and producer, and a few more.
const INDEXED_TEXTS: usize = 4;
/// Excerpts kept per indexed text for the next finding to share.
const SHARED_EXCERPTS: usize = 16;

thread_local! {
    /// The texts excerpts were made from most recently, newest last. The `Weak` keeps
    /// each text's allocation from being reused, so its address identifies it.
    static INDEXES: RefCell<Vec<LineIndex>> = const { RefCell::new(Vec::new()) };
}

/// Where a text's lines start and how many characters come before each block: built once
/// per text, so each finding's lines and columns cost a lookup and a short count, not a
/// scan from the start of the file (quadratic on a minified template with many findings).
struct LineIndex {
    text: Weak<str>,
    /// Offsets of every `\n`.
    newlines: Vec<u32>,
    /// (offset, characters before it) at every multiple of [`BLOCK`], floored to a
    /// character boundary.
    blocks: Vec<(u32, u32)>,
    recent: Vec<Excerpt>,
}

fn with_index<T>(text: &Arc<str>, f: impl FnOnce(&mut LineIndex) -> T) -> T {
    INDEXES.with_borrow_mut(|indexes| {
        let weak = Arc::downgrade(text);
        let index = match indexes.iter().position(|i| i.text.ptr_eq(&weak)) {
            Some(at) => indexes.remove(at),
            None => LineIndex::new(text),
        };
        if indexes.len() >= INDEXED_TEXTS {
            indexes.remove(0);
        }
        indexes.push(index);
        let last = indexes.len() - 1;
        f(&mut indexes[last])
    })
}

/// Offsets fit in u32: the loader refuses templates above 4 GiB.
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl LineIndex {
    fn new(text: &Arc<str>) -> Self {
        let newlines = text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| small(i)).collect();
        let mut blocks = Vec::with_capacity(text.len() / BLOCK + 1);
        let (mut at, mut chars) = (0, 0);
        for k in 0..=text.len() / BLOCK {
            let next = floor_char_boundary(text, k * BLOCK);
            chars += text[at..next].chars().count();
            at = next;
            blocks.push((small(at), small(chars)));
        }
        Self { text: Arc::downgrade(text), newlines, blocks, recent: Vec::new() }
    }

    /// 0-based line of an offset.
    fn line_of(&self, offset: usize) -> usize {
        self.newlines.partition_point(|&n| (n as usize) < offset)
    }

    fn line_start(&self, line: usize) -> usize {
        line.checked_sub(1).map_or(0, |before| self.newlines[before] as usize + 1)
    }

    /// Where a line's text ends: before its `\n` (or `\r\n`).
    fn line_end(&self, text: &str, line: usize) -> usize {
        let end = self.newlines.get(line).map_or(text.len(), |&n| n as usize);
        if end > self.line_start(line) && text.as_bytes()[end - 1] == b'\r' { end - 1 } else { end }
    }

    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let (at, chars) = self.blocks[offset / BLOCK];
        chars as usize + text[at as usize..offset].chars().count()
    }

    /// 1-based line and column (in characters) of a character boundary.
    fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line_of(offset);
        (line + 1, self.chars_before(text, offset) - self.chars_before(text, self.line_start(line)) + 1)
    }

    fn excerpt(&mut self, text: &Arc<str>, spans: &[Span]) -> Excerpt {
        let bounds = |span: &Span| {
            let start = floor_char_boundary(text, span.start as usize);
            (start, floor_char_boundary(text, span.end as usize).max(start))
        };
        let mut shown: Vec<(usize, usize)> = Vec::new();
        let mut windows = Vec::new();
        for span in spans {
            let mut with = shown.clone();
            with.push(bounds(span));
            if let Some(found) = self.windows(text, &with) {
                shown = with;
                windows = found;
            }
        }
        let mut pieces = Vec::with_capacity(windows.len());
        let mut text_offset = 0;
        for (line, from, to) in windows {
            let (start, end) = (self.line_start(line), self.line_end(text, line));
            let column = self.chars_before(text, from) - self.chars_before(text, start) + 1;
            let len = to - from;
            pieces.push(Piece {
                file_offset: from,
                text_offset,
                len,
                line: line + 1,
                column,
                cut_before: from > start,
                cut_after: to < end,
            });
            text_offset += len + 1;
        }
        let known = shown
            .iter()
            .flat_map(|&(start, end)| [(start, self.position(text, start)), (end, self.position(text, end))])
            .collect();
        if let Some(same) = self.recent.iter().find(|e| *e.pieces == *pieces) {
            return Excerpt { text: Arc::clone(&same.text), pieces: Arc::clone(&same.pieces), known };
        }
        let mut kept = String::with_capacity(text_offset);
        for piece in &pieces {
            kept.push_str(&text[piece.file_offset..piece.file_offset + piece.len]);
            kept.push('\n');
        }
        let excerpt = Excerpt { text: Arc::from(kept), pieces: Arc::from(pieces), known };
        if self.recent.len() >= SHARED_EXCERPTS {
            self.recent.remove(0);
        }
        self.recent.push(excerpt.clone());
        excerpt
    }

    /// For each line shown, the byte range kept: the lines of every span with a margin,
    /// each cut to a window around the spans' columns. `None` when the spans are too far
    /// apart to show together.
    fn windows(&self, text: &str, spans: &[(usize, usize)]) -> Option<Vec<(usize, usize, usize)>> {
        let lines: Vec<(usize, usize)> = spans.iter().map(|&(s, e)| (self.line_of(s), self.line_of(e))).collect();
        let first = lines.iter().map(|l| l.0).min()?;
        let last = lines.iter().map(|l| l.1).max()?;
        if last - first > 2 * Excerpt::NEAR + lines[0].1 - lines[0].0 {
            return None;
        }
        let from_line = first.saturating_sub(Excerpt::MARGIN);
        // The empty "line" after a final `\n` is shown only when a span is on it.
        let last_line = if text.ends_with('\n') && last < self.newlines.len() {
            self.newlines.len() - 1
        } else {
            self.newlines.len()
        };
        let to_line = (last + Excerpt::MARGIN).min(last_line);
        let mut windows = Vec::with_capacity(to_line - from_line + 1);
        for line in from_line..=to_line {
            let (start, end) = (self.line_start(line), self.line_end(text, line));
            let (mut lo, mut hi) = (usize::MAX, 0);
            for (&(s, e), &(ls, le)) in spans.iter().zip(&lines) {
                // Columns (bytes into the line) to keep in view on this line.
                let (cs, ce) = (s - self.line_start(ls), e - self.line_start(le));
                let (a, b) = if ls == le {
                    (cs, ce.min(cs + Excerpt::MAX_SPAN))
                } else if line >= le {
                    (ce, ce)
                } else {
                    (cs, cs)
                };
                lo = lo.min(a.saturating_sub(Excerpt::COLUMNS) / Excerpt::STEP * Excerpt::STEP);
                hi = hi.max((b + Excerpt::COLUMNS).div_ceil(Excerpt::STEP) * Excerpt::STEP);
            }
            if hi - lo > 2 * (Excerpt::COLUMNS + Excerpt::MAX_SPAN) {
                return None;
            }
            if end - start <= Excerpt::WHOLE_LINE {
                (lo, hi) = (0, end - start);
            }
            let from = floor_char_boundary(text, (start + lo).min(end));
            let to = floor_char_boundary(text, (start + hi).min(end)).max(from);
            windows.push((line, from, to));
        }
        Some(windows)
    }
}

impl Finding {
    /// A pack check's finding (`USER001`), with no sites: what renderers meet from codes
    /// outside the registry.
    #[cfg(test)]
    pub(crate) fn from_user_pack(severity: Severity) -> Finding {
        Finding {
            code: "USER001",
            rule: "no-public-exports",
            severity,
            reference: None,
            message: "m".into(),
            help: "h".into(),
            export: None,
            env: None,
            consumer: None,
            producer: None,
        }
    }

    /// The order findings are reported in: by file, place, code, then the other side.
    #[must_use]
    pub fn sort_key(&self) -> (PathBuf, u32, &'static str, PathBuf, u32, String) {
        let (file, at) = self
            .consumer
            .as_ref()
            .or(self.producer.as_ref())
            .map_or_else(Default::default, |s| (s.file.clone(), s.at()));
        let (other_file, other_at) = self.producer.as_ref().map_or_else(Default::default, |s| (s.file.clone(), s.at()));
        (file, at, self.code, other_file, other_at, self.message.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt(text: &str, start: usize, end: usize) -> (Arc<str>, Excerpt) {
        let text: Arc<str> = Arc::from(text);
        let excerpt = Excerpt::around(&text, Span::new(start, end));
        (text, excerpt)
    }

    #[test]
    fn a_long_line_keeps_a_window_with_the_file_columns() {
        let line = format!("{}\"Fn::ImportValue\": \"x\"{}", "a".repeat(100_000), "b".repeat(100_000));
        let (_, e) = excerpt(&line, 100_000, 100_022);
        assert!(e.text.len() < 2 * Excerpt::COLUMNS + 2 * Excerpt::STEP + 22, "{}", e.text.len());
        assert_eq!(e.line_column(100_000), (1, 100_001));
        assert_eq!(e.line_column(100_022), (1, 100_023));
        assert_eq!(e.get(Span::new(100_000, 100_022)), Some("\"Fn::ImportValue\": \"x\""));
        assert!(e.pieces[0].cut_before && e.pieces[0].cut_after);
    }

    #[test]
    fn a_span_longer_than_the_window_keeps_its_end_position() {
        let line = format!("{{\"A\": \"{}\"}}", "é".repeat(5_000));
        let (_, e) = excerpt(&line, 1, line.len() - 1);
        assert!(e.text.len() < 4 * (Excerpt::COLUMNS + Excerpt::MAX_SPAN));
        assert_eq!(e.line_column(line.len() - 1), (1, line.chars().count()));
        assert_eq!(e.get(Span::new(1, line.len() - 1)), None, "cut: not all of it is held");
    }

    #[test]
    fn short_lines_are_whole_and_crlf_is_a_line_break() {
        let text = "{\r\n  \"A\": 1,\r\n  \"B\": 2\r\n}\r\n";
        let (_, e) = excerpt(text, 16, 19);
        assert_eq!(&*e.text, "{\n  \"A\": 1,\n  \"B\": 2\n}\n");
        assert_eq!(e.line_column(16), (3, 3));
        assert_eq!(e.get(Span::new(16, 19)), Some("\"B\""));
        assert!(e.pieces.iter().all(|p| !p.cut_before && !p.cut_after));
    }

    #[test]
    fn neighbours_on_a_line_share_one_window() {
        let line = format!("{}{}", "x".repeat(50_000), "{\"Fn::ImportValue\": \"e\"},".repeat(3));
        let text: Arc<str> = Arc::from(line);
        let a = Excerpt::around(&text, Span::new(50_000, 50_010));
        let b = Excerpt::around(&text, Span::new(50_025, 50_035));
        assert!(Arc::ptr_eq(&a.text, &b.text) && Arc::ptr_eq(&a.pieces, &b.pieces));
        assert_eq!(b.line_column(50_025), (1, 50_026));
    }

    #[test]
    fn a_further_span_far_away_is_left_out() {
        let text: String = (0..200).map(|i| format!("line {i}\n")).collect();
        let text: Arc<str> = Arc::from(text);
        let first = text.find("line 150").unwrap();
        let near = text.find("line 148").unwrap();
        let far = text.find("line 10\n").unwrap();
        let e = Excerpt::around_all(&text, &[Span::new(first, first + 4), Span::new(near, near + 4)]);
        assert!(e.shows(Span::new(near, near + 4)));
        let e = Excerpt::around_all(&text, &[Span::new(first, first + 4), Span::new(far, far + 4)]);
        assert!(!e.shows(Span::new(far, far + 4)) && e.pieces.len() == 7);
        assert_eq!(e.line_column(first), (151, 1));
    }
}
