#!/usr/bin/env bash
# action.yml's install step (`action-run.sh install` runs this): puts cfnlint-lock on the
# PATH of the steps that follow.
#
#  1. The version: the `version` input, else the action's own ref when it is a release tag
#     (`uses: cfnlint-lock/cfnlint-lock@v0.1.0`), else none.
#  2. With a version, the release archive for the runner (RUNNER_OS, RUNNER_ARCH; the
#     `target` input overrides) from `download-url`/v<version>/, checked against that
#     release's SHA256SUMS and unpacked into the tool cache (RUNNER_TOOL_CACHE), where the
#     next job on the same runner finds it. A checksum that does not match fails the step
#     and installs nothing.
#  3. Only when there is no such release (no version, or a 404 for the archive or its
#     checksums): `cargo install`, of that version from crates.io, or of the action's own
#     source.
#
# Variables (action.yml maps them): INPUT_VERSION, INPUT_DOWNLOAD_URL, INPUT_TARGET,
# ACTION_REF, and the runner's RUNNER_OS, RUNNER_ARCH, RUNNER_TOOL_CACHE, RUNNER_TEMP,
# GITHUB_PATH, GITHUB_ACTION_PATH.
set -euo pipefail

say() { echo "cfnlint-lock install: $*"; }
die() { echo "::error title=cfnlint-lock install::$*"; exit 1; }

release_version() { # the version to download, or nothing
  if [ -n "${INPUT_VERSION:-}" ]; then
    echo "${INPUT_VERSION#v}"
  elif [[ "${ACTION_REF:-}" =~ ^v([0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?)$ ]]; then
    echo "${BASH_REMATCH[1]}"
  fi
}

runner_target() { # the release target for this runner
  if [ -n "${INPUT_TARGET:-}" ]; then
    echo "$INPUT_TARGET"
    return
  fi
  local os=${RUNNER_OS:-$(uname -s)} arch=${RUNNER_ARCH:-$(uname -m)}
  case "$os/$arch" in
  Linux/X64 | Linux/x86_64) echo x86_64-unknown-linux-musl ;;
  Linux/ARM64 | Linux/aarch64) echo aarch64-unknown-linux-musl ;;
  macOS/X64 | Darwin/x86_64) echo x86_64-apple-darwin ;;
  macOS/ARM64 | Darwin/arm64) echo aarch64-apple-darwin ;;
  Windows/X64) echo x86_64-pc-windows-msvc ;;
  *) echo "" ;;
  esac
}

sha256_of() { # FILE -> hex digest
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1
}

fetch() { # URL FILE -> 0 fetched, 44 not found (HTTP 404); fails the step on other errors
  local code
  code=$(curl --silent --show-error --location --retry 3 --output "$2" --write-out '%{http_code}' "$1") ||
    die "cannot download $1"
  case "$code" in
  200) return 0 ;;
  404) return 44 ;;
  *) die "downloading $1 answered HTTP $code" ;;
  esac
}

# Downloads, verifies and unpacks VERSION for TARGET into the tool cache, and sets tool_dir
# to the folder holding the binary. Returns 44 when the release has no such archive. (It
# runs where `set -e` does not reach, so each step that can fail says so itself.)
install_release() { # VERSION TARGET
  local version=$1 target=$2 base archive dir work expected actual status
  base="${INPUT_DOWNLOAD_URL:-https://github.com/cfnlint-lock/cfnlint-lock/releases/download}"
  base="${base%/}/v$version"
  archive="cfnlint-lock-$version-$target.tar.gz"
  case "$target" in *windows*) archive="cfnlint-lock-$version-$target.zip" ;; esac
  dir="${RUNNER_TOOL_CACHE:?}/cfnlint-lock/$version/$target"
  if [ -f "$dir.complete" ] && [ -d "$dir" ]; then
    say "cfnlint-lock $version ($target) from the tool cache"
    tool_dir=$dir
    return 0
  fi
  work=$(mktemp -d "${RUNNER_TEMP:-/tmp}/cfnlint-lock.XXXXXX") || die "cannot make a temporary folder"
  status=0
  fetch "$base/SHA256SUMS" "$work/SHA256SUMS" || status=$?
  [ "$status" -eq 0 ] && { fetch "$base/$archive" "$work/$archive" || status=$?; }
  if [ "$status" -ne 0 ]; then
    rm -rf "$work"
    return "$status"
  fi
  expected=$(awk -v name="$archive" '$2 == name || $2 == "*" name { print $1 }' "$work/SHA256SUMS")
  [ -n "$expected" ] || die "$base/SHA256SUMS lists no $archive"
  actual=$(sha256_of "$work/$archive")
  if [ "$actual" != "$expected" ]; then
    rm -rf "$work"
    die "$archive does not match its SHA256SUMS entry (expected $expected, got $actual): not installed"
  fi
  say "$archive matches SHA256SUMS ($actual)"
  mkdir -p "$work/unpacked" || die "cannot make $work/unpacked"
  case "$archive" in
  *.zip) unzip -q "$work/$archive" -d "$work/unpacked" || die "cannot unpack $archive" ;;
  *) tar -xzf "$work/$archive" -C "$work/unpacked" || die "cannot unpack $archive" ;;
  esac
  rm -rf "$dir" && mkdir -p "$dir" && cp -R "$work/unpacked/cfnlint-lock-$version-$target/." "$dir/" ||
    die "cannot copy cfnlint-lock into the tool cache at $dir"
  rm -rf "$work"
  # The marker actions/tool-cache writes: the folder is whole.
  touch "$dir.complete" || die "cannot write $dir.complete"
  tool_dir=$dir
}

install_from_source() { # VERSION (may be empty)
  if [ -n "$1" ] && [ -n "${INPUT_VERSION:-}" ]; then
    say "building cfnlint-lock $1 with cargo install"
    cargo install --locked cfnlint-lock --version "$1"
  else
    say "building cfnlint-lock from the action's source with cargo install"
    cargo install --locked --path "${GITHUB_ACTION_PATH:?}"
  fi
}

tool_dir=""

main() {
  local version target status=0
  version=$(release_version)
  target=$(runner_target)
  if [ -z "$version" ] || [ -z "$target" ]; then
    say "no release to download (version '${version}', target '${target}')"
    install_from_source "$version"
    return
  fi
  install_release "$version" "$target" || status=$?
  if [ "$status" -eq 44 ]; then
    say "no release archive of $version for $target"
    install_from_source "$version"
    return
  fi
  [ "$status" -eq 0 ] || exit "$status"
  "$tool_dir/cfnlint-lock" --version
  # Windows runners read GITHUB_PATH as Windows paths; Git Bash's are /c/….
  if command -v cygpath >/dev/null 2>&1; then cygpath -w "$tool_dir"; else echo "$tool_dir"; fi >>"${GITHUB_PATH:?}"
}

main
