#!/usr/bin/env bash
# Validates the SARIF cfnlint-lock writes, for every fail fixture (rules/*/fail/*), the
# hostile-string templates and an input that cannot be read (load problems become tool
# execution notifications):
#
#  1. against the SARIF 2.1.0 JSON schema with ajv-cli. The schema is the one
#     `@microsoft/sarif-multitool-linux` ships (`sarif-2.1.0.json`, the OASIS 2.1.0 schema
#     as Microsoft's SARIF SDK validates with it, JSON Schema 2020-12), so nothing is
#     downloaded at run time beyond the pinned npm packages;
#  2. with the SARIF Multitool (`validate`), its SARIF rules and GitHub's ingestion rules
#     (`--rule-kind "Sarif;Gh"`). The Multitool skips files it cannot deserialize, so the
#     schema check comes first. It exits 0 even when it reports errors, so its output log
#     is read and any error-level result fails this script.
#
# Needs Node.js and npm; installs the tools pinned in scripts/sarif-tools/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tools="$root/scripts/sarif-tools"

echo "validate-sarif: installing the validators (scripts/sarif-tools)"
npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error >/dev/null
multitool="$tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
schema="$tools/node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json"
# npm 11 leaves install scripts unrun unless approved; the package's only one is this chmod.
chmod u+x "$multitool"
# The Multitool is a .NET program; without ICU it must run in invariant mode.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

cargo build --locked --quiet
bin="$root/target/debug/cfnlint-lock"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

count=0
render() { # NAME ARGS... (PATHs and --baseline options)
  local name=$1 status=0
  shift
  "$bin" --format sarif "$@" >"$out/$name.sarif.json" || status=$?
  # 1: findings, 2: load errors (the broken input); anything else is a crash.
  if [ "$status" -gt 2 ]; then
    echo "validate-sarif: cfnlint-lock exited $status on $*" >&2
    exit 1
  fi
  count=$((count + 1))
}
# A case is checked as tests/fixtures.rs does: its cdk.out/ or templates/, or the `paths`
# (and `baseline`) a `case.yaml` names, relative to the case.
case_args() { # CASE -> one argument per line
  python3 - "$1" <<'PY'
import os, re, sys
case = sys.argv[1]
lists = {}
path = os.path.join(case, "case.yaml")
if os.path.exists(path):
    for line in open(path, encoding="utf-8"):
        m = re.match(r"^(paths|baseline):\s*\[(.*)\]\s*(#.*)?$", line)
        if m:
            items = [i.strip().strip("'\"") for i in m.group(2).split(",") if i.strip()]
            lists[m.group(1)] = [os.path.normpath(os.path.join(case, i)) for i in items]
paths = lists.get("paths") or [os.path.join(case, d) for d in ("cdk.out", "templates") if os.path.isdir(os.path.join(case, d))]
for p in paths:
    print(p)
for b in lists.get("baseline", []):
    print("--baseline")
    print(b)
PY
}
for case in rules/*/fail/*/; do
  case=${case%/}
  rule=$(basename "$(dirname "$(dirname "$case")")")
  mapfile -t args < <(case_args "$case")
  [ "${#args[@]}" -gt 0 ] || { echo "validate-sarif: nothing to check in $case" >&2; exit 1; }
  render "${rule}__$(basename "$case")" "${args[@]}"
done
render hostile tests/hostile
render broken-invalid-yaml tests/broken/invalid-yaml
[ "$count" -ge 5 ] || { echo "validate-sarif: only $count SARIF files rendered" >&2; exit 1; }

echo "validate-sarif: $count files against the SARIF 2.1.0 schema (ajv)"
"$tools/node_modules/.bin/ajv" validate --spec=draft2020 --strict=false -c ajv-formats \
  -s "$schema" -d "$out/*.sarif.json"

echo "validate-sarif: $count files with the SARIF Multitool (rules: Sarif;Gh)"
failed=0
for file in "$out"/*.sarif.json; do
  name=$(basename "$file" .sarif.json)
  "$multitool" validate --rule-kind "Sarif;Gh" --level "Error;Warning" \
    -o "$out/$name.validation.sarif" "$file" >"$out/$name.multitool.txt" 2>&1 || {
    cat "$out/$name.multitool.txt" >&2
    failed=1
    continue
  }
  # Every error and warning the Multitool reported, one line each; errors fail.
  node -e '
    const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const results = log.runs.flatMap((r) => r.results || []);
    const notes = log.runs.flatMap((r) => (r.invocations || []).flatMap((i) => i.toolExecutionNotifications || []));
    let errors = 0;
    for (const r of results) {
      const level = r.level || "warning";
      if (level === "error") errors++;
      const text = r.message.text || (r.message.arguments || []).join(" ");
      console.log(`  ${process.argv[2]}: ${level} ${r.ruleId}: ${text}`);
    }
    for (const n of notes.filter((n) => n.level === "error")) {
      errors++;
      console.log(`  ${process.argv[2]}: tool error: ${n.message.text}`);
    }
    if (errors === 0) console.log(`  ${process.argv[2]}: no error`);
    process.exit(errors ? 1 : 0);
  ' "$out/$name.validation.sarif" "$name" || failed=1
done
if [ "$failed" -ne 0 ]; then
  echo "validate-sarif: the SARIF Multitool reported errors" >&2
  exit 1
fi
echo "validate-sarif: ok ($count files)"
