#!/usr/bin/env node
// Lays out the npm packages for one build: the `cfnlint-lock` launcher package (from
// npm/cfnlint-lock) and the per-platform package holding BINARY, into STAGE_DIR, for
// scripts/package.sh to `npm pack`. The launcher's version and optionalDependencies must
// be VERSION (Cargo.toml's) and every package in npm/platforms.json: this fails instead of
// publishing a launcher that points at packages that do not exist.
//
// Usage: node npm/stage.js STAGE_DIR TARGET BINARY VERSION
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const [stageDir, target, binary, version] = process.argv.slice(2);
if (!version) {
  process.stderr.write("usage: node npm/stage.js STAGE_DIR TARGET BINARY VERSION\n");
  process.exit(2);
}
const here = __dirname;
const root = path.dirname(here);
const platforms = JSON.parse(fs.readFileSync(path.join(here, "platforms.json"), "utf8"));
const launcher = JSON.parse(fs.readFileSync(path.join(here, "cfnlint-lock", "package.json"), "utf8"));

function fail(message) {
  process.stderr.write(`npm/stage.js: ${message}\n`);
  process.exit(1);
}

if (launcher.version !== version) {
  fail(`npm/cfnlint-lock/package.json has version ${launcher.version}, Cargo.toml ${version}`);
}
const wanted = Object.fromEntries(platforms.map((p) => [p.package, version]));
if (JSON.stringify(launcher.optionalDependencies) !== JSON.stringify(wanted)) {
  fail(`npm/cfnlint-lock/package.json's optionalDependencies must be ${JSON.stringify(wanted)}`);
}
const platform = platforms.find((p) => p.target === target);
if (!platform) fail(`no npm package for target ${target} in npm/platforms.json`);

function copyInto(dir, files) {
  for (const file of files) fs.copyFileSync(path.join(root, file), path.join(dir, path.basename(file)));
}
const licences = ["LICENSE-MIT", "LICENSE-APACHE"];

// The launcher package, as committed, with the README and licences beside it.
const main = path.join(stageDir, "cfnlint-lock");
fs.cpSync(path.join(here, "cfnlint-lock"), main, { recursive: true });
copyInto(main, ["README.md", "npm/platforms.json", ...licences]);

// The platform package: only the binary, and the os/cpu/libc npm selects it by.
const dir = path.join(stageDir, platform.package.replace("/", "__"));
const exe = platform.os === "win32" ? "cfnlint-lock.exe" : "cfnlint-lock";
fs.mkdirSync(path.join(dir, "bin"), { recursive: true });
fs.copyFileSync(binary, path.join(dir, "bin", exe));
fs.chmodSync(path.join(dir, "bin", exe), 0o755);
copyInto(dir, licences);
const manifest = {
  name: platform.package,
  version,
  description: `The ${target} binary of cfnlint-lock; install \`cfnlint-lock\`, which picks it.`,
  license: launcher.license,
  homepage: launcher.homepage,
  repository: launcher.repository,
  os: [platform.os],
  cpu: [platform.cpu],
  ...(platform.libc ? { libc: [platform.libc] } : {}),
  files: ["bin", ...licences],
  preferUnplugged: true,
};
fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
fs.writeFileSync(
  path.join(dir, "README.md"),
  `# ${platform.package}\n\nThe \`${target}\` binary of [cfnlint-lock](${launcher.homepage}). ` +
    "Install `cfnlint-lock`, which depends on this package on this platform.\n",
);
process.stdout.write(`${main}\n${dir}\n`);
