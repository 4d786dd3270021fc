// Writes the reference pages in docs/ from the built CLI (run the build
// first: node scripts/build.mjs --js):
//
//   docs/commands/tclone.md             `tclone help`
//   docs/commands/tclone_<path>.md      `tclone help <path>` for every command and subcommand
//   docs/commands/README.md             an index of the above
//   docs/flags.md                       `tclone help flags`
//   docs/backends/<type>.md             `tclone help backend <type>` for every backend
//
// Each page is exactly what the CLI prints, so the pages cannot say
// anything the help does not; test/cli/docs.test.ts checks that they are
// up to date. Commands and backends are found by reading the help itself
// ("Available Commands:" sections and `tclone help backends`). Pages of
// commands or backends that no longer exist are removed.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "bin", "tclone.cjs");
const docs = join(root, "docs");

if (!existsSync(join(root, "dist", "cli.cjs"))) {
  console.error("gen-docs: dist/cli.cjs is missing; run `node scripts/build.mjs --js` first");
  process.exit(1);
}

// Help must not depend on the caller's remotes or settings.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("RCLONE_")));
env.RCLONE_CONFIG = "/dev/null";

/** Runs tclone with args and returns its standard output; fails on a non-zero exit. */
function tclone(args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, ...args], { env, cwd: root, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`tclone ${args.join(" ")} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** The "name  short description" lines of a help text's "Available Commands:" section. */
function subcommands(help) {
  const lines = help.split("\n");
  const start = lines.indexOf("Available Commands:");
  if (start < 0) return [];
  const out = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^ {2}(\S+) +(.*)$/.exec(line);
    if (!m) break;
    out.push({ name: m[1], short: m[2] });
  }
  return out;
}

/** Runs fn over items, a few at a time, keeping the order of the results. */
async function pool(items, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(items.length, Math.max(2, availableParallelism())) }, worker));
  return results;
}

/** Every command as { path, short, help }, depth first in table order. */
async function commandPages() {
  const rootHelp = await tclone(["help"]);
  const pages = [];
  const visit = async (parent, list) => {
    const helps = await pool(list, (c) => tclone(["help", ...parent, c.name]));
    for (let i = 0; i < list.length; i++) {
      const path = [...parent, list[i].name];
      pages.push({ path, short: list[i].short, help: helps[i] });
      await visit(path, subcommands(helps[i]));
    }
  };
  await visit([], subcommands(rootHelp));
  return { rootHelp, pages };
}

/** Every backend as { name, description, help }. */
async function backendPages() {
  // The list is the block of "  name  description" lines after the heading and a blank line.
  const lines = (await tclone(["help", "backends"])).split("\n");
  const list = [];
  for (const line of lines.slice(2)) {
    const m = /^ {2}(\S+) +(.*)$/.exec(line);
    if (!m) break;
    list.push({ name: m[1], description: m[2] });
  }
  const helps = await pool(list, (b) => tclone(["help", "backend", b.name]));
  return list.map((b, i) => ({ ...b, help: helps[i] }));
}

/** Writes a file only if its content changes; returns its name. */
function write(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  if (!existsSync(file) || readFileSync(file, "utf8") !== text) writeFileSync(file, text);
  return file;
}

/** Removes the generated pages of dir (named as re says, opening as looksGenerated says) not written this run. */
function prune(dir, re, written, looksGenerated = () => true) {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (re.test(name) && !written.has(file) && looksGenerated(name, readFileSync(file, "utf8"))) rmSync(file);
  }
}

/** A backend page begins "# Description (type)", the type being the file's name. */
const isBackendPage = (name, text) => text.startsWith("# ") && text.split("\n", 1)[0].endsWith(`(${name.replace(/\.md$/, "")})`);

function index(pages, backends) {
  let s = `# tclone reference

Every page here is the text that tclone prints for \`tclone help <command>\`
(or \`tclone <command> --help\`), generated by \`npm run docs\`
(scripts/gen-docs.mjs). Edit the text in src/cli/helptext/ and the command
table in src/cli/commands.ts, never these files.

- [tclone](tclone.md): overview and the list of commands
- [Global flags](../flags.md): the flags every command accepts

## Commands

`;
  for (const p of pages) {
    const indent = "  ".repeat(p.path.length - 1);
    s += `${indent}- [tclone ${p.path.join(" ")}](tclone_${p.path.join("_")}.md): ${p.short}\n`;
  }
  s += "\n## Backends\n\n";
  for (const b of backends) s += `- [${b.name}](../backends/${b.name}.md): ${b.description}\n`;
  return s;
}

const { rootHelp, pages } = await commandPages();
const backends = await backendPages();
const flags = await tclone(["help", "flags"]);

const commandsDir = join(docs, "commands");
const backendsDir = join(docs, "backends");
const written = new Set();
written.add(write(join(commandsDir, "tclone.md"), rootHelp));
for (const p of pages) written.add(write(join(commandsDir, `tclone_${p.path.join("_")}.md`), p.help));
written.add(write(join(commandsDir, "README.md"), index(pages, backends)));
for (const b of backends) written.add(write(join(backendsDir, `${b.name}.md`), b.help));
written.add(write(join(docs, "flags.md"), flags));
prune(commandsDir, /^tclone.*\.md$/, written);
prune(backendsDir, /\.md$/, written, isBackendPage);
console.log(`gen-docs: ${pages.length + 1} command pages, ${backends.length} backend pages, index and flags in docs/`);
