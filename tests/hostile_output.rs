//! What the README's Security section promises about what we print: a pull request
//! controls every name, file name and byte of the templates, and none of it can drive a
//! terminal, form a GitHub workflow command in the log, or place Markdown in the job
//! summary, in any format or in the Action's log. A corpus of hostile names runs through
//! every format and `scripts/action-run.sh`, checked by a model of the runner's command
//! parser, a JSON parser, an XML parser, a Markdown parser and a scan for raw control
//! characters. Also: the snippet of a finding past column 65,535 (miette panicked there),
//! and `graph` with an input that cannot be read.

#[path = "support/runner.rs"]
mod runner;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Export names that try every way out; each carries a `PWNED-n` marker.
const EXPORTS: &[&str] = &[
    "evil\n::error::PWNED-1",
    "x ##[add-mask]PWNED-2",
    "::stop-commands::PWNED-3",
    "\r::set-output name=a::PWNED-4",
    "\u{1b}]8;;https://evil.example\u{7}PWNED-5\u{1b}]8;;\u{7}\u{1b}[2J\u{1b}]0;title\u{7}",
    "\u{202e}PWNED-6\u{2066}gnp.exe\u{2069}\u{7f}\u{9b}",
    "a\u{2028}::warning::PWNED-7\u{85}::notice::x",
    "![i](https://evil.example/x.png) [l](javascript:alert(1)) <img src=x onerror=alert(1)> **PWNED-8** www.evil.example",
    "#\u{ad}#[add-mask]PWNED-9 :\u{200b}:error::x",
    "          ::error::PWNED-10 ##[group]x",
];

/// A place for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile-output").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn json(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap()
}

/// A cloud assembly whose artifact ids, stack names, template file names, construct
/// paths and export names are hostile, and a folder of templates beside it: a YAML
/// consumer with raw escape sequences in a comment, and a template that cannot be parsed
/// with escape sequences in what its snippet shows.
fn corpus(root: &Path) -> [PathBuf; 2] {
    let assembly = root.join("cdk.out");
    std::fs::create_dir_all(&assembly).unwrap();
    let outputs: serde_json::Map<String, serde_json::Value> = EXPORTS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            (format!("Out{i}"), serde_json::json!({"Value": {"Ref": "TaskDef"}, "Export": {"Name": name}}))
        })
        .collect();
    let producer = serde_json::json!({
        "Resources": {"TaskDef": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": []}}},
        "Outputs": outputs,
    });
    let resources: serde_json::Map<String, serde_json::Value> = EXPORTS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let service = serde_json::json!({"Type": "AWS::ECS::Service", "Properties": {"TaskDefinition": {"Fn::ImportValue": name}}});
            (format!("Svc{i}"), service)
        })
        .collect();
    let consumer = serde_json::json!({"Resources": resources});
    let producer_file = "Producer\u{1b}[2J##[add-mask]PWNED-11.template.json";
    let consumer_file = "Consumer\u{202e}PWNED-12.template.json";
    std::fs::write(assembly.join(producer_file), json(&producer)).unwrap();
    std::fs::write(assembly.join(consumer_file), json(&consumer)).unwrap();
    let path_metadata = |stack: &str| {
        serde_json::json!({
            format!("/{stack}/Svc0\u{1b}[31m::error::PWNED-13/Resource"): [{"type": "aws:cdk:logicalId", "data": "Svc0"}],
            format!("/{stack}/Task\n##[add-mask]PWNED-14/Resource"): [{"type": "aws:cdk:logicalId", "data": "TaskDef"}],
        })
    };
    let manifest = serde_json::json!({
        "version": "38.0.1",
        "artifacts": {
            "Producer\u{1b}]0;PWNED-15\u{7}": {
                "type": "aws:cloudformation:stack",
                "environment": "aws://111111111111/us-east-1",
                "properties": {"templateFile": producer_file, "stackName": "producer\n::error::PWNED-16"},
                "metadata": path_metadata("Producer"),
            },
            "Consumer": {
                "type": "aws:cloudformation:stack",
                "environment": "aws://111111111111/us-east-1",
                "properties": {"templateFile": consumer_file, "stackName": "consumer ##[set-output name=x]PWNED-17"},
                "metadata": path_metadata("Consumer"),
            },
        },
    });
    std::fs::write(assembly.join("manifest.json"), json(&manifest)).unwrap();

    let templates = root.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("yaml\u{1b}]0;t\u{7}PWNED-18.yaml"),
        "# raw \u{1b}]0;PWNED-19\u{7} \u{1b}[2J ##[add-mask]PWNED-20\nResources:\n  Svc:\n    Type: AWS::ECS::Service\n    \
         Properties:\n      # \u{1b}[31m::error::PWNED-21\n      TaskDefinition: !ImportValue \"x ##[add-mask]PWNED-2\"\n",
    )
    .unwrap();
    std::fs::write(
        templates.join("broken.json"),
        "{\"Resources\": {\"A\": \u{1b}]0;PWNED-22\u{7} ##[error]PWNED-23 \u{202e}}}\n",
    )
    .unwrap();
    [assembly, templates]
}

