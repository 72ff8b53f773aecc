//! What the README's Security section promises: nothing outside the PATHs is read,
//! whichever manifest field names the file and however it escapes (`..`, an absolute
//! path, a symlink; a Stage folder linked outside is not entered), and the code reads no
//! environment variable but the two the CLI documents, and opens no network connection.

use std::path::{Path, PathBuf};

use cfnlint_lock::{Severity, check, load};

#[path = "support/binary.rs"]
mod binary;
#[path = "support/inputs.rs"]
mod inputs;

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

/// A nested template named four times at each of ten levels is read once per level (it
/// was read for every path to it: 4^10 reads, 28 s and 5 GB before an abort), and the
/// later names say which stack they are checked as.
#[test]
fn each_nested_template_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    inputs::nested_fan_out(dir.path(), 4, 10);
    let outcome = check(&[dir.path().to_path_buf()], &load::Options::default());
    let names: Vec<&str> = outcome.graph.stacks.iter().map(|s| s.source.name.as_str()).collect();
    let expected: Vec<String> = (0..=10)
        .map(|level| std::iter::once("Root").chain(std::iter::repeat_n("Child0", level)).collect::<Vec<_>>().join("/"))
        .collect();
    assert_eq!(names, expected);
    let notes: Vec<&str> = outcome.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(notes.len(), 10, "{notes:#?}");
    let deepest = "Root/Child0/Child0/Child0/Child0/Child0/Child0/Child0/Child0/Child0/Child0";
    assert_eq!(
        notes[0].replace(&format!("{}/", dir.path().display()), ""),
        format!(
            "nested stacks `Child1`, `Child2`, `Child3` of `{}` use `N10.nested.template.json`, the template of \
             nested stack `{deepest}`; they are checked once, as `{deepest}`",
            &deepest[..deepest.len() - "/Child0".len()]
        )
    );
    assert!(outcome.problems.iter().all(|p| p.severity == Severity::Note));
}

/// A nested template that names itself (or an ancestor) is an error, found at once
/// rather than after 32 levels.
#[test]
fn a_template_nesting_itself_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    inputs::nested_fan_out(dir.path(), 1, 2);
    let loop_back = r#"{"Resources": {"Back": {"Type": "AWS::CloudFormation::Stack", "Metadata": {"aws:asset:path": "N1.nested.template.json"}}}}"#;
    std::fs::write(dir.path().join("N2.nested.template.json"), loop_back).unwrap();
    let outcome = check(&[dir.path().to_path_buf()], &load::Options::default());
    assert_eq!(outcome.graph.stacks.len(), 3);
    let errors: Vec<&str> =
        outcome.problems.iter().filter(|p| p.severity == Severity::Error).map(|p| p.message.as_str()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("nested stack `Back` of `Root/Child0/Child0` nests its own template `"),
        "{errors:?}"
    );
    assert!(errors[0].ends_with("N1.nested.template.json` again (through `Root/Child0`); it was not read again"));
}

/// A rule-pack query that would visit millions of values (`..*` thrice over an Output 200
/// levels deep: 19 s and 6 GB) stops at its budget with an error naming the pack line.
#[test]
fn a_runaway_pack_query_stops_with_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    inputs::pack_query(dir.path(), 1, "$..*..*..*");
    let options = cfnlint_lock::CheckOptions {
        rule_packs: vec![dir.path().join("pack")],
        ..cfnlint_lock::CheckOptions::default()
    };
    let outcome = cfnlint_lock::check_with(&[dir.path().join("app")], &options);
    let errors = said(&outcome, Severity::Error, dir.path());
    assert_eq!(
        errors,
        ["pack/deep.yaml: rule pack: the JSONPath `$..*..*..*` (line 6, column 14) stopped on stack `Deep`: \
          the query stopped after 4 MiB of intermediate results, four times the document and 4 MiB more; \
          it visits too many values (`..` after `..`, or a filter over every descendant); it selected nothing there"]
    );
    assert!(outcome.findings.iter().all(|f| f.code != "USER001"));
}

