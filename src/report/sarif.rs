//! SARIF 2.1.0 (`--format sarif`), for GitHub code scanning and other SARIF viewers.
//!
//! One run; the driver lists every rule with its docs; each result has a real region
//! (start and end line and column) in the consumer's template, the consumer's construct
//! path as a logical location, the producer's Output as a related location, and a
//! partial fingerprint that survives lines moving. Load problems are tool execution
//! notifications, so a run that could not read everything says so.
//!
//! Built on `serde-sarif`, whose types are generated from the SARIF schema.

use std::collections::BTreeMap;
use std::path::Path;

use serde_sarif::sarif::{
    ArtifactContent, ArtifactLocation, Invocation, Location, LogicalLocation, Message, MultiformatMessageString,
    Notification, PhysicalLocation, PropertyBag, Region as SarifRegion, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use super::{Region, line_column, reported_rules, rule_docs};
use crate::diagnostic::{Finding, Severity, Site};
use crate::load::Problem;
use crate::rules::{RuleMeta, find};

const SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The key of our entry in `partialFingerprints`; the suffix versions the recipe.
pub const FINGERPRINT_KEY: &str = "cfnlintLock/v1";

fn level_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Note => ResultLevel::Note,
    }
}

/// A relative path becomes a relative URI reference (`/` separators, percent-encoded),
/// which code scanning resolves against the repository root; an absolute one becomes a
/// `file://` URI.
#[must_use]
pub fn uri(file: &Path) -> String {
    let text = file.to_string_lossy().replace('\\', "/");
    let text = text.strip_prefix("./").unwrap_or(&text);
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    if file.is_absolute() { format!("file://{out}") } else { out }
}

fn region(site: &Site) -> SarifRegion {
    let r = Region::of(site);
    let snippet = site.source.get(site.span).unwrap_or_default();
    SarifRegion::builder()
        .start_line(to_i64(r.start_line))
        .start_column(to_i64(r.start_column))
        .end_line(to_i64(r.end_line))
        .end_column(to_i64(r.end_column))
        // Viewers show it when the file is not at hand (checkov #4585 asks for this).
        .snippet(ArtifactContent::builder().text(snippet).build())
        .build()
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn physical(site: &Site) -> PhysicalLocation {
    PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri(uri(&site.file)).build())
        .region(region(site))
        .build()
}

fn logical(site: &Site) -> Vec<LogicalLocation> {
    let Some(path) = &site.construct_path else { return Vec::new() };
    let name = site.logical_id.clone().unwrap_or_else(|| path.rsplit('/').next().unwrap_or(path).to_owned());
    vec![LogicalLocation::builder().name(name).fully_qualified_name(path.clone()).kind("resource").build()]
}

fn location(site: &Site) -> Location {
    let logical = logical(site);
    let builder = Location::builder().physical_location(physical(site));
    if logical.is_empty() { builder.build() } else { builder.logical_locations(logical).build() }
}

/// 64-bit FNV-1a: tiny, and stable across Rust releases (unlike `DefaultHasher`).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Rule, consumer stack, export name and the resource holding the import: names that do
/// not move when lines do. The logical id keeps two imports of one export in one stack
/// apart, so code scanning does not fold them into one alert.
#[must_use]
pub fn fingerprint(finding: &Finding) -> String {
    let site = finding.consumer.as_ref().or(finding.producer.as_ref());
    let stack = site.map_or("", |s| s.stack.as_str());
    let holder = finding.consumer.as_ref().and_then(|s| s.logical_id.as_deref()).unwrap_or("");
    format!("{:016x}", fnv1a(&[finding.code, stack, finding.export.as_deref().unwrap_or(""), holder]))
}

