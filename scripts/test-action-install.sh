#!/usr/bin/env bash
# Tests action.yml's install step (scripts/action-install.sh) on its download path: the
# release archive scripts/package.sh built into DIST (default target/dist) and its
# SHA256SUMS, served as a release folder (<download-url>/v<version>/) by an HTTP server on
# a loopback port, with the variables a runner sets. Cases:
#   - the action's ref is the release tag: the archive is downloaded, checked, put in the
#     tool cache and on GITHUB_PATH, and the check step finds the incident with it;
#   - the same again with the server unreachable: the tool cache serves it;
#   - an archive that does not match SHA256SUMS: the step fails, nothing is installed or run;
#   - no release for the version (404): it falls back to `cargo install` of the source.
# In the first three, `cargo` on PATH is a stand-in that fails and records any call.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dist=$(cd "${1:-target/dist}" && pwd)
# shellcheck source=scripts/release-tools/lib.sh
. scripts/release-tools/lib.sh
fail() { echo "test-action-install: $*" >&2; exit 1; }

for mapping in 'INPUT_DOWNLOAD_URL: ${{ inputs.download-url }}' 'INPUT_TARGET: ${{ inputs.target }}' \
  'ACTION_REF: ${{ github.action_ref }}'; do
  grep -qF "$mapping" action.yml || fail "action.yml does not map \`$mapping\`"
done

version=$(crate_version)
target=$(rustc -vV | sed -n 's/^host: //p')
archive="cfnlint-lock-$version-$target.tar.gz"
[ -f "$dist/$archive" ] || fail "no $archive in $dist (run scripts/package.sh first)"

# Release folders: the real one, one whose archive was altered after SHA256SUMS was written,
# and an empty one (a mirror without this release).
mkdir -p "$work/www/good/v$version" "$work/www/tampered/v$version" "$work/www/empty"
cp "$dist/$archive" "$dist/SHA256SUMS" "$work/www/good/v$version/"
cp "$dist/$archive" "$dist/SHA256SUMS" "$work/www/tampered/v$version/"
printf 'x' >>"$work/www/tampered/v$version/$archive"
port=$(free_port)
background "$work/server.log" python3 -m http.server --bind 127.0.0.1 --directory "$work/www" "$port"
for _ in $(seq 1 50); do
  curl --silent --fail --output /dev/null "http://127.0.0.1:$port/good/v$version/SHA256SUMS" && break
  sleep 0.1
done

mkdir -p "$work/no-cargo"
printf '#!/bin/sh\necho "cargo $*" >>"%s"\nexit 1\n' "$work/cargo-calls.log" >"$work/no-cargo/cargo"
chmod +x "$work/no-cargo/cargo"
touch "$work/cargo-calls.log"
export GITHUB_ACTIONS=true CI=true RUNNER_OS=Linux RUNNER_ARCH=X64
export GITHUB_ACTION_PATH="$root" RUNNER_TOOL_CACHE="$work/tool-cache"

install() { # NAME DOWNLOAD_URL ACTION_REF [PATH_PREFIX] -> exit status; output in $work/NAME.log
  local status=0
  mkdir -p "$work/$1/temp"
  : >"$work/$1/github-path"
  RUNNER_TEMP="$work/$1/temp" GITHUB_PATH="$work/$1/github-path" INPUT_VERSION="" INPUT_TARGET="$target" \
    INPUT_DOWNLOAD_URL="$2" ACTION_REF="$3" PATH="${4:-$work/no-cargo}:$PATH" \
    bash "$root/scripts/action-run.sh" install >"$work/$1.log" 2>&1 || status=$?
  return "$status"
}

echo "test-action-install: download, verify and cache the release of the action's tag"
install fresh "http://127.0.0.1:$port/good" "v$version" || { cat "$work/fresh.log"; fail "the install step failed"; }
cached="$RUNNER_TOOL_CACHE/cfnlint-lock/$version/$target"
[ "$(cat "$work/fresh/github-path")" = "$cached" ] || fail "GITHUB_PATH holds '$(cat "$work/fresh/github-path")', not $cached"
[ -f "$cached.complete" ] || fail "no tool-cache marker $cached.complete"
grep -q "matches SHA256SUMS" "$work/fresh.log" || { cat "$work/fresh.log"; fail "the archive was not checked"; }
# The check step, with the PATH the runner builds from GITHUB_PATH, on the incident.
mkdir -p "$work/workspace"
cp -R rules/LOCK001-revision-bearing-import/fail/incident/cdk.out "$work/workspace/cdk.out"
status=0
GITHUB_WORKSPACE="$work/workspace" GITHUB_STEP_SUMMARY="$work/summary.md" GITHUB_OUTPUT="$work/output" \
  INPUT_PATH=cdk.out INPUT_BASELINE="" INPUT_FAIL_ON=error INPUT_SARIF_FILE="" PATH="$cached:$work/no-cargo:$PATH" \
  bash "$root/scripts/action-run.sh" check >"$work/check.log" 2>&1 || status=$?
[ "$status" -eq 1 ] || { cat "$work/check.log"; fail "expected exit 1 from the check step on the incident, got $status"; }
grep -q '^::error file=cdk.out/assembly-.*title=LOCK001' "$work/check.log" || { cat "$work/check.log"; fail "no LOCK001 annotation"; }

echo "test-action-install: the tool cache serves the next run"
install cached "http://127.0.0.1:1/unreachable" "v$version" || { cat "$work/cached.log"; fail "the cached install failed"; }
grep -q "from the tool cache" "$work/cached.log" || { cat "$work/cached.log"; fail "the tool cache was not used"; }

echo "test-action-install: an archive that does not match SHA256SUMS fails the step"
export RUNNER_TOOL_CACHE="$work/tool-cache-tampered"
status=0
install tampered "http://127.0.0.1:$port/tampered" "v$version" || status=$?
[ "$status" -ne 0 ] || { cat "$work/tampered.log"; fail "a tampered archive was installed"; }
grep -q "^::error title=cfnlint-lock install::$archive does not match its SHA256SUMS entry" "$work/tampered.log" ||
  { cat "$work/tampered.log"; fail "no checksum error annotation"; }
[ ! -s "$work/tampered/github-path" ] || fail "a tampered archive went on GITHUB_PATH"
[ -z "$(find "$RUNNER_TOOL_CACHE" -name cfnlint-lock -type f 2>/dev/null)" ] || fail "a tampered binary is in the tool cache"
[ ! -s "$work/cargo-calls.log" ] || { cat "$work/cargo-calls.log"; fail "cargo ran on the download path"; }

echo "test-action-install: no release for the version falls back to cargo install"
export RUNNER_TOOL_CACHE="$work/tool-cache-fallback"
export CARGO_INSTALL_ROOT="$work/cargo-root" CARGO_TARGET_DIR="$root/target"
install fallback "http://127.0.0.1:$port/empty" "v$version" "$work/cargo-root/bin" ||
  { cat "$work/fallback.log"; fail "the fallback install failed"; }
grep -q "no release archive of $version for $target" "$work/fallback.log" || { cat "$work/fallback.log"; fail "no fallback message"; }
[ -x "$work/cargo-root/bin/cfnlint-lock" ] || { cat "$work/fallback.log"; fail "cargo install did not install cfnlint-lock"; }
echo "test-action-install: ok"
