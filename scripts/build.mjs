// Builds dist/:
// - the library (dist/index.js): ESM, code-split, dependencies left to npm;
// - the CLI (dist/cli.cjs): one CommonJS script with its dependencies inside,
//   started by bin/tclone.cjs through V8's code cache (dist/cli.cjs.cache), so
//   a run neither resolves dozens of ES modules nor compiles what the cache
//   holds. The cache is written by a training run of the main job (a small
//   sync) with the Node that built it; another Node rejects it and the CLI
//   compiles as usual;
// then the library's type declarations.
import { build } from "esbuild";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const onlyJs = process.argv.includes("--js");
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  loader: { ".md": "text" },
  define: { __TCLONE_VERSION__: JSON.stringify(pkg.version) },
  logLevel: "warning",
};

rmSync(join(root, "dist"), { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { index: "src/index.ts" },
  outdir: "dist",
  splitting: true,
  format: "esm",
  packages: "external",
  chunkNames: "chunks/[name]-[hash]",
});
await build({
  ...common,
  entryPoints: { cli: "src/cli/main.ts" },
  outfile: "dist/cli.cjs",
  format: "cjs",
  // hash-wasm (CommonJS, loaded only for the rarer hashes) stays a package: most runs never read it.
  external: ["hash-wasm"],
  minifyWhitespace: true,
  minifySyntax: true,
  // import.meta.url has no CommonJS form: the script's own file URL stands in.
  banner: { js: 'var __tclone_import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  define: { ...common.define, "import.meta.url": "__tclone_import_meta_url" },
});
trainCodeCache();

/** Runs the main job once on a small tree with the launcher told to save V8's code cache at exit. */
function trainCodeCache() {
  const tmp = mkdtempSync(join(tmpdir(), "tclone-build-"));
  try {
    const src = join(tmp, "src");
    for (let d = 0; d < 3; d++) {
      mkdirSync(join(src, `d${d}`), { recursive: true });
      for (let f = 0; f < 20; f++) {
        const p = join(src, `d${d}`, `f${f}.txt`);
        writeFileSync(p, `file ${d}/${f}\n`);
        utimesSync(p, 1_700_000_000, 1_700_000_000);
      }
    }
    const env = { ...process.env, RCLONE_CONFIG: "/dev/null", TCLONE_CODE_CACHE_OUT: join(root, "dist", "cli.cjs.cache") };
    for (const k of Object.keys(env)) if (k.startsWith("RCLONE_") && k !== "RCLONE_CONFIG") delete env[k];
    // Twice: the second run is a no-op sync, which compiles the comparison paths too; its cache is kept.
    for (let i = 0; i < 2; i++) {
      execFileSync(process.execPath, [join(root, "bin", "tclone.cjs"), "sync", src, join(tmp, "dst"), "-q"], { env, stdio: "inherit" });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
if (!onlyJs) {
  execFileSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
}
