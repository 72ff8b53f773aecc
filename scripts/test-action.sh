#!/usr/bin/env bash
# Tests action.yml's shell steps (scripts/action-run.sh) the way GitHub runs them: the
# variables a runner sets (GITHUB_ACTION_PATH, GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY,
# GITHUB_OUTPUT, RUNNER_TEMP) and the INPUT_* variables action.yml maps from its inputs,
# against a workspace holding the incident fixture's cdk.out. Checks the annotations, the
# job summary, the SARIF file, the step output and the exit status for each `fail-on`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "test-action: $*" >&2; exit 1; }

# The mapping this test relies on must be the one action.yml declares.
for mapping in 'INPUT_VERSION: ${{ inputs.version }}' 'INPUT_PATH: ${{ inputs.path }}' \
  'INPUT_BASELINE: ${{ inputs.baseline }}' 'INPUT_FAIL_ON: ${{ inputs.fail-on }}' \
  'INPUT_SARIF_FILE: ${{ inputs.sarif-file }}'; do
  grep -qF "$mapping" action.yml || fail "action.yml does not map \`$mapping\`"
done
grep -qF 'run: bash "$GITHUB_ACTION_PATH/scripts/action-run.sh" install' action.yml || fail "action.yml does not run the install step"
grep -qF 'run: bash "$GITHUB_ACTION_PATH/scripts/action-run.sh" check' action.yml || fail "action.yml does not run the check step"

export GITHUB_ACTIONS=true CI=true
export GITHUB_ACTION_PATH="$root"
export RUNNER_TEMP="$work/runner-temp"
export GITHUB_WORKSPACE="$work/workspace"
export GITHUB_STEP_SUMMARY="$work/step-summary.md"
export GITHUB_OUTPUT="$work/output"
mkdir -p "$RUNNER_TEMP" "$GITHUB_WORKSPACE"
touch "$GITHUB_STEP_SUMMARY" "$GITHUB_OUTPUT"
# `cargo install` into a scratch root, reusing the release build of scripts/package.sh.
export CARGO_INSTALL_ROOT="$work/cargo-root" CARGO_TARGET_DIR="$root/target"
export PATH="$CARGO_INSTALL_ROOT/bin:$PATH"
cp -R rules/LOCK001-revision-bearing-import/fail/incident/cdk.out "$GITHUB_WORKSPACE/cdk.out"
mkdir -p "$GITHUB_WORKSPACE/clean"
cp -R rules/LOCK001-revision-bearing-import/pass/benign/cdk.out "$GITHUB_WORKSPACE/clean/cdk.out"

echo "test-action: install step"
INPUT_VERSION="" bash "$GITHUB_ACTION_PATH/scripts/action-run.sh" install >"$work/install.log" 2>&1 ||
  { cat "$work/install.log"; fail "the install step failed"; }
command -v cfnlint-lock | grep -q "^$CARGO_INSTALL_ROOT/bin/" || fail "cfnlint-lock was not installed into CARGO_INSTALL_ROOT"

check() { # FAIL_ON PATH SARIF -> exit status; output in $work/check.log
  local status=0
  INPUT_PATH="$2" INPUT_BASELINE="" INPUT_FAIL_ON="$1" INPUT_SARIF_FILE="$3" \
    bash "$GITHUB_ACTION_PATH/scripts/action-run.sh" check >"$work/check.log" 2>&1 || status=$?
  return "$status"
}

echo "test-action: check step on the incident (fail-on error, sarif-file)"
status=0
check error cdk.out reports/cfnlint-lock.sarif || status=$?
[ "$status" -eq 1 ] || { cat "$work/check.log"; fail "expected exit 1 on the incident, got $status"; }
annotations=$(grep -c '^::error file=cdk.out/assembly-' "$work/check.log" || true)
[ "$annotations" -eq 4 ] || { cat "$work/check.log"; fail "expected 4 error annotations on the templates, got $annotations"; }
grep -q '^::error file=cdk.out/assembly-dev/devservice749B5B1F.template.json,line=376,endLine=376,col=9,endColumn=97,title=LOCK001 revision-bearing-import::' "$work/check.log" ||
  fail "the first annotation is not at the import's line and columns"
# The report itself (template text) sits between `::stop-commands::TOKEN` and `::TOKEN::`.
token=$(sed -n 's/^::stop-commands::\([0-9a-f]\{32\}\)$/\1/p' "$work/check.log")
[ -n "$token" ] || { cat "$work/check.log"; fail "the report is not wrapped in stop-commands with a random token"; }
[ "$(tail -n 1 "$work/check.log")" = "::$token::" ] || fail "the log does not end by resuming commands with the token"
sed -n "/^::stop-commands::$token\$/,/^::$token::\$/p" "$work/check.log" | grep -q 'LOCK001' ||
  fail "the human report is not inside the stop-commands block"
grep -q '^### cfnlint-lock' "$GITHUB_STEP_SUMMARY" || fail "no job summary in GITHUB_STEP_SUMMARY"
grep -q '\*\*4 errors\*\*' "$GITHUB_STEP_SUMMARY" || fail "the job summary does not count 4 errors"
grep -qx 'sarif-file=reports/cfnlint-lock.sarif' "$GITHUB_OUTPUT" || fail "no sarif-file step output"
sarif="$GITHUB_WORKSPACE/reports/cfnlint-lock.sarif"
# `reports/` did not exist: the tool makes it.
[ -f "$sarif" ] || { cat "$work/check.log"; fail "no SARIF file at $sarif"; }
python3 - "$sarif" <<'PY' || fail "the SARIF file is not what code scanning needs"
import json, sys
log = json.load(open(sys.argv[1]))
assert log["version"] == "2.1.0" and len(log["runs"]) == 1, "one SARIF 2.1.0 run"
results = log["runs"][0]["results"]
assert len(results) == 4, f"{len(results)} results"
for r in results:
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].startswith("cdk.out/assembly-"), loc
    assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1, loc
    assert r["partialFingerprints"]["cfnlintLock/v1"], r
PY

echo "test-action: check step with fail-on never, and on a clean assembly"
check never cdk.out "" || fail "fail-on never must not fail the step"
grep -q '^::error file=' "$work/check.log" || fail "fail-on never must still annotate"
check error "clean/cdk.out" "" || { cat "$work/check.log"; fail "a clean assembly must pass"; }
if grep -q '^::error' "$work/check.log"; then fail "a clean assembly got annotations"; fi
echo "test-action: ok"
