// Finds the cfnlint-lock binary that npm installed from the per-platform package listed in
// optionalDependencies (npm installs only the one whose os, cpu and libc match), as
// esbuild and biome do. `binaryPath` is for tools that embed the checker.
"use strict";

const path = require("node:path");
const platforms = require("../platforms.json");

/** "glibc" or "musl" on Linux (Node reports the glibc it runs on), undefined elsewhere. */
function libc() {
  if (process.platform !== "linux") return undefined;
  const header = process.report && process.report.getReport().header;
  return header && header.glibcVersionRuntime ? "glibc" : "musl";
}

/** The platform entry (npm/platforms.json) for this process, or undefined. */
function currentPlatform() {
  const wanted = libc();
  return platforms.find(
    (p) => p.os === process.platform && p.cpu === process.arch && (p.libc === undefined || p.libc === wanted),
  );
}

/** The name of this platform as the error message shows it: `linux-x64 (musl)`. */
function describe() {
  const c = libc();
  return `${process.platform}-${process.arch}${c ? ` (${c})` : ""}`;
}

/** The absolute path of the cfnlint-lock binary; throws a clear error when there is none. */
function findBinary() {
  const platform = currentPlatform();
  const supported = platforms.map((p) => `${p.os}-${p.cpu}${p.libc ? ` (${p.libc})` : ""}`).join(", ");
  if (!platform) {
    throw new Error(
      `cfnlint-lock has no prebuilt binary for ${describe()}; prebuilt: ${supported}. ` +
        "Install it with `cargo install cfnlint-lock` instead.",
    );
  }
  const exe = process.platform === "win32" ? "cfnlint-lock.exe" : "cfnlint-lock";
  try {
    return require.resolve(`${platform.package}/bin/${exe}`);
  } catch {
    throw new Error(
      `cfnlint-lock's binary for ${describe()} is in ${platform.package}, which is not installed. ` +
        "Was the install run with --omit=optional or --no-optional? Reinstall cfnlint-lock with optional dependencies.",
    );
  }
}

module.exports = {
  findBinary,
  get binaryPath() {
    return findBinary();
  },
};