/// Where a rule's documentation (its `///` text) is read on the web: its source file, at
/// this version's tag in the package's repository.
fn help_uri(meta: &RuleMeta) -> String {
    let file = format!("{}_{}", meta.code.to_ascii_lowercase(), meta.name.replace('-', "_"));
    format!("{}/blob/v{}/src/rules/{file}.rs", env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_VERSION"))
}

/// Every rule, with its docs; a code from outside the registry (a rule-pack check) gets
/// what its findings say about it.
fn rule_descriptors(findings: &[Finding]) -> Vec<ReportingDescriptor> {
    reported_rules(findings)
        .into_iter()
        .map(|(code, name)| {
            let Some(meta) = find(code).map(|r| r.meta()) else {
                let severity = findings.iter().find(|f| f.code == code).map_or(Severity::Error, |f| f.severity);
                return ReportingDescriptor::builder()
                    .id(code)
                    .name(name)
                    .short_description(MultiformatMessageString::builder().text(name).build())
                    .default_configuration(ReportingConfiguration::builder().level(level_name(severity)).build())
                    .build();
            };
            let docs = rule_docs(meta);
            ReportingDescriptor::builder()
                .id(meta.code)
                .name(meta.name)
                .help_uri(help_uri(meta))
                .short_description(MultiformatMessageString::builder().text(meta.summary).build())
                .full_description(MultiformatMessageString::builder().text(docs.clone()).build())
                .help(MultiformatMessageString::builder().text(docs.clone()).markdown(docs).build())
                .default_configuration(ReportingConfiguration::builder().level(level_name(meta.severity)).build())
                .build()
        })
        .collect()
}

fn result(finding: &Finding, rules: &[ReportingDescriptor]) -> SarifResult {
    let rule_index = rules.iter().position(|r| r.id == finding.code).map(to_i64);
    let main = finding.consumer.as_ref().or(finding.producer.as_ref());
    let related: Vec<Location> = finding
        .producer
        .iter()
        .filter(|_| finding.consumer.is_some())
        .map(|producer| {
            Location::builder()
                .id(1)
                .physical_location(physical(producer))
                .logical_locations(logical(producer))
                .message(
                    Message::builder().text(format!("`{}` exports it: {}", producer.stack, producer.label)).build(),
                )
                .build()
        })
        .collect();
    let text = format!("{}\n\n{}", finding.message, finding.help);
    let builder = SarifResult::builder()
        .rule_id(finding.code)
        .level(level(finding.severity))
        .message(Message::builder().text(text).build())
        .locations(main.map(location).into_iter().collect::<Vec<_>>())
        .partial_fingerprints(BTreeMap::from([(FINGERPRINT_KEY.to_owned(), fingerprint(finding))]));
    let mut result = builder.build();
    result.rule_index = rule_index;
    if !related.is_empty() {
        result.related_locations = Some(related);
    }
    if let Some(reference) = finding.reference {
        // How the consumer reads the value: `import`, `weak` or `cross-region`.
        let kind = BTreeMap::from([("reference".to_owned(), serde_json::Value::from(reference.as_str()))]);
        result.properties = Some(PropertyBag::builder().additional_properties(kind).build());
    }
    result
}

fn notification(problem: &Problem) -> Notification {
    let mut physical = PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri(uri(&problem.file)).build())
        .build();
    if let Some(at) = &problem.at {
        let (start_line, start_column) = line_column(&at.source, at.span.start as usize);
        let (end_line, end_column) = line_column(&at.source, at.span.end.max(at.span.start) as usize);
        physical.region = Some(
            SarifRegion::builder()
                .start_line(to_i64(start_line))
                .start_column(to_i64(start_column))
                .end_line(to_i64(end_line))
                .end_column(to_i64(end_column))
                .build(),
        );
    }
    let text = match &problem.help {
        Some(help) => format!("{}\n\n{help}", problem.message),
        None => problem.message.clone(),
    };
    Notification::builder()
        .level(level_name(problem.severity))
        .message(Message::builder().text(text).build())
        .locations(vec![Location::builder().physical_location(physical).build()])
        .build()
}

/// Renders one SARIF log (pretty-printed, newline-terminated).
#[must_use]
pub fn render(findings: &[Finding], problems: &[Problem]) -> String {
    let rules = rule_descriptors(findings);
    // The package's `repository` (Cargo.toml): where to learn more.
    let driver = ToolComponent::builder()
        .name("cfnlint-lock")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(env!("CARGO_PKG_REPOSITORY"))
        .rules(rules.clone())
        .build();
    let mut invocation = Invocation::builder().execution_successful(super::load_errors(problems) == 0).build();
    if !problems.is_empty() {
        invocation.tool_execution_notifications = Some(problems.iter().map(notification).collect());
    }
    let run = Run::builder()
        .tool(Tool::builder().driver(driver).build())
        .invocations(vec![invocation])
        // Our columns count characters, not UTF-16 code units (SARIF's default).
        .column_kind("unicodeCodePoints")
        .results(findings.iter().map(|f| result(f, &rules)).collect::<Vec<_>>())
        .build();
    let log = Sarif::builder().schema(SCHEMA).version("2.1.0").runs(vec![run]).build();
    // Serializing plain structs of strings and numbers cannot fail.
    let mut text = super::visible::ascii_safe_json(serde_json::to_string_pretty(&log).unwrap_or_default());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references_or_file_uris() {
        assert_eq!(uri(Path::new("./cdk.out/a b%.json")), "cdk.out/a%20b%25.json");
        assert_eq!(uri(Path::new("/tmp/x/é.json")), "file:///tmp/x/%C3%A9.json");
    }

    #[test]
    fn a_code_outside_the_registry_gets_a_descriptor() {
        let finding = Finding::from_user_pack(Severity::Warning);
        let log: serde_json::Value = serde_json::from_str(&render(&[finding], &[])).unwrap();
        let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        let index = log["runs"][0]["results"][0]["ruleIndex"].as_u64().unwrap();
        assert_eq!(rules[usize::try_from(index).unwrap()]["id"], "USER001");
        assert_eq!(rules[usize::try_from(index).unwrap()]["defaultConfiguration"]["level"], "warning");
    }

    #[test]
    fn every_rule_links_to_its_source_file_at_this_version() {
        let log: serde_json::Value = serde_json::from_str(&render(&[], &[])).unwrap();
        let driver = &log["runs"][0]["tool"]["driver"];
        let home = driver["informationUri"].as_str().unwrap();
        assert_eq!(home, "https://github.com/cfnlint-lock/cfnlint-lock");
        let prefix = format!("{home}/blob/v{}/", env!("CARGO_PKG_VERSION"));
        for rule in driver["rules"].as_array().unwrap() {
            let uri = rule["helpUri"].as_str().unwrap();
            let file = uri.strip_prefix(&prefix).unwrap();
            let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
            assert!(text.contains(&format!("code: \"{}\"", rule["id"].as_str().unwrap())), "{uri}");
        }
    }

    #[test]
    fn fingerprints_hash_names_not_positions() {
        assert_eq!(fnv1a(&[]), 0xcbf2_9ce4_8422_2325);
        assert_ne!(fnv1a(&["ab", "c"]), fnv1a(&["a", "bc"]));
    }
}
