//! Strict JSON into [`Node`]s with byte spans (templates; `serde_json` keeps no spans).
//!
//! Two parsers, one behaviour. [`fast`] builds `Node`s straight from the bytes and accepts
//! only what RFC 8259 allows; on anything else (a syntax error, a duplicate key, an odd
//! escape, nesting past [`MAX_DEPTH`](super::syntax::MAX_DEPTH)) it gives up without a
//! message, and `jsonc-parser`'s AST, which keeps a range on every node, parses the text
//! again to accept it or word the error. Every real template takes the fast path, which
//! costs about what `serde_json::Value` does; the slow one is the reference that the error
//! messages and the differential tests below come from.

use jsonc_parser::ast;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};

use super::node::{Entry, Node, Span, Value};
use super::syntax::{SyntaxError, check_depth};

/// Parses one JSON document. Comments, trailing commas and the other JSON5 liberties that
/// `jsonc-parser` can accept are refused: CloudFormation refuses them too.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    if let Some(root) = fast::parse(text) {
        return Ok(root);
    }
    parse_slow(text)
}

/// The reference parser: `jsonc-parser` in strict mode, converted to `Node`s.
fn parse_slow(text: &str) -> Result<Node, SyntaxError> {
    // jsonc-parser recurses once per nesting level; refuse absurd nesting before it can
    // exhaust the stack.
    check_depth(text)?;
    if text.starts_with('\u{feff}') {
        return Err(SyntaxError::new(
            "the file starts with a byte-order mark (U+FEFF), which JSON does not allow; save it as UTF-8 without BOM"
                .into(),
            Span::new(0, 3),
        ));
    }
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = CollectOptions { comments: CommentCollectionStrategy::Off, tokens: false };
    let parsed = jsonc_parser::parse_to_ast(text, &collect, &strict).map_err(|e| {
        let range = e.range();
        SyntaxError::new(lowercase_first(&e.kind().to_string()), Span::new(range.start, range.end))
    })?;
    let Some(root) = parsed.value else {
        let what = if text.trim().is_empty() { "the file is empty" } else { "the file holds no JSON value" };
        return Err(SyntaxError::new(what.into(), Span::new(0, 0)));
    };
    convert(root)
}

fn convert(value: ast::Value<'_>) -> Result<Node, SyntaxError> {
    Ok(match value {
        ast::Value::StringLit(s) => node(s.range, Value::String(s.value.into_owned())),
        ast::Value::NumberLit(n) => node(n.range, Value::Number(n.value.to_owned())),
        ast::Value::BooleanLit(b) => node(b.range, Value::Bool(b.value)),
        ast::Value::NullKeyword(n) => node(n.range, Value::Null),
        ast::Value::Array(a) => {
            let items = a.elements.into_iter().map(convert).collect::<Result<_, _>>()?;
            node(a.range, Value::Seq(items))
        }
        ast::Value::Object(o) => {
            let mut entries: Vec<Entry> = Vec::with_capacity(o.properties.len());
            for prop in o.properties {
                let (key, key_range) = match prop.name {
                    ast::ObjectPropName::String(s) => (s.value.into_owned(), s.range),
                    ast::ObjectPropName::Word(w) => (w.value.to_owned(), w.range),
                };
                let key_span = Span::new(key_range.start, key_range.end);
                if let Some(first) = entries.iter().find(|e| e.key == key) {
                    return Err(SyntaxError::duplicate_key(&key, key_span, first.key_span));
                }
                entries.push(Entry { key, key_span, value: convert(prop.value)? });
            }
            node(o.range, Value::Map(entries))
        }
    })
}

fn node(range: jsonc_parser::common::Range, value: Value) -> Node {
    Node::new(Span::new(range.start, range.end), value)
}

fn lowercase_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A span-keeping recursive-descent parser for strict JSON that never reports errors: it
/// returns `None` and leaves the wording to `jsonc-parser`.
mod fast {
    use super::super::node::{Entry, Node, Span, Value};
    use super::super::syntax::MAX_DEPTH;

