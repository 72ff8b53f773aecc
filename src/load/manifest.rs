//! `manifest.json` of a cloud assembly, read leniently: every schema version from 0.19.0
//! on, unknown fields and artifact types ignored.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The newest cloud-assembly schema major this build was written against (aws-cdk-lib
/// 2.276 writes 55.x). A newer major is still read, with a warning.
pub const NEWEST_KNOWN_SCHEMA_MAJOR: u64 = 55;

/// The oldest cloud-assembly schema this build reads (the README's range starts there;
/// CDK v1 apps of 2020 wrote it). An older one is read with a warning.
pub const OLDEST_KNOWN_SCHEMA: (u64, u64) = (0, 19);

pub const STACK: &str = "aws:cloudformation:stack";
pub const NESTED_ASSEMBLY: &str = "cdk:cloud-assembly";
pub const ASSET_MANIFEST: &str = "cdk:asset-manifest";

/// The top level. Artifacts stay raw JSON (slices of the manifest's text) and are read
/// one by one, so a malformed artifact is reported alone and the others still load.
#[derive(Debug, Deserialize)]
pub struct Manifest<'t> {
    pub version: String,
    #[serde(borrow, default)]
    pub artifacts: BTreeMap<String, &'t serde_json::value::RawValue>,
    #[serde(default)]
    pub missing: Vec<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Artifact {
    #[serde(rename = "type")]
    pub kind: String,
    pub environment: Option<String>,
    #[serde(default)]
    pub metadata: BTreeMap<String, Vec<MetadataEntry>>,
    pub additional_metadata_file: Option<String>,
    #[serde(default)]
    pub dependencies: Vec<String>,
    #[serde(default)]
    pub properties: Properties,
    pub display_name: Option<String>,
}

/// The union of the properties of the artifact types cfnlint-lock reads.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Properties {
    pub template_file: Option<String>,
    pub stack_name: Option<String>,
    pub directory_name: Option<String>,
    pub display_name: Option<String>,
    pub file: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct MetadataEntry {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub data: serde_json::Value,
}

/// `*.assets.json`: only what maps a nested template's S3 object key to its file.
#[derive(Debug, Default, Deserialize)]
pub struct AssetManifest {
    #[serde(default)]
    pub files: BTreeMap<String, FileAsset>,
}

#[derive(Debug, Deserialize)]
pub struct FileAsset {
    pub source: FileSource,
}

#[derive(Debug, Deserialize)]
pub struct FileSource {
    pub path: Option<String>,
}

/// The major of a `"<major>.<minor>.<patch>"` schema version.
#[must_use]
pub fn schema_major(version: &str) -> Option<u64> {
    version.split('.').next()?.parse().ok()
}

/// The major and minor of a `"<major>.<minor>.<patch>"` schema version.
#[must_use]
pub fn schema_major_minor(version: &str) -> Option<(u64, u64)> {
    let mut parts = version.split('.');
    Some((parts.next()?.parse().ok()?, parts.next().map_or(Some(0), |m| m.parse().ok())?))
}

/// An `aws://account/region` environment; `None` for `unknown-account`/`unknown-region`
/// (environment-agnostic stacks take both from the deploying credentials).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Env {
    pub account: Option<String>,
    pub region: Option<String>,
}

impl Env {
    #[must_use]
    pub fn parse(text: &str) -> Option<Env> {
        let rest = text.strip_prefix("aws://")?;
        let (account, region) = rest.split_once('/')?;
        let known = |s: &str, unknown: &str| (!s.is_empty() && s != unknown).then(|| s.to_owned());
        Some(Env { account: known(account, "unknown-account"), region: known(region, "unknown-region") })
    }

    /// Whether an import in `self` can see an export in `other`: equal where both are
    /// known; an unknown side could be anything, so it matches.
    #[must_use]
    pub fn can_reach(&self, other: &Env) -> bool {
        let fits = |a: &Option<String>, b: &Option<String>| a.is_none() || b.is_none() || a == b;
        fits(&self.account, &other.account) && fits(&self.region, &other.region)
    }
}

impl std::fmt::Display for Env {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "aws://{}/{}",
            self.account.as_deref().unwrap_or("unknown-account"),
            self.region.as_deref().unwrap_or("unknown-region")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_environments() {
        let env = Env::parse("aws://111111111111/us-east-1").unwrap();
        assert_eq!(env.to_string(), "aws://111111111111/us-east-1");
        let agnostic = Env::parse("aws://unknown-account/unknown-region").unwrap();
        assert_eq!(agnostic, Env::default());
        assert!(agnostic.can_reach(&env));
        assert!(!env.can_reach(&Env::parse("aws://111111111111/eu-west-1").unwrap()));
    }

    #[test]
    fn reads_schema_majors() {
        assert_eq!(schema_major("0.19.0"), Some(0));
        assert_eq!(schema_major("38.0.1"), Some(38));
        assert_eq!(schema_major("x"), None);
    }
}
