#!/usr/bin/env node
// `npx cfnlint-lock …`: runs the prebuilt binary with the same arguments, standard streams
// and exit status.
"use strict";

const { spawnSync } = require("node:child_process");
const { findBinary } = require("../lib/index.js");

let binary;
try {
  binary = findBinary();
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}
const run = spawnSync(binary, process.argv.slice(2), { stdio: "inherit" });
if (run.error) {
  process.stderr.write(`cfnlint-lock: cannot run ${binary}: ${run.error.message}\n`);
  process.exit(2);
}
if (run.signal) {
  process.kill(process.pid, run.signal);
}
process.exit(run.status ?? 2);