fn binary(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cfnlint-lock"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env("COLUMNS", "80")
        .output()
        .unwrap()
}

/// What a log viewer or terminal gets: stdout, then stderr.
fn log(output: &Output) -> String {
    let mut text = String::from_utf8(output.stdout.clone()).expect("UTF-8 output");
    text.push_str(&String::from_utf8(output.stderr.clone()).expect("UTF-8 errors"));
    text
}

/// Raw characters that could drive a terminal or hide text: none but `\n` and `\t`,
/// once our own colour codes (SGR, `ESC [ … m`) are taken out.
fn assert_no_raw_controls(what: &str, text: &str) {
    let mut rest = text.to_owned();
    while let Some(at) = rest.find("\u{1b}[") {
        let end = rest[at + 2..].find(|c: char| !(c.is_ascii_digit() || c == ';')).map(|e| at + 2 + e);
        match end {
            Some(end) if rest[end..].starts_with('m') => rest.replace_range(at..=end, ""),
            _ => {
                panic!("{what}: a raw escape sequence that is not a colour: {:?}", &rest[at..(at + 20).min(rest.len())])
            }
        }
    }
    let raw: Vec<char> =
        rest.chars().filter(|&c| c != '\n' && c != '\t' && cfnlint_lock::report::visible::is_unsafe(c)).collect();
    assert!(raw.is_empty(), "{what}: raw {raw:?} in\n{text}");
}

/// Only our annotations act: `::error|warning|notice` lines with our titles, in the V2
/// form, one for each finding and problem.
fn assert_only_our_annotations(what: &str, commands: &[runner::Command], expected: usize) {
    for c in commands {
        assert!(!c.legacy && ["error", "warning", "notice"].contains(&c.name.as_str()), "{what}: {c:?}");
        let title = c.property("title").unwrap_or_default();
        let ours = title.starts_with("cfnlint-lock: load ")
            || (title.len() > 8 && title[..7].starts_with("LOCK") && title.as_bytes()[7] == b' ');
        assert!(ours, "{what}: a command with a title not ours: {c:?}");
        assert!(c.line.starts_with(&format!("::{} file=", c.name)), "{what}: {c:?}");
    }
    assert_eq!(commands.len(), expected, "{what}: {commands:#?}");
}

#[test]
fn no_format_lets_input_drive_the_terminal_or_the_runner() {
    let root = scratch("formats");
    let [assembly, templates] = corpus(&root);
    let paths = [assembly.to_str().unwrap(), templates.to_str().unwrap()];
    let run = |extra: &[&str]| {
        let args: Vec<&str> = extra.iter().chain(paths.iter()).copied().collect();
        binary(&root, &args)
    };

    let document = run(&["--format", "json"]);
    let text = log(&document);
    assert_no_raw_controls("json", &text);
    let doc: serde_json::Value = serde_json::from_slice(&document.stdout).expect("JSON");
    let findings = doc["findings"].as_array().unwrap().len();
    let problems = doc["problems"].as_array().unwrap().len();
    assert!(findings >= EXPORTS.len() && problems >= 1, "{text}");
    // The names reach the document exactly: it is data, escaped only as JSON.
    assert!(text.contains("\\u202ePWNED-6") && EXPORTS.iter().all(|e| text.contains(&json_string(e))), "{text}");
    assert!(runner::commands(&text).is_empty(), "json: {:?}", runner::commands(&text));

    let sarif = log(&run(&["--format", "sarif"]));
    assert_no_raw_controls("sarif", &sarif);
    let _: serde_sarif::sarif::Sarif = serde_json::from_str(&sarif).expect("SARIF");
    assert!(runner::commands(&sarif).is_empty());

    let junit = log(&run(&["--format", "junit"]));
    assert_no_raw_controls("junit", &junit);
    roxmltree::Document::parse(&junit).expect("well-formed XML");
    assert!(runner::commands(&junit).is_empty(), "{:?}", runner::commands(&junit));

    for color in ["never", "always"] {
        let human = log(&run(&["--color", color]));
        assert_no_raw_controls("human", &human);
        assert!(runner::commands(&human).is_empty(), "human: {:?}", runner::commands(&human));
        // The hostile text is there, made visible.
        for marker in (1..=14).chain([16, 17, 18, 21, 22, 23]).map(|n| format!("PWNED-{n}")) {
            assert!(human.contains(&marker), "{marker} not shown:\n{human}");
        }
        assert!(human.contains("\\u{1b}]0;PWNED-22\\u{7}"), "{human}");
    }

    let github = log(&run(&["--format", "github"]));
    assert_no_raw_controls("github", &github);
    assert_only_our_annotations("github", &runner::commands(&github), findings + problems);

    for format in ["mermaid", "dot"] {
        let mut args = vec!["graph", "--format", format];
        args.extend(paths);
        let output = binary(&root, &args);
        // The broken template cannot be read: drawn anyway, said on stderr, exit 2.
        assert_eq!(output.status.code(), Some(2), "{}", log(&output));
        let picture = String::from_utf8(output.stdout.clone()).unwrap();
        assert!(picture.contains("PWNED-1") && !picture.contains("load-error"), "{picture}");
        let text = log(&output);
        assert_no_raw_controls(format, &text);
        assert!(runner::commands(&text).is_empty(), "{format}: {:?}", runner::commands(&text));
    }
}

