#!/usr/bin/env bash
# Installs the pinned tools the release checks use into target/release-tools/: a Python
# venv with requirements.txt (maturin, pre-commit, actionlint, shellcheck) and verdaccio
# from package-lock.json. Again only when a pin changed. Prints nothing on success but
# what it installs; the scripts that need the tools run it first.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dest="$root/target/release-tools"
stamp="$dest/stamp"
want=$(cat "$here/requirements.txt" "$here/package-lock.json" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "release-tools: installing into $dest"
rm -rf "$dest"
mkdir -p "$dest"
python3 -m venv "$dest/venv"
"$dest/venv/bin/pip" install --quiet --disable-pip-version-check --only-binary :all: -r "$here/requirements.txt"
cp "$here/package.json" "$here/package-lock.json" "$dest/"
npm ci --prefix "$dest" --no-audit --no-fund --loglevel=error >/dev/null
echo "$want" >"$stamp"
