//! What the README's Security section promises: nothing outside the PATHs is read,
//! whichever manifest field names the file and however it escapes (`..`, an absolute
//! path, a symlink; a Stage folder linked outside is not entered), and the code reads no
//! environment variable but the two the CLI documents, and opens no network connection.

use std::path::{Path, PathBuf};

use cfnlint_lock::{Severity, check, load};

/// A template whose export would show up in the graph if it were ever read.
const SECRET: &str = r#"{"Resources": {"T": {"Type": "AWS::SQS::Queue"}}, "Outputs": {"O": {"Value": "x", "Export": {"Name": "SECRET-EXPORT"}}}}"#;
const PLAIN: &str = r#"{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}"#;

/// The manifest fields (and the template metadata) that name a file or folder.
#[derive(Debug, Clone, Copy)]
enum Kind {
    TemplateFile,
    DirectoryName,
    AdditionalMetadataFile,
    AssetManifestFile,
    NestedStackTemplate,
}

#[derive(Debug, Clone, Copy)]
enum Escape {
    ParentDir,
    Absolute,
    Symlink,
}

/// An assembly in `root/app` naming, through `kind`, a file or folder in `root/outside`
/// reached by `escape`. Returns the assembly folder.
fn assembly(root: &Path, kind: Kind, escape: Escape) -> PathBuf {
    let app = root.join("app");
    let outside = root.join("outside");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::create_dir_all(outside.join("stage")).unwrap();
    // Everything outside is readable and would add `SECRET-EXPORT` if it were read.
    std::fs::write(outside.join("secret.json"), SECRET).unwrap();
    std::fs::write(outside.join("stage/Secret.template.json"), SECRET).unwrap();
    std::fs::write(
        outside.join("stage/manifest.json"),
        r#"{"version": "38.0.1", "artifacts": {"Secret": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "Secret.template.json"}}}}"#,
    )
    .unwrap();
    let target = if matches!(kind, Kind::DirectoryName) { "stage" } else { "secret.json" };
    let named = match escape {
        Escape::ParentDir => format!("../outside/{target}"),
        Escape::Absolute => outside.join(target).display().to_string(),
        Escape::Symlink => {
            // Named like what it stands for: nested templates are found by a `.json` name.
            let link = if matches!(kind, Kind::DirectoryName) { "link" } else { "link.json" };
            std::os::unix::fs::symlink(outside.join(target), app.join(link)).unwrap();
            link.to_owned()
        }
    };
    let named = serde_json::Value::String(named).to_string();
    let stack = |extra: &str| {
        format!(
            r#""Stack": {{"type": "aws:cloudformation:stack", "properties": {{"templateFile": "Stack.template.json"}}{extra}}}"#
        )
    };
    let artifacts = match kind {
        Kind::TemplateFile => {
            format!(r#""Stack": {{"type": "aws:cloudformation:stack", "properties": {{"templateFile": {named}}}}}"#)
        }
        Kind::DirectoryName => {
            format!(r#""Stage": {{"type": "cdk:cloud-assembly", "properties": {{"directoryName": {named}}}}}"#)
        }
        Kind::AdditionalMetadataFile => stack(&format!(r#", "additionalMetadataFile": {named}"#)),
        Kind::AssetManifestFile => {
            format!(r#""Assets": {{"type": "cdk:asset-manifest", "properties": {{"file": {named}}}}}, {}"#, stack(""))
        }
        Kind::NestedStackTemplate => stack(""),
    };
    std::fs::write(app.join("manifest.json"), format!(r#"{{"version": "38.0.1", "artifacts": {{{artifacts}}}}}"#))
        .unwrap();
    let template = if matches!(kind, Kind::NestedStackTemplate) {
        format!(
            r#"{{"Resources": {{"Child": {{"Type": "AWS::CloudFormation::Stack", "Metadata": {{"aws:asset:path": {named}}}}}}}}}"#
        )
    } else {
        PLAIN.to_owned()
    };
    std::fs::write(app.join("Stack.template.json"), template).unwrap();
    app
}

#[test]
fn files_named_by_a_manifest_are_never_read_outside_the_path() {
    let kinds = [
        Kind::TemplateFile,
        Kind::DirectoryName,
        Kind::AdditionalMetadataFile,
        Kind::AssetManifestFile,
        Kind::NestedStackTemplate,
    ];
    for kind in kinds {
        for escape in [Escape::ParentDir, Escape::Absolute, Escape::Symlink] {
            let root = tempfile::tempdir().unwrap();
            let app = assembly(root.path(), kind, escape);
            let outcome = check(std::slice::from_ref(&app), &load::Options::default());
            let case = format!("{kind:?} by {escape:?}");
            let exports: Vec<_> = outcome.graph.exports.iter().map(|e| format!("{:?}", e.name)).collect();
            assert!(exports.iter().all(|e| !e.contains("SECRET")), "{case}: read outside: {exports:?}");
            let errors: Vec<_> =
                outcome.problems.iter().filter(|p| p.severity == Severity::Error).map(|p| p.message.as_str()).collect();
            let refused = errors.iter().any(|m| {
                m.contains("climbs out of the assembly folder")
                    || m.contains("is an absolute path")
                    || m.contains("points outside the folder being checked")
            });
            assert!(refused, "{case}: no refusal in {errors:?}");
            for stack in &outcome.graph.stacks {
                assert!(
                    stack.source.template.file.starts_with(&app),
                    "{case}: {}",
                    stack.source.template.file.display()
                );
            }
        }
    }
}

/// Source files of the library and the binary, without their `#[cfg(test)]` modules.
fn non_test_sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for entry in walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")) {
        let text = std::fs::read_to_string(&entry).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default().to_owned();
        files.push((entry, code));
    }
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// The environment is read in one place, for the three variables the README names; no
/// credentials (`AWS_*`) or tokens can be picked up.
#[test]
fn only_no_color_columns_and_the_step_summary_are_read_from_the_environment() {
    let mut reads = Vec::new();
    for (file, code) in non_test_sources() {
        for (i, line) in code.lines().enumerate() {
            if line.contains("env::var") || line.contains("env::vars") || line.contains("option_env!") {
                reads.push(format!("{}:{}: {}", file.display(), i + 1, line.trim()));
            }
        }
    }
    assert_eq!(reads.len(), 3, "{reads:#?}");
    for name in ["\"NO_COLOR\"", "\"COLUMNS\"", "\"GITHUB_STEP_SUMMARY\""] {
        assert!(reads.iter().any(|r| r.contains(name)), "{name} not read where expected: {reads:#?}");
    }
    assert!(reads.iter().all(|r| r.starts_with("src/cli/") || r.contains("src/cli/")), "{reads:#?}");
}

/// No socket API in the code, and no HTTP client among the dependencies but the AWS SDK's,
/// which only `--baseline aws` uses (src/baseline/aws/read.rs), behind the `aws` feature.
#[test]
fn nothing_opens_a_network_connection() {
    for (file, code) in non_test_sources() {
        for api in ["std::net", "TcpStream", "UdpSocket", "ToSocketAddrs"] {
            assert!(!code.contains(api), "{} uses `{api}`", file.display());
        }
        let reads_aws = file.ends_with("src/baseline/aws/read.rs");
        for sdk in ["aws_sdk_", "aws_config", "aws_smithy", "tokio"] {
            assert!(reads_aws || !code.contains(sdk), "{} uses `{sdk}`", file.display());
        }
    }
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock")).unwrap();
    for client in ["reqwest", "ureq", "curl", "rusoto"] {
        assert!(!lock.contains(&format!("name = \"{client}")), "`{client}` is a dependency");
    }
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    for sdk in ["aws-config", "aws-sdk-cloudformation", "aws-smithy-http-client", "tokio"] {
        let line = manifest.lines().find(|l| l.starts_with(&format!("{sdk} = "))).unwrap();
        assert!(line.contains("optional = true"), "`{sdk}` is not behind the `aws` feature: {line}");
    }
}