/// How serde_json writes a string inside a document, unsafe characters as `\u` escapes.
fn json_string(text: &str) -> String {
    let quoted = cfnlint_lock::report::visible::ascii_safe_json(serde_json::to_string(text).unwrap());
    quoted[1..quoted.len() - 1].to_owned()
}

#[test]
fn the_action_log_has_our_annotations_and_nothing_else_acts() {
    let root = scratch("action");
    let workspace = root.join("workspace");
    std::fs::create_dir_all(&workspace).unwrap();
    corpus(&workspace);
    let (summary, outputs, temp) = (root.join("summary.md"), root.join("output"), root.join("runner-temp"));
    std::fs::create_dir_all(&temp).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_cfnlint-lock")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let output = Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/action-run.sh"))
        .arg("check")
        .env("PATH", path)
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_WORKSPACE", &workspace)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("RUNNER_TEMP", &temp)
        .env("INPUT_PATH", "cdk.out templates")
        .env("INPUT_BASELINE", "")
        .env("INPUT_FAIL_ON", "error")
        .env("INPUT_SARIF_FILE", "out.sarif")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let text = log(&output);
    assert_eq!(output.status.code(), Some(2), "a template could not be read:\n{text}");
    assert_no_raw_controls("action", &text);
    let doc = binary(&workspace, &["--format", "json", "cdk.out", "templates"]);
    let doc: serde_json::Value = serde_json::from_slice(&doc.stdout).unwrap();
    let reported = doc["findings"].as_array().unwrap().len() + doc["problems"].as_array().unwrap().len();

    let commands = runner::commands(&text);
    let (last, rest) = commands.split_last().expect("commands");
    let (stop, annotations) = rest.split_last().expect("a stop-commands");
    assert_only_our_annotations("action", annotations, reported);
    assert_eq!(stop.name, "stop-commands");
    assert!(stop.data.len() == 32 && stop.data.bytes().all(|b| b.is_ascii_hexdigit()), "{stop:?}");
    assert_eq!(last.name, stop.data, "the pause ends with its token");
    assert_eq!(text.lines().last(), Some(format!("::{}::", stop.data).as_str()), "{text}");
    // The human report is inside the pause, colours and all.
    let report = &text[text.find(&stop.line).unwrap()..];
    assert!(report.contains("PWNED-2") && report.contains("\u{1b}[") && report.contains("checked "), "{report}");
    // Nothing left in RUNNER_TEMP; the SARIF output named.
    assert_eq!(std::fs::read_dir(&temp).unwrap().count(), 0);
    assert_eq!(std::fs::read_to_string(&outputs).unwrap(), "sarif-file=out.sarif\n");

    job_summary_is_plain_text(&std::fs::read_to_string(&summary).unwrap());
}

/// The job summary parsed as GitHub does (tables, strikethrough): the names are text in
/// table cells, never a link, an image, HTML or emphasis.
fn job_summary_is_plain_text(summary: &str) {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    assert_no_raw_controls("job summary", summary);
    let mut cells = 0;
    let mut text = String::new();
    for event in Parser::new_ext(summary, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::TableCell) => cells += 1,
            Event::Start(Tag::Strong) => {} // our own counts are bold
            Event::Start(
                tag @ (Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Emphasis
                | Tag::Strikethrough
                | Tag::HtmlBlock
                | Tag::List(_)),
            ) => {
                panic!("{tag:?} in the job summary:\n{summary}")
            }
            Event::Html(html) | Event::InlineHtml(html) => panic!("HTML {html:?} in the job summary:\n{summary}"),
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            _ => {}
        }
    }
    assert!(cells > 5 * EXPORTS.len(), "{summary}");
    // The names read as they are shown everywhere else, and autolinks have no chance.
    assert!(text.contains("![i](https://evil.example/x.png)") && text.contains("<img src=x"), "{text}");
    assert!(!summary.contains("https://") && !summary.contains("www."), "{summary}");
}

