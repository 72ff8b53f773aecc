//! What a release publishes says the same thing everywhere: Cargo.toml's version,
//! licence and repository (the one place they are written) are the ones in the npm
//! packages, the pre-commit hook mirror, action.yml's download URL, the install script's
//! default, the README's install lines and the CHANGELOG, and no placeholder is left.

use std::path::Path;
use std::process::Command;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

fn read(relative: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)).unwrap()
}

fn json(relative: &str) -> serde_json::Value {
    serde_json::from_str(&read(relative)).unwrap()
}

#[test]
fn the_repository_is_the_canonical_one() {
    assert_eq!(REPOSITORY, "https://github.com/cfnlint-lock/cfnlint-lock");
    assert_eq!(env!("CARGO_PKG_LICENSE"), "MIT OR Apache-2.0");
}

#[test]
fn the_npm_packages_carry_the_crate_version_licence_and_platforms() {
    let launcher = json("npm/cfnlint-lock/package.json");
    assert_eq!(launcher["version"], VERSION);
    assert_eq!(launcher["license"], env!("CARGO_PKG_LICENSE"));
    assert_eq!(launcher["repository"]["url"], format!("git+{REPOSITORY}.git"));
    let platforms = json("npm/platforms.json");
    let mut packages: Vec<&str> =
        platforms.as_array().unwrap().iter().map(|p| p["package"].as_str().unwrap()).collect();
    packages.sort_unstable();
    // serde_json's map iterates in key order.
    let optional = launcher["optionalDependencies"].as_object().unwrap();
    assert_eq!(optional.keys().map(String::as_str).collect::<Vec<_>>(), packages);
    assert!(optional.values().all(|v| v == VERSION), "{optional:?}");
}

#[test]
fn the_pre_commit_mirror_pins_this_version_of_the_wheel() {
    let pyproject = read("pre-commit/pyproject.toml");
    assert!(pyproject.contains(&format!("version = \"{VERSION}\"")), "{pyproject}");
    assert!(pyproject.contains(&format!("dependencies = [\"cfnlint-lock=={VERSION}\"]")), "{pyproject}");
    assert!(read("pre-commit/README.md").contains(&format!("rev: v{VERSION}")));
}

#[test]
fn the_action_downloads_this_repository_s_releases() {
    let downloads = format!("{REPOSITORY}/releases/download");
    assert!(read("action.yml").contains(&format!("default: {downloads}\n")));
    assert!(read("scripts/action-install.sh").contains(&format!("${{INPUT_DOWNLOAD_URL:-{downloads}}}")));
}

#[test]
fn the_readme_and_changelog_name_this_version_and_repository() {
    let readme = read("README.md");
    let install = readme.split("## Install").nth(1).unwrap().split("\n## ").next().unwrap();
    for line in [
        "npm install --save-dev cfnlint-lock".to_owned(),
        "pipx run cfnlint-lock".to_owned(),
        "uvx cfnlint-lock".to_owned(),
        format!("v={VERSION} "),
        format!("{REPOSITORY}/releases/download/v$v/cfnlint-lock-$v-$target.tar.gz"),
        "cargo install --locked cfnlint-lock".to_owned(),
    ] {
        assert!(install.contains(&line), "README's Install section lacks `{line}`");
    }
    assert!(readme.contains(&format!("uses: cfnlint-lock/cfnlint-lock@v{VERSION}")));
    assert!(readme.contains(&format!("repo: {REPOSITORY}-pre-commit")));
    let changelog = read("CHANGELOG.md");
    assert!(changelog.contains(&format!("\n## [{VERSION}] - ")), "CHANGELOG.md has no {VERSION} entry");
    assert!(changelog.contains(&format!("[{VERSION}]: {REPOSITORY}/releases/tag/v{VERSION}")));
}

#[test]
fn no_placeholder_owner_is_left() {
    let listing =
        Command::new("git").args(["ls-files", "-z"]).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap();
    assert!(listing.status.success());
    // Spelt in two halves so that this file does not match itself.
    let placeholder = ["OWN", "ER/"].concat();
    let mut offenders = Vec::new();
    for file in listing.stdout.split(|b| *b == 0).filter(|f| !f.is_empty()) {
        let file = String::from_utf8_lossy(file).into_owned();
        let Ok(text) = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(&file)) else {
            continue; // binary, or deleted in the work tree
        };
        if text.contains(&placeholder) {
            offenders.push(file);
        }
    }
    assert!(offenders.is_empty(), "placeholder OWNER in {offenders:?}");
}
