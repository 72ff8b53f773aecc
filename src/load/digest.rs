//! Template values in a form that ignores key order and layout, and their digests.

use sha2::{Digest, Sha256};

use super::node::{Node, Value};

/// A template value as JSON with sorted keys, so comparisons ignore key order and layout.
#[must_use]
pub fn canonical(node: &Node) -> serde_json::Value {
    match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        // Numbers compare as written: CloudFormation passes them on as strings.
        Value::Number(n) | Value::String(n) => serde_json::Value::String(n.clone()),
        Value::Seq(items) => serde_json::Value::Array(items.iter().map(canonical).collect()),
        // serde_json's map is a BTreeMap (no `preserve_order`): keys come out sorted.
        Value::Map(entries) => {
            serde_json::Value::Object(entries.iter().map(|e| (e.key.clone(), canonical(&e.value))).collect())
        }
    }
}

/// `sha256:<hex>` of a resource's key-sorted `Properties` (absent properties hash as
/// `null`). Lockfiles store it, so the text hashed must never change.
#[must_use]
pub fn properties_digest(properties: Option<&Node>) -> String {
    let properties = properties.map_or(serde_json::Value::Null, canonical);
    let text = serde_json::to_string(&properties).unwrap_or_default();
    let hash = Sha256::digest(text.as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}