/// A minified template: one line, an import past column 70,000.
fn long_line(root: &Path, padding: usize) -> PathBuf {
    let dir = root.join("templates");
    std::fs::create_dir_all(&dir).unwrap();
    let producer = r#"{"Resources":{"TaskDef":{"Type":"AWS::ECS::TaskDefinition","Properties":{"ContainerDefinitions":[]}}},"Outputs":{"O":{"Value":{"Ref":"TaskDef"},"Export":{"Name":"prod-TaskDef"}}}}"#;
    std::fs::write(dir.join("producer.json"), producer).unwrap();
    let consumer = format!(
        r#"{{"Resources":{{"Pad":{{"Type":"AWS::SQS::Queue","Properties":{{"QueueName":"{}"}}}},"Svc":{{"Type":"AWS::ECS::Service","Properties":{{"TaskDefinition":{{"Fn::ImportValue":"prod-TaskDef"}}}}}}}}}}"#,
        "x".repeat(padding)
    );
    std::fs::write(dir.join("consumer.json"), consumer).unwrap();
    dir
}

#[test]
fn a_finding_past_column_65535_is_shown_in_a_window_at_its_column() {
    let root = scratch("long-line");
    let dir = long_line(&root, 70_000);
    let output = binary(&root, &["--color", "never", dir.to_str().unwrap()]);
    let text = log(&output);
    // miette panicked here ("Formatting argument out of range", exit 101).
    assert_eq!(output.status.code(), Some(1), "{text}");
    let doc = binary(&root, &["--format", "json", dir.to_str().unwrap()]);
    let doc: serde_json::Value = serde_json::from_slice(&doc.stdout).unwrap();
    let consumer = &doc["findings"][0]["consumer"];
    let column = consumer["column"].as_u64().unwrap();
    assert!(column > 70_000, "{consumer}");
    // The heading names the file's line and column; the line is cut around the import.
    assert!(text.contains(&format!("consumer.json:1:{column}]")), "{text}");
    let snippet = text.lines().find(|l| l.starts_with(" 1 │ …")).expect("a cut line");
    assert!(snippet.chars().count() < 2_000 && snippet.ends_with("}}}}}"), "{snippet}");
    let underline = text.lines().find(|l| l.contains('┬')).unwrap();
    let at = underline.chars().position(|c| c == '─').unwrap();
    let width = underline.matches('─').count() + 1;
    let underlined: String = snippet.chars().skip(at).take(width).collect();
    assert_eq!(underlined, r#""Fn::ImportValue":"prod-TaskDef""#);
}

#[test]
fn graph_draws_what_loaded_and_says_what_did_not_on_stderr() {
    let root = scratch("graph");
    let dir = long_line(&root, 10);
    std::fs::write(dir.join("broken.json"), "{\"Resources\": [").unwrap();
    let output = binary(&root, &["graph", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(stdout.starts_with("flowchart LR\n") && stdout.contains("prod-TaskDef ⚠ LOCK001"), "{stdout}");
    assert!(!stdout.contains("broken.json"), "{stdout}");
    assert!(stderr.contains("broken.json") && stderr.contains("the graph is incomplete"), "{stderr}");
    // All inputs read: exit 0 whatever the findings, as before.
    std::fs::remove_file(dir.join("broken.json")).unwrap();
    assert_eq!(binary(&root, &["graph", dir.to_str().unwrap()]).status.code(), Some(0));
}

#[test]
fn a_parse_error_past_column_65535_names_its_place() {
    let root = scratch("long-broken");
    let dir = root.join("templates");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("broken.json"),
        format!("{{\"Resources\": {{\"A\": \"{}\", \"B\": }}}}", "x".repeat(70_000)),
    )
    .unwrap();
    let output = binary(&root, &["--color", "never", dir.to_str().unwrap()]);
    let text = log(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    // The loader shows no snippet of a line over 400 bytes (`MAX_SNIPPET_LINE`); the
    // error still names its place.
    assert!(text.contains("unexpected close brace at line 1, column 70030"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() < 400), "{text}");
}
