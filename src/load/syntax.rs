//! What the parsers report when a file is not well-formed, and the limits they enforce.

use super::node::Span;

/// Deeper than any real template; low enough that recursive parsing cannot overflow.
pub const MAX_DEPTH: usize = 256;

/// A parse failure at a place in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
    /// A second place worth showing (the first occurrence of a duplicate key).
    pub related: Option<(Span, String)>,
}

impl SyntaxError {
    #[must_use]
    pub fn new(message: String, span: Span) -> Self {
        Self { message, span, related: None }
    }

    #[must_use]
    pub fn duplicate_key(key: &str, span: Span, first: Span) -> Self {
        Self {
            message: format!("duplicate key `{key}`"),
            span,
            related: Some((first, "first defined here".to_owned())),
        }
    }
}

/// Refuses nesting deeper than [`MAX_DEPTH`] with one linear scan over the bytes,
/// skipping strings, before any recursive parser sees the text.
pub fn check_depth(text: &str) -> Result<(), SyntaxError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(SyntaxError::new(
                        format!("values are nested deeper than {MAX_DEPTH} levels"),
                        Span::new(i, i + 1),
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}
