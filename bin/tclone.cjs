#!/usr/bin/env node
// Starts tclone: runs the CLI bundle (dist/cli.cjs) from V8's code cache
// (dist/cli.cjs.cache, written by scripts/build.mjs) when the cache fits
// this Node; otherwise V8 rejects it and compiles the script as usual.
"use strict";
const { readFileSync, renameSync, writeFileSync } = require("node:fs");
const { dirname, join } = require("node:path");
const { Script } = require("node:vm");
const Module = require("node:module");

const file = join(__dirname, "..", "dist", "cli.cjs");
const cacheFile = `${file}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new Script(Module.wrap(readFileSync(file, "utf8")), { filename: file, cachedData });
const out = process.env.TCLONE_CODE_CACHE_OUT;
if (out) {
  process.once("exit", () => {
    writeFileSync(`${out}.tmp`, script.createCachedData());
    renameSync(`${out}.tmp`, out);
  });
}
const mod = new Module(file, module);
mod.filename = file;
mod.paths = Module._nodeModulePaths(dirname(file));
script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, dirname(file));