/// A pull request's `.cfnlint-lock.yaml` can name no file outside the repository: not as
/// a baseline, a rule pack or a PATH, by `..`, an absolute path or a link, and the config
/// itself cannot be a link out. Each is refused at its line, and what the file holds is
/// never printed (a file that failed to parse used to be echoed in the error snippet).
#[test]
fn a_discovered_config_reads_nothing_outside_the_repository() {
    const SECRET: &str = "aws_secret_access_key = wJalrXUtnFEMI";
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::write(dir.path().join("credentials"), format!("[default]\n{SECRET}\n")).unwrap();
    std::fs::create_dir_all(dir.path().join("packs")).unwrap();
    std::fs::write(dir.path().join("packs/p.yaml"), format!("{SECRET}: [\n")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("credentials"), repo.join("creds.json")).unwrap();
    inputs::many_stacks(&repo.join("cdk.out"), 2);
    let credentials = dir.path().join("credentials");
    for (config, refused) in [
        ("baseline: ../credentials\n".to_owned(), "`baseline` entry `../credentials` climbs out with `..`"),
        (format!("baseline: {}\n", credentials.display()), "is an absolute path"),
        (
            "baseline: creds.json\n".to_owned(),
            "`baseline` entry `creds.json` is a link that leads outside the repository",
        ),
        ("rules: [../packs]\n".to_owned(), "`rules` entry `../packs` climbs out with `..`"),
        ("paths: [../credentials]\n".to_owned(), "`paths` entry `../credentials` climbs out with `..`"),
    ] {
        std::fs::write(repo.join(".cfnlint-lock.yaml"), &config).unwrap();
        for format in ["human", "json", "sarif", "github"] {
            let (code, text) = binary::run_in(&repo, &["--color", "never", "--format", format]);
            assert_eq!(code, 2, "{config}: {text}");
            assert!(says(&text, refused), "{config}: {text}");
            assert!(!text.contains("wJalrXUtnFEMI"), "{config} printed the secret: {text}");
        }
    }
    std::fs::remove_file(repo.join(".cfnlint-lock.yaml")).unwrap();
    std::os::unix::fs::symlink(&credentials, repo.join(".cfnlint-lock.yaml")).unwrap();
    let (code, text) = binary::run_in(&repo, &["--color", "never"]);
    assert_eq!(code, 2, "{text}");
    assert!(says(&text, "`.cfnlint-lock.yaml` is a link to a file outside the repository; it was not read"), "{text}");
    assert!(!text.contains("wJalrXUtnFEMI"), "{text}");
}

/// The problems of `severity`, as `file: message` with the file relative to `dir`.
fn said(outcome: &cfnlint_lock::Outcome, severity: Severity, dir: &Path) -> Vec<String> {
    let problems = outcome.problems.iter().filter(|p| p.severity == severity);
    problems.map(|p| format!("{}: {}", p.file.strip_prefix(dir).unwrap().display(), p.message)).collect()
}

/// Whether a report says `words`, however miette wrapped them.
fn says(report: &str, words: &str) -> bool {
    let flat = |text: &str| text.split_whitespace().filter(|w| *w != "│").collect::<Vec<_>>().join(" ");
    flat(report).contains(&flat(words))
}

/// `--config` gets the checks every input gets: a device or a pipe is not opened.
#[test]
fn a_config_that_is_a_device_or_a_pipe_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.yaml");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for (config, expected) in [
        ("/dev/zero".to_owned(), "`/dev/zero` is not a regular file (a pipe, socket or device); it was not read"),
        (fifo.display().to_string(), "fifo.yaml` is not a regular file (a pipe, socket or device); it was not read"),
    ] {
        let (code, text) = binary::run_in(dir.path(), &["--color", "never", "--config", &config]);
        assert_eq!(code, 2, "{text}");
        assert!(says(&text, expected), "{text}");
    }
}

