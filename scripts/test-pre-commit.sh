#!/usr/bin/env bash
# Tests both pre-commit hooks with the real pre-commit from PyPI, each in two temporary git
# repositories: one holding the incident fixture's cdk.out (the hook must fail and name
# LOCK001) and one a clean assembly (it must pass).
#
#  1. `cfnlint-lock` from pre-commit/ (the mirror repository's content), without Rust, as a
#     user runs it: a .pre-commit-config.yaml naming the mirror at a commit, then
#     `pre-commit run`. pip installs the cfnlint-lock wheel from a local wheel index (DIST,
#     default target/dist, made by scripts/package.sh, plus the setuptools wheel the hook
#     package builds with; no other index). `cargo`, `rustc` and `rustup` on PATH are
#     stand-ins that record any call and fail; none may be recorded but pip's
#     `rustc --version`.
#  2. `cfnlint-lock-source` from this repository, by `pre-commit try-repo`: pre-commit
#     builds it with `cargo install`, as it would for a user.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dist=$(cd "${1:-target/dist}" && pwd)
# shellcheck source=scripts/release-tools/lib.sh
. scripts/release-tools/lib.sh
fail() { echo "test-pre-commit: $*" >&2; exit 1; }

bash scripts/release-tools/install.sh
pre_commit="$root/target/release-tools/venv/bin/pre-commit"

run_hook() { # NAME HOOK_REPO HOOK_ID FIXTURE_CDK_OUT -> exit status of the hook run, output in $work/NAME.log
  local repo="$work/$1" status=0
  mkdir -p "$repo"
  cp -R "$4" "$repo/cdk.out"
  git -C "$repo" init --quiet
  git -C "$repo" add cdk.out
  if [ "$3" = cfnlint-lock-source ]; then
    (cd "$repo" && "$pre_commit" try-repo "$2" "$3" --all-files --color never) >"$work/$1.log" 2>&1 || status=$?
  else
    printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: %s\n' \
      "$2" "$(git -C "$2" rev-parse HEAD)" "$3" >"$repo/.pre-commit-config.yaml"
    git -C "$repo" add .pre-commit-config.yaml
    (cd "$repo" && "$pre_commit" run --all-files --color never) >"$work/$1.log" 2>&1 || status=$?
  fi
  return "$status"
}

check_hook() { # LABEL HOOK_REPO HOOK_ID
  local status=0
  run_hook "$1-locked" "$2" "$3" rules/LOCK001-revision-bearing-import/fail/incident/cdk.out || status=$?
  if [ "$status" -eq 0 ] || ! grep -q "LOCK001" "$work/$1-locked.log"; then
    cat "$work/$1-locked.log"
    fail "hook $3 should fail on the incident fixture with LOCK001 (exit $status)"
  fi
  status=0
  run_hook "$1-clean" "$2" "$3" rules/LOCK001-revision-bearing-import/pass/benign/cdk.out || status=$?
  if [ "$status" -ne 0 ] || ! grep -q "Passed" "$work/$1-clean.log"; then
    cat "$work/$1-clean.log"
    fail "hook $3 should pass on a clean assembly (exit $status)"
  fi
  echo "test-pre-commit: hook $3 fails on LOCK001 and passes on a clean assembly"
}

version=$(crate_version)
wheels=("$dist"/cfnlint_lock-"$version"-*.whl)
[ -f "${wheels[0]}" ] || fail "no wheel for $version in $dist (run scripts/package.sh first)"

echo "test-pre-commit: hook cfnlint-lock (prebuilt wheel, no Rust)"
mkdir -p "$work/index" "$work/no-rust"
cp "${wheels[0]}" "$work/index/"
"$root/target/release-tools/venv/bin/pip" download --quiet --disable-pip-version-check --only-binary :all: \
  --no-deps --dest "$work/index" 'setuptools==84.2.1'
# The mirror repository: pre-commit/'s files as their own git repository.
cp -R pre-commit "$work/mirror"
git -C "$work/mirror" init --quiet
git -C "$work/mirror" add -A
git -C "$work/mirror" -c user.name=test -c user.email=test@localhost commit --quiet -m mirror
for tool in cargo rustc rustup; do
  printf '#!/bin/sh\necho "%s $*" >>"%s"\nexit 1\n' "$tool" "$work/rust-calls.log" >"$work/no-rust/$tool"
  chmod +x "$work/no-rust/$tool"
done
touch "$work/rust-calls.log"
(
  export PRE_COMMIT_HOME="$work/home-prebuilt" PIP_NO_INDEX=1 PIP_FIND_LINKS="$work/index"
  export PIP_DISABLE_PIP_VERSION_CHECK=1 CARGO_HOME="$work/no-cargo-home" RUSTUP_HOME="$work/no-rustup-home"
  export PATH="$work/no-rust:/usr/local/bin:/usr/bin:/bin"
  check_hook prebuilt "$work/mirror" cfnlint-lock
)
# pip runs `rustc --version` for its User-Agent header; anything else would be a build.
if grep -vx 'rustc --version' "$work/rust-calls.log"; then fail "the prebuilt hook called the Rust toolchain"; fi
installed=$(find "$work/home-prebuilt" -path '*/bin/cfnlint-lock' -type f | head -n 1)
[ -n "$installed" ] || fail "no cfnlint-lock in the hook's environment"
[ "$("$installed" --version)" = "cfnlint-lock $version" ] || fail "the hook's cfnlint-lock is not $version"
cmp -s "$installed" <(unzip -p "${wheels[0]}" "cfnlint_lock-$version.data/scripts/cfnlint-lock") ||
  fail "the hook's cfnlint-lock is not the wheel's binary"
echo "test-pre-commit: the prebuilt hook runs the wheel's binary and called no cargo"

echo "test-pre-commit: hook cfnlint-lock-source (cargo install)"
(
  export PRE_COMMIT_HOME="$work/home-source"
  # Reuse the release build's compiled dependencies (scripts/package.sh's); pre-commit's
  # `cargo install` honours it.
  export CARGO_TARGET_DIR="$root/target"
  check_hook source "$root" cfnlint-lock-source
)
echo "test-pre-commit: ok"
