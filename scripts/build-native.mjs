// Builds the optional native helper (native/utimens.c → build/Release/tclone_native.node)
// with the node-gyp that npm ships. tclone works without it (modification
// times are then kept to the microsecond, and user metadata is not kept), so
// this script never fails an install: on any problem it prints one line and
// exits 0. Set TCLONE_SKIP_NATIVE=1 to skip the build.
import { spawnSync } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const note = (msg) => {
  console.log(`tclone: ${msg}; continuing without the native helper (times kept to 1µs)`);
  process.exit(0);
};

if (process.env.TCLONE_SKIP_NATIVE === "1") note("native build skipped (TCLONE_SKIP_NATIVE=1)");
if (process.platform === "win32") note("the native helper is not built on Windows");

/** Where npm's bundled node-gyp lives, trying the places npm and Node installs put it. */
function findNodeGyp() {
  const candidates = [];
  // npm tells lifecycle scripts where its node-gyp is.
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  const nodeDir = dirname(process.execPath);
  candidates.push(join(nodeDir, "../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"));
  candidates.push(join(nodeDir, "node_modules/npm/node_modules/node-gyp/bin/node-gyp.js"));
  // npm's own location, found through the npm on PATH.
  for (const dir of (process.env.PATH ?? "").split(":")) {
    if (!dir) continue;
    const npm = join(dir, "npm");
    if (!existsSync(npm)) continue;
    try {
      const real = realpathSync(npm); // …/npm/bin/npm-cli.js
      candidates.push(join(dirname(real), "../node_modules/node-gyp/bin/node-gyp.js"));
    } catch {
      // a dangling link: try the next one
    }
  }
  candidates.push(join(root, "node_modules/node-gyp/bin/node-gyp.js"));
  return candidates.find((c) => existsSync(c));
}

/** Node's headers next to this node binary, so that node-gyp need not download them. */
function findNodeDir() {
  if (process.env.npm_config_nodedir) return undefined; // node-gyp reads it itself
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, "include/node/node_api.h")) ? prefix : undefined;
}

const gyp = findNodeGyp();
if (!gyp) note("node-gyp not found");
const args = [gyp, "rebuild", "--silent"];
const nodedir = findNodeDir();
if (nodedir) args.push(`--nodedir=${nodedir}`);
const res = spawnSync(process.execPath, args, {
  cwd: root,
  encoding: "utf8",
  timeout: 5 * 60 * 1000,
  env: { ...process.env, npm_config_loglevel: "silent" },
});
if (res.error || res.status !== 0) {
  const why = res.error?.message ?? (res.stderr || res.stdout || "").trim().split("\n").filter(Boolean).pop() ?? `exit ${res.status}`;
  note(`native helper build failed (${why})`);
}
if (!existsSync(join(root, "build/Release/tclone_native.node"))) note("native helper build produced no module");
console.log("tclone: built the native helper (nanosecond modification times, extended attributes)");