/// A lockfile digest that is not `sha256:` and 64 hex digits is an error at the digest
/// (it was a false LOCK003 at the wrong line), and `lock --check` on a file that is no
/// lockfile says so instead of "out of date".
#[test]
fn lockfiles_are_validated_where_they_are_wrong() {
    let dir = tempfile::tempdir().unwrap();
    inputs::many_stacks(&dir.path().join("cdk.out"), 2);
    let (code, text) = binary::run_in(dir.path(), &["lock", "cdk.out", "-o", "locks.json"]);
    assert_eq!(code, 0, "{text}");
    let written = std::fs::read_to_string(dir.path().join("locks.json")).unwrap();
    let digest = written.split('"').find(|s| s.starts_with("sha256:")).unwrap().to_owned();
    for forged in ["12345", "md5:abc", "sha256:ABC"] {
        std::fs::write(dir.path().join("forged.json"), written.replacen(&digest, forged, 1)).unwrap();
        let (code, text) = binary::run_in(
            dir.path(),
            &["--color", "never", "--format", "json", "--baseline", "forged.json", "cdk.out"],
        );
        assert_eq!(code, 2, "{text}");
        assert!(!text.contains("LOCK003"), "{text}");
        let line = written.lines().position(|l| l.contains(&digest)).unwrap() + 1;
        let expected = format!(
            "the lockfile `forged.json` is not valid: `digest` is `{forged}`, not `sha256:` and 64 lowercase hex digits"
        );
        assert!(text.contains(&expected), "{text}");
        assert!(text.contains(&format!("\"line\": {line}")), "line {line}: {text}");
    }
    std::fs::write(dir.path().join("notes.json"), "not json at all\n").unwrap();
    std::fs::write(dir.path().join("other.json"), "{\"a\": 1}\n").unwrap();
    for (file, reason) in [
        ("notes.json", "`notes.json` is not a lockfile: "),
        ("other.json", "`other.json` is not a lockfile: it lacks `version`, `exports` or `imports`"),
    ] {
        let (code, text) = binary::run_in(dir.path(), &["lock", "--check", "cdk.out", "-o", file]);
        assert_eq!(code, 2, "{text}");
        assert!(says(&text, reason), "{text}");
        assert!(!text.contains("out of date"), "{text}");
    }
}

/// Writes never go through a link: not the lockfile, not an `--output-file`, not a folder
/// of a relative output path. The file the link leads to stays as it was.
#[test]
fn nothing_is_written_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    inputs::many_stacks(&dir.path().join("cdk.out"), 2);
    let target = dir.path().join("bashrc");
    std::fs::write(&target, "kept\n").unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("cfnlint-lock.json")).unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("report.sarif")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("reports")).unwrap();
    for (args, link) in [
        (&["lock", "cdk.out"][..], "cfnlint-lock.json"),
        (&["cdk.out", "--output-file", "sarif=report.sarif"][..], "report.sarif"),
        (&["cdk.out", "--output-file", "sarif=reports/x.sarif"][..], "reports"),
    ] {
        let (code, text) = binary::run_in(dir.path(), args);
        assert_eq!(code, 2, "{args:?}: {text}");
        assert!(text.contains(&format!("`{link}` is a link, and cfnlint-lock writes through no link")), "{text}");
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "kept\n");
    assert!(!dir.path().join("x.sarif").exists());
    // A plain path is written, readable by others as files usually are.
    let (code, text) = binary::run_in(dir.path(), &["lock", "cdk.out", "-o", "out/locks.json"]);
    assert_eq!(code, 0, "{text}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(dir.path().join("out/locks.json")).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o644);
}

/// What a manifest can say that deploys differently from how it reads: an empty
/// `stackName`, two artifacts with one `stackName` in one environment, and a schema older
/// than any this reads. Each is a warning naming the manifest.
#[test]
fn manifest_oddities_are_warnings() {
    let dir = tempfile::tempdir().unwrap();
    inputs::many_stacks(dir.path(), 3);
    let env = r#""environment": "aws://111111111111/eu-west-1""#;
    let stack = |id: &str, name: &str| {
        format!(
            r#""{id}": {{"type": "aws:cloudformation:stack", {env}, "properties": {{"templateFile": "{id}.template.json", "stackName": "{name}"}}}}"#
        )
    };
    std::fs::write(
        dir.path().join("manifest.json"),
        format!(
            r#"{{"version": "0.18.0", "artifacts": {{{}, {}, {}}}}}"#,
            stack("S0", ""),
            stack("S1", "Shared"),
            stack("S2", "Shared")
        ),
    )
    .unwrap();
    let outcome = check(&[dir.path().to_path_buf()], &load::Options::default());
    let warnings = said(&outcome, Severity::Warning, dir.path());
    assert_eq!(
        warnings,
        [
            "manifest.json: cloud assembly schema 0.18.0 is older than the oldest this cfnlint-lock knows (0.19.0); reading it all the same",
            "manifest.json: stack artifact `S0` has an empty `stackName`; it is named `S0` here",
            "manifest.json: stack artifacts `S1` and `S2` both deploy stack `Shared` to `aws://111111111111/eu-west-1`",
        ]
    );
    let names: Vec<&str> = outcome.graph.stacks.iter().map(|s| s.source.name.as_str()).collect();
    assert_eq!(names, ["S0", "Shared", "Shared"]);
}
