//! Strict JSON into [`Node`]s with byte spans (templates, via `jsonc-parser`'s AST, which
//! keeps a range on every node; `serde_json` has none).

use jsonc_parser::ast;
use jsonc_parser::{CollectOptions, CommentCollectionStrategy, ParseOptions};

use super::node::{Entry, Node, Span, Value};
use super::syntax::{SyntaxError, check_depth};

/// Parses one JSON document. Comments, trailing commas and the other JSON5 liberties that
/// `jsonc-parser` can accept are refused: CloudFormation refuses them too.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
