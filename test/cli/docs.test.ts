/**
 * The help and the docs/ pages generated from it (scripts/gen-docs.mjs):
 * every command and backend has a page equal to what the built CLI prints,
 * every flag is documented, and the overview commands list everything.
 * The CLI is run from dist/ (built by `npm test` before the tests run).
 */
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import "../../src/backends/index.js";
import { COMMANDS } from "../../src/cli/commands.js";
import { COMMAND_HELP } from "../../src/cli/helptext.js";
import type { CommandSpec } from "../../src/cli/spec.js";
import { HIDE_COMMAND_LINE, optionFlagName } from "../../src/fs/options.js";
import { backends } from "../../src/fs/registry.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const cli = join(root, "bin", "tclone.cjs");
const docs = join(root, "docs");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function tclone(args: string[]): Promise<Run> {
  // As scripts/gen-docs.mjs: the caller's RCLONE_* settings must not change the help.
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("RCLONE_")));
  env["RCLONE_CONFIG"] = "/dev/null";
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env, cwd: root, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs every argument list, a few processes at a time. */
async function runAll(list: string[][]): Promise<Run[]> {
  const out: Run[] = new Array<Run>(list.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < list.length) {
      const i = next++;
      out[i] = await tclone(list[i]!);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return out;
}

interface Cmd {
  path: string[];
  spec: CommandSpec;
}

function allCommands(list: CommandSpec[] = COMMANDS, parent: string[] = []): Cmd[] {
  const out: Cmd[] = [];
  for (const spec of list) {
    if (spec.hidden) continue;
    const path = [...parent, spec.name];
    out.push({ path, spec });
    out.push(...allCommands(spec.sub ?? [], path));
  }
  return out;
}

const commands = allCommands();
const backendNames = [...backends()].filter((b) => !b.hide).map((b) => b.name);
const docName = (c: Cmd): string => `${c.spec.doc ?? "tclone_" + c.path.join("_")}.md`;
const key = (c: Cmd): string => c.path.join(" ");
const regexpEscape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("command help and docs/commands", () => {
  const helpOf = new Map<string, Run>();
  const dashHelpOf = new Map<string, Run>();

  beforeAll(async () => {
    if (!existsSync(join(root, "dist", "cli.cjs"))) throw new Error("dist/cli.cjs is missing: run `node scripts/build.mjs --js` first");
    const runs = await runAll([...commands.map((c) => ["help", ...c.path]), ...commands.map((c) => [...c.path, "--help"])]);
    commands.forEach((c, i) => {
      helpOf.set(key(c), runs[i]!);
      dashHelpOf.set(key(c), runs[commands.length + i]!);
    });
  }, 240_000);

  it.each(commands.map((c) => [key(c), c] as const))("%s has a page of its own text", (_k, c) => {
    const text = COMMAND_HELP[key(c)];
    expect(text, `COMMAND_HELP["${key(c)}"] is missing`).toBeDefined();
    expect(text!.trim().length).toBeGreaterThan(c.spec.short.length);
  });

  it("has no help text for commands that do not exist", () => {
    const known = new Set(commands.map(key));
    expect(Object.keys(COMMAND_HELP).filter((k) => !known.has(k))).toEqual([]);
  });

  it.each(commands.map((c) => [key(c), c] as const))("tclone help %s prints the help and equals its docs page", (_k, c) => {
    const r = helpOf.get(key(c))!;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Usage:\n  tclone ${c.spec.use}`);
    const file = join(docs, "commands", docName(c));
    expect(existsSync(file), `${file} is missing: run npm run docs`).toBe(true);
    expect(readFileSync(file, "utf8"), `${file} is stale: run npm run docs`).toBe(r.stdout);
  });

  it.each(commands.map((c) => [key(c), c] as const))("tclone %s --help prints the same as tclone help", (_k, c) => {
    const r = dashHelpOf.get(key(c))!;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(helpOf.get(key(c))!.stdout);
  });

  it.each(commands.filter((c) => (c.spec.flags ?? []).length > 0).map((c) => [key(c), c] as const))(
    "every flag of %s is in its help",
    (_k, c) => {
      const help = helpOf.get(key(c))!.stdout;
      for (const f of c.spec.flags ?? []) {
        if (f.hidden) continue;
        expect(help).toMatch(new RegExp(`^ {2}${f.short ? `-${f.short}, ` : " {4}"}--${f.name}\\b.*${regexpEscape(f.help)}`, "m"));
      }
    },
  );

  it("docs/commands holds the overview, an index and no page of a command that is gone", async () => {
    const rootHelp = await tclone(["help"]);
    expect(readFileSync(join(docs, "commands", "tclone.md"), "utf8")).toBe(rootHelp.stdout);
    const index = readFileSync(join(docs, "commands", "README.md"), "utf8");
    const expected = new Set(["README.md", "tclone.md", ...commands.map(docName)]);
    for (const c of commands) expect(index).toContain(`(${docName(c)})`);
    for (const b of backendNames) expect(index).toContain(`(../backends/${b}.md)`);
    expect(readdirSync(join(docs, "commands")).filter((f) => !expected.has(f))).toEqual([]);
  });
});

describe("backend help and docs/backends", () => {
  it.each(backendNames)("tclone help backend %s equals docs/backends/%s.md", async (name) => {
    const r = await tclone(["help", "backend", name]);
    expect(r.code, r.stderr).toBe(0);
    const file = join(docs, "backends", `${name}.md`);
    expect(existsSync(file), `${file} is missing: run npm run docs`).toBe(true);
    expect(readFileSync(file, "utf8"), `${file} is stale: run npm run docs`).toBe(r.stdout);
  });

  it.each(backendNames)("tclone help backend %s documents every option of the backend", async (name) => {
    const reg = [...backends()].find((b) => b.name === name)!;
    const r = await tclone(["help", "backend", name]);
    for (const o of reg.options) {
      if ((o.hide ?? 0) & HIDE_COMMAND_LINE) continue;
      expect(r.stdout).toContain(`#### --${optionFlagName(o, reg.prefix)}\n`);
      expect(r.stdout).toContain(`- Config:      ${o.name}\n`);
    }
  });

  it("docs/backends has no page of a backend that is gone", () => {
    // Generated pages begin "# Description (type)"; anything else there is written by hand.
    const generated = readdirSync(join(docs, "backends")).filter((f) => {
      const first = readFileSync(join(docs, "backends", f), "utf8").split("\n", 1)[0]!;
      return f.endsWith(".md") && first.startsWith("# ") && first.endsWith(`(${f.replace(/\.md$/, "")})`);
    });
    expect(generated.filter((f) => !backendNames.includes(f.replace(/\.md$/, "")))).toEqual([]);
  });
});

describe("overview help", () => {
  const topLevel = COMMANDS.filter((c) => !c.hidden).map((c) => c.name);

  it.each([[["--help"]], [["help"]], [[]]])("tclone %j lists every command", async (args) => {
    const r = await tclone(args);
    expect(r.code, r.stderr).toBe(0);
    for (const name of topLevel) expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
  });

  it("tclone help flags lists the global flags", async () => {
    const r = await tclone(["help", "flags"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Global Flags:\n/);
    for (const f of ["--transfers", "--dry-run", "--include", "--config"]) expect(r.stdout).toContain(f);
    expect(readFileSync(join(docs, "flags.md"), "utf8"), "docs/flags.md is stale: run npm run docs").toBe(r.stdout);
  });

  it("tclone help backends lists the local backend", async () => {
    const r = await tclone(["help", "backends"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ {2}local +Local Disk$/m);
    for (const b of backendNames) expect(r.stdout).toMatch(new RegExp(`^  ${b} `, "m"));
  });
});
