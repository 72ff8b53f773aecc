#!/usr/bin/env bash
# Tests the npm packages scripts/package.sh built into DIST (default target/dist) as a CDK
# team installs them: a local npm registry (verdaccio, pinned in scripts/release-tools) on
# a loopback port, the packages published to it, `npm install cfnlint-lock` in a fresh copy
# of the incident's CDK app (its app.js, cdk.json and synthesized cdk.out), then
# `npx cfnlint-lock cdk.out` (exit 1, LOCK001), the exported binary path, and the error a
# platform without a binary gets. The registry has no uplink: only what was published here
# can be installed. Stops the registry and removes everything, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dist=$(cd "${1:-target/dist}" && pwd)
# shellcheck source=scripts/release-tools/lib.sh
. scripts/release-tools/lib.sh
fail() { echo "test-npm: $*" >&2; [ -f "$work/registry.log" ] && tail -20 "$work/registry.log" >&2; exit 1; }

bash scripts/release-tools/install.sh
verdaccio="$root/target/release-tools/node_modules/.bin/verdaccio"
version=$(node -p 'require("./npm/cfnlint-lock/package.json").version')
[ -f "$dist/cfnlint-lock-$version.tgz" ] || fail "no cfnlint-lock-$version.tgz in $dist (run scripts/package.sh first)"

# A free loopback port, the registry's storage and a user config of our own.
port=$(free_port)
registry="http://127.0.0.1:$port/"
mkdir -p "$work/storage"
cat >"$work/config.yaml" <<YAML
storage: $work/storage
auth:
  htpasswd:
    file: $work/htpasswd
    max_users: 1
uplinks: {}
packages:
  '**':
    access: \$all
    publish: \$authenticated
listen: 127.0.0.1:$port
log: { type: stdout, format: pretty, level: warn }
YAML
export NPM_CONFIG_USERCONFIG="$work/npmrc" NPM_CONFIG_CACHE="$work/npm-cache" NPM_CONFIG_REGISTRY="$registry"
export NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false NPM_CONFIG_UPDATE_NOTIFIER=false
: >"$NPM_CONFIG_USERCONFIG"

echo "test-npm: starting verdaccio on $registry"
background "$work/registry.log" "$verdaccio" --config "$work/config.yaml"
registry_pid=${background_pids[-1]}
for _ in $(seq 1 100); do
  curl --silent --fail "${registry}-/ping" >/dev/null 2>&1 && break
  kill -0 "$registry_pid" 2>/dev/null || fail "verdaccio exited"
  sleep 0.2
done
curl --silent --fail "${registry}-/ping" >/dev/null || fail "verdaccio did not answer on $registry"

# A user to publish as (verdaccio's htpasswd sign-up), and its token for npm.
token=$(curl --silent --fail -X PUT -H 'content-type: application/json' \
  -d '{"name": "release-test", "password": "release-test-password"}' \
  "${registry}-/user/org.couchdb.user:release-test" | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0)).token)') ||
  fail "cannot sign up to verdaccio"
echo "//127.0.0.1:$port/:_authToken=$token" >"$NPM_CONFIG_USERCONFIG"

echo "test-npm: publishing the packages from $dist"
for tarball in "$dist"/*.tgz; do
  npm publish "$tarball" --loglevel=error >"$work/publish.log" 2>&1 || { cat "$work/publish.log"; fail "npm publish ${tarball##*/}"; }
done

echo "test-npm: npm install cfnlint-lock in a fresh CDK app"
app="$work/app"
mkdir -p "$app"
cp -R rules/LOCK001-revision-bearing-import/fail/incident/{app.js,cdk.json,cdk.out} "$app/"
(cd "$app" && npm init --yes >/dev/null && npm install --save-dev "cfnlint-lock@$version" --loglevel=error) >"$work/install.log" 2>&1 ||
  { cat "$work/install.log"; fail "npm install cfnlint-lock failed"; }
# The host's platform package came with it, from this registry.
host=$(rustc -vV | sed -n 's/^host: //p')
platform=$(node -p 'require("./npm/platforms.json").find((p) => p.target === process.argv[1]).package' "$host")
[ -x "$app/node_modules/$platform/bin/cfnlint-lock" ] || { cat "$work/install.log"; fail "$platform was not installed"; }

status=0
(cd "$app" && PATH="/usr/local/bin:/usr/bin:/bin" npx --no-install cfnlint-lock --color never cdk.out) >"$work/check.log" 2>&1 || status=$?
[ "$status" -eq 1 ] || { cat "$work/check.log"; fail "expected exit 1 from npx cfnlint-lock on the incident, got $status"; }
grep -q "LOCK001" "$work/check.log" || { cat "$work/check.log"; fail "no LOCK001 from npx cfnlint-lock"; }
echo "test-npm: npx cfnlint-lock cdk.out finds LOCK001 (exit 1)"

# The exported path, for tools that embed the binary.
path=$(cd "$app" && node -p 'require("cfnlint-lock").binaryPath')
case "$path" in "$app/node_modules/@cfnlint-lock/"*/bin/cfnlint-lock) ;; *) fail "binaryPath is $path" ;; esac
[ "$("$path" --version)" = "cfnlint-lock $version" ] || fail "the binary at binaryPath says $("$path" --version)"

# A platform with no prebuilt binary: a clear error naming it, exit 2.
cat >"$work/aix.js" <<'JS'
Object.defineProperty(process, "platform", { value: "aix" });
Object.defineProperty(process, "arch", { value: "ppc64" });
JS
status=0
(cd "$app" && node --require "$work/aix.js" node_modules/.bin/cfnlint-lock cdk.out) >"$work/aix.log" 2>&1 || status=$?
[ "$status" -eq 2 ] && grep -q "no prebuilt binary for aix-ppc64" "$work/aix.log" ||
  { cat "$work/aix.log"; fail "an unsupported platform must fail with exit 2 and name it"; }
echo "test-npm: ok"
