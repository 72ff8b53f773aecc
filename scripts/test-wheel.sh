#!/usr/bin/env bash
# Tests the PyPI packages scripts/package.sh built into DIST (default target/dist) as a user
# gets them, from DIST alone (no index, and no cargo or rustc on PATH): the wheel installed
# with pip into a fresh venv reports its version, and it, `uvx cfnlint-lock` and `pipx run
# cfnlint-lock` run the incident check (exit 1, LOCK001); the sdist holds the same files as the .crate (whose build `cargo publish
# --dry-run` checks), and pip builds a wheel from it whose binary finds the incident too.
set -euo pipefail
cd "$(dirname "$0")/.."
dist=$(cd "${1:-target/dist}" && pwd)
# shellcheck source=scripts/release-tools/lib.sh
. scripts/release-tools/lib.sh
fail() { echo "test-wheel: $*" >&2; exit 1; }

bash scripts/release-tools/install.sh
version=$(crate_version)
wheels=("$dist"/cfnlint_lock-"$version"-*.whl)
[ -f "${wheels[0]}" ] || fail "no wheel for $version in $dist (run scripts/package.sh first)"

echo "test-wheel: pip install ${wheels[0]##*/} into a fresh venv"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-index --find-links "$dist" "cfnlint-lock==$version"
# What a machine without Rust has on PATH: the venv and the system, no cargo.
saved_path=$PATH
export PATH="$work/venv/bin:/usr/local/bin:/usr/bin:/bin"
if command -v cargo >/dev/null || command -v rustc >/dev/null; then fail "cargo is on the test's PATH"; fi
[ "$(command -v cfnlint-lock)" = "$work/venv/bin/cfnlint-lock" ] || fail "cfnlint-lock is not the venv's"
[ "$(cfnlint-lock --version)" = "cfnlint-lock $version" ] || fail "--version says $(cfnlint-lock --version)"

finds_incident() { # LABEL COMMAND... -> the command, given the incident, exits 1 naming LOCK001
  local label=$1 status=0
  shift
  "$@" --color never rules/LOCK001-revision-bearing-import/fail/incident/cdk.out >"$work/check.log" 2>&1 || status=$?
  [ "$status" -eq 1 ] && grep -q "LOCK001" "$work/check.log" ||
    { cat "$work/check.log"; fail "$label: expected exit 1 and LOCK001 on the incident, got exit $status"; }
  echo "test-wheel: $label finds LOCK001 in the incident (exit 1)"
}
finds_incident "pip install" cfnlint-lock

# `uvx` and `pipx run` (with uv under it), from the same folder and no index.
tools="$PWD/target/release-tools/venv/bin"
export UV_NO_INDEX=1 UV_FIND_LINKS="$dist" UV_CACHE_DIR="$work/uv-cache" UV_TOOL_DIR="$work/uv-tools"
export PIPX_HOME="$work/pipx" PIPX_BIN_DIR="$work/pipx-bin"
finds_incident uvx "$tools/uvx" --from "cfnlint-lock==$version" cfnlint-lock
PATH="$tools:$PATH" finds_incident "pipx run" "$tools/pipx" run --spec "cfnlint-lock==$version" cfnlint-lock

# The sdist builds the crate's files (maturin lists them with `cargo package --list`).
python3 - "$dist/cfnlint_lock-$version.tar.gz" "$dist/cfnlint-lock-$version.crate" <<'PY' || fail "the sdist and the .crate hold different sources"
import sys, tarfile
def names(path, extra):
    with tarfile.open(path) as t:
        return {n.split("/", 1)[1] for n in t.getnames() if "/" in n} - extra
sdist = names(sys.argv[1], {"PKG-INFO", "pyproject.toml"})
crate = names(sys.argv[2], {".cargo_vcs_info.json", "Cargo.toml.orig"})
assert sdist == crate, (sorted(sdist ^ crate))
assert "src/main.rs" in sdist and not any(n.startswith(("tests/", "snapshots/")) for n in sdist), sorted(sdist)
PY
# And it builds: pip builds a wheel from it with maturin (the pinned one, no index), and
# that wheel's binary finds the incident too. Cargo reuses the release build where the
# sdist's files are the ones it was built from (a file missing from the sdist is a rebuild
# that fails), so this costs seconds, not another LTO build.
echo "test-wheel: pip wheel from the sdist"
(
  export PATH="$PWD/target/release-tools/venv/bin:$saved_path" CARGO_TARGET_DIR="$PWD/target"
  "$PWD/target/release-tools/venv/bin/pip" wheel --quiet --disable-pip-version-check --no-index --no-build-isolation \
    --no-deps --wheel-dir "$work/from-sdist" "$dist/cfnlint_lock-$version.tar.gz"
) >"$work/sdist.log" 2>&1 || { cat "$work/sdist.log"; fail "the sdist does not build"; }
built=("$work"/from-sdist/cfnlint_lock-"$version"-*.whl)
unzip -q -d "$work/from-sdist/unpacked" "${built[0]}"
binary="$work/from-sdist/unpacked/cfnlint_lock-$version.data/scripts/cfnlint-lock"
finds_incident "the sdist's wheel" "$binary"
echo "test-wheel: ok"
