#!/usr/bin/env bash
# Checks every CDK fix cfnlint-lock prints against the pinned aws-cdk-lib and aws-cdk CLI
# (fixtures/node): the APIs and context keys it names exist, its snippets synthesize to what
# the help claims, canSkipDeploy behaves as LOCK012 says, and hostile names stay strings.
# See scripts/check-cdk-advice.js. Needs Node.js and npm; installs fixtures/node with `npm ci`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
node_dir="$root/fixtures/node"
stamp="$node_dir/node_modules/.package-lock.json"
if [[ ! -f "$stamp" || "$node_dir/package-lock.json" -nt "$stamp" ]]; then
  echo "check-cdk-advice: npm ci in fixtures/node"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
cargo build --locked --quiet
NODE_PATH="$node_dir/node_modules" CDK_DISABLE_STACK_TRACE=1 node scripts/check-cdk-advice.js "$root/target/debug/cfnlint-lock"
