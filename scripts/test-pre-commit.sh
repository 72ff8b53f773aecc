#!/usr/bin/env bash
# Tests .pre-commit-hooks.yaml with the real pre-commit from PyPI: `pre-commit try-repo`
# this repository's hook in two temporary git repositories, one holding the incident
# fixture's cdk.out (the hook must fail and name LOCK001) and one a clean assembly (it
# must pass). pre-commit builds the hook with `cargo install`, as it would for a user.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "test-pre-commit: installing pre-commit into a virtualenv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check 'pre-commit==4.7.0'
export PRE_COMMIT_HOME="$work/pre-commit-home"
# Reuse compiled dependencies between runs; pre-commit's `cargo install` honours it.
export CARGO_TARGET_DIR="$root/target/integrations"

try_repo() { # NAME FIXTURE_CDK_OUT -> exit status of the hook run, output in $work/NAME.log
  local repo="$work/$1"
  mkdir -p "$repo"
  cp -R "$2" "$repo/cdk.out"
  git -C "$repo" init --quiet
  git -C "$repo" add cdk.out
  local status=0
  (cd "$repo" && "$work/venv/bin/pre-commit" try-repo "$root" cfnlint-lock --all-files --color never) \
    >"$work/$1.log" 2>&1 || status=$?
  return "$status"
}

status=0
try_repo locked rules/LOCK001-revision-bearing-import/fail/incident/cdk.out || status=$?
if [ "$status" -eq 0 ] || ! grep -q "LOCK001" "$work/locked.log"; then
  cat "$work/locked.log"
  echo "test-pre-commit: the hook should fail on the incident fixture with LOCK001 (exit $status)" >&2
  exit 1
fi
echo "test-pre-commit: the hook fails on the incident fixture, as it should"

status=0
try_repo clean rules/LOCK001-revision-bearing-import/pass/benign/cdk.out || status=$?
if [ "$status" -ne 0 ] || ! grep -q "Passed" "$work/clean.log"; then
  cat "$work/clean.log"
  echo "test-pre-commit: the hook should pass on a clean assembly (exit $status)" >&2
  exit 1
fi
echo "test-pre-commit: ok (fails on LOCK001, passes on a clean assembly)"
