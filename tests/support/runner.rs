//! A model of how the GitHub Actions runner finds workflow commands in a step's output:
//! actions/runner `src/Runner.Worker/ActionCommandManager.cs` (`TryProcessCommand`, the
//! registered commands, `stop-commands` and its resume token) and `ActionCommand.cs`
//! (`TryParseV2`: `::name props::data` after trimming leading whitespace; `TryParse`: the
//! legacy `##[name props]data` anywhere in a line). Where the runner's behaviour depends on
//! its platform the model takes the wider reading, so it finds every command the runner
//! could act on and maybe more:
//! - lines end at `\n`, `\r` (what .NET's `ReadLine` splits on) and also at U+0085,
//!   U+2028 and U+2029;
//! - the runner finds `::` and `##[` with culture-aware `StartsWith`/`IndexOf`, which skip
//!   default-ignorable characters: a line is also read with them removed;
//! - command names compare without regard to case.

use cfnlint_lock::report::visible::is_default_ignorable;

/// What the runner registers: `stop-commands` and its command extensions
/// (`internal-set-repo-path` only for plugins).
const REGISTERED: &[&str] = &[
    "stop-commands",
    "set-env",
    "set-output",
    "save-state",
    "add-mask",
    "add-path",
    "add-matcher",
    "remove-matcher",
    "debug",
    "warning",
    "error",
    "notice",
    "group",
    "endgroup",
    "echo",
];

/// One command the runner acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub name: String,
    pub properties: Vec<(String, String)>,
    pub data: String,
    /// Found in the legacy `##[…]` form.
    pub legacy: bool,
    pub line: String,
}

impl Command {
    #[allow(dead_code)]
    pub fn property(&self, key: &str) -> Option<&str> {
        self.properties.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v.as_str())
    }
}

/// Every command the runner acts on in `log`, in order: while commands are stopped only
/// the resume token is (it is listed, as is the `stop-commands` that set it).
pub fn commands(log: &str) -> Vec<Command> {
    let mut registered: Vec<String> = REGISTERED.iter().map(|s| (*s).to_owned()).collect();
    let mut stopped: Option<String> = None;
    let mut acted = Vec::new();
    for line in log.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
        let Some(command) = parse(line, &registered) else { continue };
        match &stopped {
            Some(token) if same(&command.name, token) => {
                registered.retain(|r| !same(r, token));
                stopped = None;
                acted.push(command);
            }
            Some(_) => {}
            None if same(&command.name, "stop-commands") => {
                stopped = Some(command.data.clone());
                registered.push(command.data.clone());
                acted.push(command);
            }
            None => acted.push(command),
        }
    }
    acted
}

fn same(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// `TryParseV2`, then `TryParse`, on the line as it is and without ignorable characters.
fn parse(line: &str, registered: &[String]) -> Option<Command> {
    let stripped: String = line.chars().filter(|&c| !is_default_ignorable(c)).collect();
    [line, stripped.as_str()].into_iter().find_map(|l| parse_v2(l, registered).or_else(|| parse_legacy(l, registered)))
}

fn name_of<'a>(info: &'a str, registered: &[String]) -> Option<(&'a str, Option<&'a str>)> {
    let (name, props) = match info.find(' ') {
        Some(at) => (&info[..at], Some(&info[at + 1..])),
        None => (info, None),
    };
    registered.iter().any(|r| same(r, name)).then_some((name, props))
}

fn properties(text: Option<&str>, separator: char, unescape: fn(&str) -> String) -> Vec<(String, String)> {
    text.map(|t| {
        t.split(separator)
            .filter(|p| !p.is_empty())
            .filter_map(|p| {
                // `Split('=', 2, RemoveEmptyEntries)` must give two parts.
                let parts: Vec<&str> = p.splitn(2, '=').filter(|s| !s.is_empty()).collect();
                (parts.len() == 2).then(|| (parts[0].to_owned(), unescape(parts[1])))
            })
            .collect()
    })
    .unwrap_or_default()
}

fn parse_v2(line: &str, registered: &[String]) -> Option<Command> {
    let message = line.trim_start();
    let rest = message.strip_prefix("::")?;
    let end = rest.find("::")?;
    let (name, props) = name_of(&rest[..end], registered)?;
    Some(Command {
        name: name.to_owned(),
        properties: properties(props.map(str::trim), ',', unescape_property),
        data: unescape_data(&rest[end + 2..]),
        legacy: false,
        line: line.to_owned(),
    })
}

fn parse_legacy(line: &str, registered: &[String]) -> Option<Command> {
    let start = line.find("##[")? + 3;
    let end = start + line[start..].find(']')?;
    let (name, props) = name_of(&line[start..end], registered)?;
    Some(Command {
        name: name.to_owned(),
        properties: properties(props, ';', unescape_legacy),
        data: unescape_legacy(&line[end + 1..]),
        legacy: true,
        line: line.to_owned(),
    })
}

fn unescape_data(text: &str) -> String {
    text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
}

fn unescape_property(text: &str) -> String {
    text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
}

fn unescape_legacy(text: &str) -> String {
    text.replace("%3B", ";").replace("%0D", "\r").replace("%0A", "\n").replace("%5D", "]").replace("%25", "%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_both_forms_as_the_runner_does() {
        let log = "  ::add-mask::s\nx ##[error]e\n::error file=a%2Cb,line=3::m%0Ax\n::nope::x\ntext ::error::no\n";
        let found = commands(log);
        let names: Vec<&str> = found.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["add-mask", "error", "error"]);
        assert_eq!(found[0].data, "s");
        assert!(found[1].legacy);
        assert_eq!(found[2].property("file"), Some("a,b"));
        assert_eq!(found[2].data, "m\nx");
    }

    #[test]
    fn stop_commands_pause_until_the_token() {
        let log = "::stop-commands::t0k\n::error::no\n##[add-mask]no\n::T0K::\n::warning::yes\n";
        let names: Vec<String> = commands(log).into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["stop-commands", "T0K", "warning"]);
    }

    #[test]
    fn reads_wider_than_the_runner_where_platforms_differ() {
        assert_eq!(commands("a\r::error::x").len(), 1);
        assert_eq!(commands("a\u{2028}::error::x").len(), 1);
        assert_eq!(commands(":\u{200b}:error::x").len(), 1);
        assert_eq!(commands("#\u{ad}#[add-mask]x").len(), 1);
        assert_eq!(commands("\u{a0}\u{3000}::ERROR::x").len(), 1);
    }
}
