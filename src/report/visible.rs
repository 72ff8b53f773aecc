//! The one sanitiser for text from the input shown to a person: snippets, file names,
//! stack, export and construct names, messages and help built from them, graph labels.
//!
//! A template is written by whoever opens the pull request. Printed raw, its bytes could
//! drive the terminal or the CI log viewer (an escape sequence sets the title, clears the
//! screen or plants an OSC 8 link), reorder what is read ("Trojan Source" bidi controls),
//! break a line where none shows (U+2028, U+2029, U+0085), or form a GitHub workflow
//! command in the log (`::cmd::` at the start of a line, `##[cmd]` anywhere). Each such
//! character is made visible as `\u{…}` rather than dropped, so a reader sees that it is
//! there; the escapes use only ASCII letters, digits, `\`, `{` and `}`.

use std::borrow::Cow;

/// Whether `c` is shown escaped: C0 and C1 controls, DEL, the line and paragraph
/// separators, and the default-ignorable code points.
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || is_default_ignorable(c)
}

/// Unicode's Default_Ignorable_Code_Point: invisible characters (the bidi embeddings,
/// overrides, isolates and marks of "Trojan Source", zero-width characters, the soft
/// hyphen, variation selectors, tags), which culture-aware string matching such as the
/// runner's search for `##[` also skips.
#[must_use]
pub fn is_default_ignorable(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// How `c` is shown when [`is_unsafe`]: `\u{1b}`.
#[must_use]
pub fn escaped(c: char) -> String {
    format!("\\u{{{:x}}}", u32::from(c))
}

/// Text for one line: every unsafe character escaped, line breaks included.
#[must_use]
pub fn visible(text: &str) -> Cow<'_, str> {
    sanitise(text, |_| false)
}

/// A line of a snippet: like [`visible`], but tabs stay (miette lays them out).
#[must_use]
pub fn visible_snippet(text: &str) -> Cow<'_, str> {
    sanitise(text, |c| c == '\t')
}

/// Text that may span lines of our own (a message, a help text): like [`visible`], but
/// `\n` and `\t` stay.
#[must_use]
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    sanitise(text, |c| matches!(c, '\n' | '\t'))
}

/// Escapes what `keep` does not keep, and breaks the two forms of workflow command: `##[`
/// anywhere loses its second `#`, and `::` at the start of a word (where a wrapped line
/// may start) its first `:`.
fn sanitise(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.char_indices().any(|(i, c)| escapes(text, i, c, &keep)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, c) in text.char_indices() {
        if escapes(text, i, c, &keep) {
            out.push_str(&escaped(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn escapes(text: &str, i: usize, c: char, keep: &impl Fn(char) -> bool) -> bool {
    (is_unsafe(c) && !keep(c)) || command_start(text, i, c) || legacy_command(text, i, c)
}

/// JSON text (a whole document) with every unsafe character inside its strings written
/// as a `\u` escape, and the second `#` of `##[` too: the same data to a parser, and no
/// raw control or bidi character for a person who opens the file, no workflow command
/// for a runner that reads it in a log. serde_json escapes only C0 controls itself.
#[must_use]
pub fn ascii_safe_json(json: String) -> String {
    // Raw line breaks are the document's own: serde_json escapes them inside strings.
    let inside = |i: usize, c: char| (is_unsafe(c) && c != '\n') || legacy_command(&json, i, c);
    if !json.char_indices().any(|(i, c)| inside(i, c)) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for (i, c) in json.char_indices() {
        if inside(i, c) {
            let mut units = [0; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Each character of one snippet line as [`visible_snippet`] shows it: its offset in `text` and how many
/// bytes it takes shown. Maps places in the text to places in what is shown.
pub fn widths(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let keep = |c: char| c == '\t';
    text.char_indices().map(move |(i, c)| (i, if escapes(text, i, c, &keep) { escaped(c).len() } else { c.len_utf8() }))
}

/// The first `:` of `::` at the start of the text or after whitespace.
fn command_start(text: &str, i: usize, c: char) -> bool {
    c == ':' && text[i + 1..].starts_with(':') && text[..i].chars().next_back().is_none_or(char::is_whitespace)
}

/// The second `#` of `##[`.
fn legacy_command(text: &str, i: usize, c: char) -> bool {
    c == '#' && text[i + 1..].starts_with('[') && text[..i].ends_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_bidi_and_separators_are_shown_escaped() {
        assert_eq!(visible("a\u{1b}]0;x\u{7}b"), "a\\u{1b}]0;x\\u{7}b");
        assert_eq!(visible("\u{7f}\u{85}\u{9b}\u{2028}\u{2029}"), "\\u{7f}\\u{85}\\u{9b}\\u{2028}\\u{2029}");
        assert_eq!(visible("x\u{202e}y\u{2066}z\u{2069}"), "x\\u{202e}y\\u{2066}z\\u{2069}");
        assert_eq!(visible("a\r\nb\tc"), "a\\u{d}\\u{a}b\\u{9}c");
        assert_eq!(visible_lines("a\r\nb\tc"), "a\\u{d}\nb\tc");
    }

    #[test]
    fn invisible_characters_are_shown() {
        assert_eq!(visible("#\u{ad}#[x] :\u{200b}:y \u{feff}"), "#\\u{ad}#[x] :\\u{200b}:y \\u{feff}");
    }

    #[test]
    fn json_keeps_its_data_and_loses_raw_controls() {
        let json = serde_json::to_string("a\u{1b}\u{202e}\u{85}\u{2028}\u{e0041}##[x]").unwrap();
        let safe = ascii_safe_json(json);
        assert_eq!(safe, r#""a\u001b\u202e\u0085\u2028\udb40\udc41#\u0023[x]""#);
        assert_eq!(serde_json::from_str::<String>(&safe).unwrap(), "a\u{1b}\u{202e}\u{85}\u{2028}\u{e0041}##[x]");
    }

    #[test]
    fn ordinary_text_is_borrowed_unchanged() {
        let text = "arn:aws:iam::123456789012:role/x é 日本 `Fn::ImportValue` #1 [a]";
        assert!(matches!(visible(text), Cow::Borrowed(t) if t == text));
    }

    #[test]
    fn widths_add_up_to_the_shown_text() {
        let text = "a\u{1b}::b##[c]é\t\u{200b}";
        let shown: usize = widths(text).map(|(_, w)| w).sum();
        assert_eq!(shown, visible_snippet(text).len());
    }

    #[test]
    fn workflow_commands_cannot_form() {
        assert_eq!(visible("::error::x"), "\\u{3a}:error::x");
        assert_eq!(visible_lines("a\n  ::add-mask::x"), "a\n  \\u{3a}:add-mask::x");
        assert_eq!(visible("x ##[add-mask]y ###[z]"), "x #\\u{23}[add-mask]y ##\\u{23}[z]");
    }
}
