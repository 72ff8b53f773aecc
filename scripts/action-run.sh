#!/usr/bin/env bash
# The shell steps of action.yml (`install`, then `check`), kept here so that
# scripts/test-action.sh can run them exactly as GitHub does: with GITHUB_ACTION_PATH,
# GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY, GITHUB_OUTPUT and the INPUT_* variables that
# action.yml maps from its inputs (composite actions get no INPUT_* of their own).
set -euo pipefail

step=${1:?usage: action-run.sh install|check}

case "$step" in
install)
  # The release archive for the runner, checked against SHA256SUMS; see the script.
  exec bash "$(dirname "$0")/action-install.sh"
  ;;
check)
  cd "${GITHUB_WORKSPACE:?}"
  args=(--format human --color always --fail-on "${INPUT_FAIL_ON:-error}")
  # Inputs are lists separated by spaces or new lines; no glob expansion.
  set -f
  for baseline in ${INPUT_BASELINE:-}; do
    args+=(--baseline "$baseline")
  done
  if [ -n "${INPUT_SARIF_FILE:-}" ]; then
    args+=(--output-file "sarif=$INPUT_SARIF_FILE")
  fi
  # shellcheck disable=SC2206 # split on whitespace on purpose, globbing is off
  paths=(${INPUT_PATH:-cdk.out})
  set +f
  out=$(mktemp -d "${RUNNER_TEMP:-/tmp}/cfnlint-lock.XXXXXX")
  args+=(--output-file "github=$out/annotations")
  status=0
  cfnlint-lock "${args[@]}" -- "${paths[@]}" >"$out/report" 2>&1 || status=$?
  # The annotations are workflow commands of ours, the template text in them escaped.
  if [ -f "$out/annotations" ]; then cat "$out/annotations"; fi
  # The report shows template text: the runner acts on no line of it. The token is
  # random, so no template can end the pause; it must start a line of its own.
  token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  echo "::stop-commands::$token"
  cat "$out/report"
  if [ -s "$out/report" ] && [ -n "$(tail -c1 "$out/report")" ]; then echo; fi
  echo "::$token::"
  rm -rf "$out"
  if [ -n "${INPUT_SARIF_FILE:-}" ] && [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "sarif-file=$INPUT_SARIF_FILE" >>"$GITHUB_OUTPUT"
  fi
  exit "$status"
  ;;
*)
  echo "action-run.sh: unknown step \`$step\`" >&2
  exit 2
  ;;
esac
