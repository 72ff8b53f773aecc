//! moto's server and the fault-injection proxy of `tests/aws/server.py`, on loopback,
//! for `--baseline aws`. Started per test and stopped when dropped.
//!
//! The Python comes from `CFNLINT_LOCK_MOTO_PYTHON`, else the venv `.ci/run` makes
//! (`target/moto-venv`), else `python3`, and must import moto. Without it the tests say
//! they were skipped and why, unless `CFNLINT_LOCK_REQUIRE_MOTO=1` (set by `.ci/run`)
//! makes moto required.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

pub struct Moto {
    child: Child,
    /// Where the product is pointed: the proxy in front of moto.
    pub endpoint: String,
}

fn python() -> PathBuf {
    if let Some(python) = std::env::var_os("CFNLINT_LOCK_MOTO_PYTHON") {
        return python.into();
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/moto-venv/bin/python");
    if venv.is_file() { venv } else { PathBuf::from("python3") }
}

impl Moto {
    /// A fresh server, or `None` (with the reason on stderr) when moto is not installed
    /// and not required.
    pub fn start(test: &str) -> Option<Moto> {
        let python = python();
        let has_moto = Command::new(&python)
            .args(["-c", "import moto.server, boto3"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !has_moto {
            let why = format!("`{}` cannot import moto (install `moto[server]`; see .ci/run)", python.display());
            assert!(std::env::var_os("CFNLINT_LOCK_REQUIRE_MOTO").is_none(), "{test}: moto is required: {why}");
            eprintln!("SKIPPED {test}: {why}");
            return None;
        }
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/aws/server.py");
        let mut child = Command::new(&python)
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the moto harness starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let urls: serde_json::Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
        Some(Moto { child, endpoint: urls["proxy"].as_str().unwrap().to_owned() })
    }

    /// A control route of the proxy (see server.py).
    pub fn control(&self, path: &str, body: &serde_json::Value) -> serde_json::Value {
        let address = self.endpoint.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).unwrap();
        let body = body.to_string();
        let method = if path == "/__calls" { "GET" } else { "POST" };
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        let (head, body) = reply.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 200") || head.starts_with("HTTP/1.0 200"), "{path}: {reply}");
        serde_json::from_str(body).unwrap()
    }

    /// Deploys every stack of a cloud assembly (crate-relative) with CloudFormation calls.
    pub fn deploy(&self, assembly: &str) -> serde_json::Value {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(assembly);
        self.control("/__deploy", &serde_json::json!({ "assembly": dir }))
    }

    /// The calls made since the last reset, as (service, action, region).
    pub fn calls(&self) -> Vec<(String, String, String)> {
        let calls = self.control("/__calls", &serde_json::json!({}));
        let field = |c: &serde_json::Value, k: &str| c[k].as_str().unwrap_or_default().to_owned();
        calls
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (field(c, "service"), field(c, "action"), field(c, "region")))
            .collect()
    }

    pub fn reset(&self) {
        self.control("/__reset", &serde_json::json!({}));
    }

    pub fn faults(&self, faults: serde_json::Value) {
        self.control("/__faults", &faults);
    }

    /// `cfnlint-lock ARGS` pointed at the proxy with dummy keys, in the crate root.
    pub fn run(&self, args: &[&str]) -> Output {
        cfnlint_lock_with_endpoint(&self.endpoint, args)
    }
}

/// The binary with the SDK pointed at `endpoint`, dummy keys, no shared files and no
/// instance metadata: nothing can reach real AWS.
pub fn cfnlint_lock_with_endpoint(endpoint: &str, args: &[&str]) -> Output {
    isolated()
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .args(args)
        .output()
        .expect("the binary runs")
}

/// The binary with no AWS settings from the machine running the tests.
pub fn isolated() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cfnlint-lock"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("AWS_") {
            command.env_remove(name);
        }
    }
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent/cfnlint-lock-test/config")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/cfnlint-lock-test/credentials")
        .env("AWS_REGION", "us-east-1")
        .env("COLUMNS", "100");
    command
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