    pub fn parse(text: &str) -> Option<Node> {
        let mut parser = Parser { text, bytes: text.as_bytes(), at: 0, entries: Vec::new(), items: Vec::new() };
        parser.skip_whitespace();
        let root = parser.value(0)?;
        parser.skip_whitespace();
        (parser.at == parser.bytes.len()).then_some(root)
    }

    struct Parser<'t> {
        text: &'t str,
        bytes: &'t [u8],
        at: usize,
        /// Scratch stacks shared by every level: a mapping's entries (a list's items) are
        /// pushed here and moved into a `Vec` of exactly their number when it closes, so
        /// no tree node carries spare capacity.
        entries: Vec<Entry>,
        items: Vec<Node>,
    }

    impl Parser<'_> {
        fn peek(&self) -> Option<u8> {
            self.bytes.get(self.at).copied()
        }

        /// JSON's four whitespace characters only; `jsonc-parser` takes more, so a file
        /// with others goes to it.
        fn skip_whitespace(&mut self) {
            while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
                self.at += 1;
            }
        }

        fn value(&mut self, depth: usize) -> Option<Node> {
            let start = self.at;
            let value = match self.peek()? {
                b'{' => return self.map(depth + 1),
                b'[' => return self.seq(depth + 1),
                b'"' => Value::String(self.string()?),
                b't' => self.word("true", Value::Bool(true))?,
                b'f' => self.word("false", Value::Bool(false))?,
                b'n' => self.word("null", Value::Null)?,
                b'-' | b'0'..=b'9' => Value::Number(self.number()?.to_owned()),
                _ => return None,
            };
            Some(Node::new(Span::new(start, self.at), value))
        }

        fn map(&mut self, depth: usize) -> Option<Node> {
            if depth > MAX_DEPTH {
                return None;
            }
            let start = self.at;
            self.at += 1;
            let first = self.entries.len();
            self.skip_whitespace();
            if self.peek()? == b'}' {
                self.at += 1;
                return Some(Node::new(Span::new(start, self.at), Value::Map(Vec::new())));
            }
            loop {
                if self.peek()? != b'"' {
                    return None;
                }
                let key_start = self.at;
                let key = self.string()?;
                let key_span = Span::new(key_start, self.at);
                self.skip_whitespace();
                if self.peek()? != b':' {
                    return None;
                }
                self.at += 1;
                self.skip_whitespace();
                let value = self.value(depth)?;
                self.entries.push(Entry { key, key_span, value });
                self.skip_whitespace();
                match self.peek()? {
                    b',' => {
                        self.at += 1;
                        self.skip_whitespace();
                    }
                    b'}' => {
                        self.at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
            let entries: Vec<Entry> = self.entries.drain(first..).collect();
            if has_duplicate_key(&entries) {
                return None;
            }
            Some(Node::new(Span::new(start, self.at), Value::Map(entries)))
        }

        fn seq(&mut self, depth: usize) -> Option<Node> {
            if depth > MAX_DEPTH {
                return None;
            }
            let start = self.at;
            self.at += 1;
            let first = self.items.len();
            self.skip_whitespace();
            if self.peek()? == b']' {
                self.at += 1;
                return Some(Node::new(Span::new(start, self.at), Value::Seq(Vec::new())));
            }
            loop {
                let item = self.value(depth)?;
                self.items.push(item);
                self.skip_whitespace();
                match self.peek()? {
                    b',' => {
                        self.at += 1;
                        self.skip_whitespace();
                    }
                    b']' => {
                        self.at += 1;
                        break;
                    }
                    _ => return None,
                }
            }
            let items = self.items.drain(first..).collect();
            Some(Node::new(Span::new(start, self.at), Value::Seq(items)))
        }

        /// A literal word, which must end where a token may: `truex` is no JSON.
        fn word(&mut self, word: &str, value: Value) -> Option<Value> {
            if !self.bytes[self.at..].starts_with(word.as_bytes()) {
                return None;
            }
            self.at += word.len();
            self.ends_token().then_some(value)
        }

        fn ends_token(&self) -> bool {
            matches!(self.peek(), None | Some(b' ' | b'\n' | b'\r' | b'\t' | b',' | b']' | b'}'))
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, as written.
        fn number(&mut self) -> Option<&str> {
            let start = self.at;
            if self.peek() == Some(b'-') {
                self.at += 1;
            }
            match self.peek()? {
                b'0' => self.at += 1,
                b'1'..=b'9' => self.digits(),
                _ => return None,
            }
            if self.peek() == Some(b'.') {
                self.at += 1;
                if !self.peek()?.is_ascii_digit() {
                    return None;
                }
                self.digits();
            }
            if let Some(b'e' | b'E') = self.peek() {
                self.at += 1;
                if let Some(b'+' | b'-') = self.peek() {
                    self.at += 1;
                }
                if !self.peek()?.is_ascii_digit() {
                    return None;
                }
                self.digits();
            }
            // `01` and `1x` end here: not JSON.
            self.ends_token().then(|| &self.text[start..self.at])
        }

        fn digits(&mut self) {
            while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                self.at += 1;
            }
        }

        /// A string at the opening quote, decoded. Raw control characters, unknown escapes
        /// and unpaired surrogates give up (`jsonc-parser` is more lenient with some).
        fn string(&mut self) -> Option<String> {
            self.at += 1;
            let start = self.at;
            // Quote, backslash and control bytes are ASCII, never inside a multi-byte
            // character, so scanning bytes keeps `start..at` on char boundaries.
            loop {
                match *self.bytes.get(self.at)? {
                    b'"' => {
                        let text = self.text[start..self.at].to_owned();
                        self.at += 1;
                        return Some(text);
                    }
                    b'\\' => break,
                    0..0x20 => return None,
                    _ => self.at += 1,
                }
            }
            let mut out = String::from(&self.text[start..self.at]);
            loop {
                let run = self.at;
                loop {
                    match *self.bytes.get(self.at)? {
                        b'"' | b'\\' => break,
                        0..0x20 => return None,
                        _ => self.at += 1,
                    }
                }
                out.push_str(&self.text[run..self.at]);
                if self.bytes[self.at] == b'"' {
                    self.at += 1;
                    return Some(out);
                }
                self.at += 1;
                let decoded = match *self.bytes.get(self.at)? {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\u{08}',
                    b'f' => '\u{0C}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    b'u' => {
                        let high = self.hex4()?;
                        match high {
                            0xD800..=0xDBFF => {
                                if self.bytes.get(self.at + 1..self.at + 3)? != b"\\u" {
                                    return None;
                                }
                                self.at += 2;
                                let low = self.hex4()?;
                                if !(0xDC00..=0xDFFF).contains(&low) {
                                    return None;
                                }
                                char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?
                            }
                            _ => char::from_u32(high)?,
                        }
                    }
                    _ => return None,
                };
                out.push(decoded);
                self.at += 1;
            }
        }

        /// The four hex digits after `\u` (`at` on the `u`); leaves `at` on the last digit.
        fn hex4(&mut self) -> Option<u32> {
            let digits = self.text.get(self.at + 1..self.at + 5)?;
            if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            self.at += 4;
            u32::from_str_radix(digits, 16).ok()
        }
    }

    /// Small mappings compare pairwise; large ones (a template's `Resources`) sort their keys.
    fn has_duplicate_key(entries: &[Entry]) -> bool {
        if entries.len() <= 16 {
            return entries.iter().enumerate().any(|(i, e)| entries[..i].iter().any(|f| f.key == e.key));
        }
        let mut keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
        keys.sort_unstable();
        keys.windows(2).any(|w| w[0] == w[1])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast parser agrees with `jsonc-parser` (values and every span) wherever it
    /// accepts, and gives up wherever `jsonc-parser` refuses.
    fn agrees(text: &str) {
        let slow = parse_slow(text);
        // Where the fast parser gives up, the slow parser's verdict stands either way.
        if let Some(fast) = fast::parse(text) {
            assert_eq!(Ok(&fast), slow.as_ref(), "{text:?}");
        }
        assert_eq!(parse(text), slow, "{text:?}");
    }

    #[test]
    fn fast_parser_agrees_with_jsonc_parser() {
        let cases = [
            r#"{"a": {"Ref": "X"}, "b": [1, -2.5e+3, 0, 0.5, 1E5, true, false, null, "", []], "c": {}}"#,
            "  {\"é\": \"ü\\u00e9\\ud83d\\ude00\\n\\\"\\\\\\/\\b\\f\\r\\t\", \"z\": \"日本\"}  \n",
            r#""just a string""#,
            "[1, 2,]",
            "{\"a\": 1,}",
            "[01]",
            "[1.]",
            "[.5]",
            "[+1]",
            "[-]",
            "[1e]",
            "[truex]",
            "[tru]",
            "{\"a\" 1}",
            "{a: 1}",
            "{'a': 1}",
            "[\"\\ud800\"]",
            "[\"\\udc00\"]",
            "[\"\\ud800\\u0041\"]",
            "[\"\\x41\"]",
            "[\"\\'\"]",
            "[\"a\tb\"]",
            "[\"a\nb\"]",
            "{} {}",
            "",
            "   ",
            "\u{feff}{}",
            "{\u{a0}}",
            "[1 // c\n]",
            "[NaN, Infinity]",
            "[-Infinity]",
            "[0x10]",
            "{\"a\": 1, \"a\": 2}",
            "[\"unterminated",
            "{\"a\": [",
        ];
        for case in cases {
            agrees(case);
        }
        let many: String = (0..40).map(|i| format!("\"k{}\": {i}", i % 39)).collect::<Vec<_>>().join(",");
        agrees(&format!("{{{many}}}"));
        agrees(&format!("{}{}", "[".repeat(256), "]".repeat(256)));
        agrees(&format!("{}{}", "[".repeat(257), "]".repeat(257)));
    }

    #[test]
    fn fast_parser_agrees_on_every_fixture_and_corpus_template() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut checked, mut accepted) = (0, 0);
        for dir in [root.join("rules"), root.join("fixtures"), root.join("../shared/corpus/real")] {
            for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "json") && entry.file_type().is_file() {
                    let Ok(text) = std::fs::read_to_string(path) else { continue };
                    let slow = parse_slow(&text);
                    if let Some(fast) = fast::parse(&text) {
                        assert_eq!(Ok(fast), slow, "{}", path.display());
                        accepted += 1;
                    }
                    checked += 1;
                }
            }
        }
        // Most are well-formed templates, which must take the fast path.
        assert!(accepted > checked / 2, "{accepted} of {checked} took the fast path");
    }

    #[test]
    fn keeps_spans_of_keys_and_values() {
        let text = r#"{"a": {"Ref": "X"}}"#;
        let root = parse(text).unwrap();
        let a = root.entry("a").unwrap();
        assert_eq!(&text[a.key_span.start as usize..a.key_span.end as usize], "\"a\"");
        assert_eq!(a.value.as_intrinsic().unwrap().0, "Ref");
    }

    #[test]
    fn refuses_duplicate_keys_and_trailing_commas() {
        assert!(parse(r#"{"a": 1, "a": 2}"#).unwrap_err().message.contains("duplicate key `a`"));
        assert!(parse(r#"{"a": 1,}"#).is_err());
    }

    #[test]
    fn refuses_deep_nesting_without_overflowing_the_stack() {
        let text = "[".repeat(100_000);
        assert!(parse(&text).unwrap_err().message.contains("nested deeper"));
    }
}
