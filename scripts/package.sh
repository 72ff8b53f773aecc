#!/usr/bin/env bash
# Builds every artifact a release publishes, for one target, into OUT_DIR:
#
#   cfnlint-lock-<version>-<target>.tar.gz   the binary with README, CHANGELOG and licences
#                                            (.zip for Windows targets)
#   cfnlint_lock-<version>-*.whl             the PyPI wheel (maturin, `bindings = "bin"`)
#   cfnlint_lock-<version>.tar.gz            the PyPI sdist (builds from source)
#   cfnlint-lock-<version>.crate             the crates.io package
#   cfnlint-lock-<version>.tgz,              the npm launcher and this target's binary
#   cfnlint-lock-<platform>-<version>.tgz    package (`npm pack`)
#   SHA256SUMS                               of every file above
#
# The release build (LTO, one codegen unit: minutes on two cores) runs once, inside
# `maturin build`; the archive and the npm package take that same binary. The release
# workflow runs this script per target; .ci/run runs it for the host and tests what it made.
#
# Usage: scripts/package.sh OUT_DIR
#        scripts/package.sh --checksums DIR   (re)write DIR/SHA256SUMS over DIR's files
# Environment: TARGET (a Rust target triple; default the host's), MATURIN (default
# `maturin` on PATH), MATURIN_ARGS (more arguments for `maturin build`, e.g. `--zig`).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=scripts/release-tools/lib.sh
. scripts/release-tools/lib.sh

die() { echo "package.sh: $*" >&2; exit 1; }

sha256() { # FILE... -> "<hex>  <name>" lines, as sha256sum prints them
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}

write_checksums() { # DIR
  (
    cd "$1"
    local files=() file
    for file in *; do
      [ -f "$file" ] && [ "$file" != SHA256SUMS ] && files+=("$file")
    done
    sha256 "${files[@]}" >SHA256SUMS
  )
}

if [ "${1:-}" = "--checksums" ]; then
  write_checksums "${2:?usage: package.sh --checksums DIR}"
  exit 0
fi

out=${1:?usage: scripts/package.sh OUT_DIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
version=$(crate_version)
target=${TARGET:-$(rustc -vV | sed -n 's/^host: //p')}
maturin=${MATURIN:-maturin}
exe=cfnlint-lock
case "$target" in *windows*) exe=cfnlint-lock.exe ;; esac
stage=$work
echo "package.sh: cfnlint-lock $version for $target into $out"

# 1. The wheel, and with it the release binary (target/<target>/release/).
# shellcheck disable=SC2086 # MATURIN_ARGS is a list of words on purpose
# Without TARGET it is the host build, in target/release/ like a plain `cargo build --release`.
if [ -n "${TARGET:-}" ]; then
  "$maturin" build --release --locked --target "$target" --out "$out" ${MATURIN_ARGS:-}
  binary="$root/target/$target/release/$exe"
else
  "$maturin" build --release --locked --out "$out" ${MATURIN_ARGS:-}
  binary="$root/target/release/$exe"
fi
[ -x "$binary" ] || die "maturin left no binary at $binary"
"$maturin" sdist --out "$out"

# 2. The archive.
name="cfnlint-lock-$version-$target"
mkdir -p "$stage/$name"
cp "$binary" README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE "$stage/$name/"
case "$target" in
*windows*)
  (cd "$stage" && "$python" -m zipfile -c "$out/$name.zip" "$name")
  ;;
*)
  # Reproducible: sorted names, one owner, the commit's time, no gzip timestamp.
  mtime=$(git log -1 --format=%ct 2>/dev/null || echo 0)
  # GNU tar (macOS runners have it as gtar) for the reproducible options.
  "$(command -v gtar || echo tar)" -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" -cf - "$name" |
    gzip -n -9 >"$out/$name.tar.gz"
  ;;
esac

# 3. The crate (its build is checked by `cargo publish --dry-run` in .ci/run).
cargo package --locked --no-verify --allow-dirty --quiet
cp "target/package/cfnlint-lock-$version.crate" "$out/"

# 4. The npm packages.
node npm/stage.js "$stage/npm" "$target" "$binary" "$version" | while read -r dir; do
  (cd "$dir" && npm pack --silent --pack-destination "$out" >/dev/null)
done

write_checksums "$out"
echo "package.sh: done"
(cd "$out" && ls -l)
