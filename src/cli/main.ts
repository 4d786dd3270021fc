/**
 * The tclone program: finds the command, parses the flags (global, backend
 * and the command's own, anywhere on the line), sets up logging, the config
 * file and the filter, runs the command with rclone's retry and stats
 * behaviour, and exits with rclone's exit codes.
 */
// File operations on many small files are latency-bound: more libuv threads keep the disk busy.
process.env["UV_THREADPOOL_SIZE"] ??= "16";

import "../backends/index.js";
import { Stats } from "../accounting/stats.js";
import { FsError, errorMessage } from "../fs/errors.js";
import { applyGlobalEnv, defaultGlobalOptions, GLOBAL_FLAG_BY_NAME, parseGlobalValue, setGlobal, type GlobalOptions } from "../fs/globals.js";
import { Logger, LogLevel, parseLogFormat, parseLogLevel } from "../fs/log.js";
import { setBackendFlag } from "../fs/newfs.js";
import { parseOptionValue, type OptionValue } from "../fs/options.js";
import { INCLUDE_ALL, type FilterView, type OpsContext } from "../ops/context.js";
import { Cli, LocalFlags, StartupError } from "./cli.js";
import { COMMANDS, findCommand } from "./commands.js";
import { counterValue, parseFlags, badFlagValue, type FlagDef } from "./flagparse.js";
import { buildFlagSet, HELP_FLAG } from "./flagset.js";
import { Output } from "./output.js";
import { exitCodeOf, runCommand } from "./run.js";
import type { CommandSpec } from "./spec.js";

/**
 * Splits argv into the command path and the rest. Flags may come before the
 * command name; whether a flag takes a value is judged with the flags of the
 * command found so far.
 */
function findCommandPath(argv: readonly string[]): { spec: CommandSpec | undefined; path: string[]; rest: string[] } {
  const path: string[] = [];
  let spec: CommandSpec | undefined;
  let list = COMMANDS;
  let flags = buildFlagSet(undefined);
  const used = new Set<number>();
  let searching = true;
  for (let i = 0; i < argv.length && searching; i++) {
    const a = argv[i]!;
    if (a === "--") break;
    if (a.startsWith("--")) {
      const def = flags.byName.get(a.includes("=") ? a.slice(2, a.indexOf("=")) : a.slice(2));
      if (def && !a.includes("=") && def.type !== "bool" && def.type !== "counter") i++;
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      const def = flags.byShort.get(a[a.length - 1]!);
      if (a.length === 2 && def && def.type !== "bool" && def.type !== "counter") i++;
      continue;
    }
    const found = list.find((c) => c.name === a);
    if (!found) break;
    spec = found;
    path.push(found.name);
    used.add(i);
    flags = buildFlagSet(spec);
    list = found.sub ?? [];
    searching = list.length > 0;
  }
  return { spec, path, rest: argv.filter((_, i) => !used.has(i)) };
}

function typedFlagValue(def: FlagDef, raws: string[]): OptionValue {
  if (def.type === "counter") return counterValue(raws, def.default as number);
  if (def.type === "stringArray") return raws;
  const raw = raws[raws.length - 1]!;
  try {
    return parseOptionValue({ type: def.type, name: def.name }, raw);
  } catch (err) {
    throw badFlagValue(def, raw, errorMessage(err));
  }
}

function setupLogger(opt: GlobalOptions): Logger {
  const log = new Logger();
  const n = Number(opt.verbose > 0) + Number(opt.quiet) + Number(opt.logLevel !== "NOTICE");
  if (n > 1) throw new FsError("usage", "Can't set -v and --log-level");
  if (opt.verbose >= 2) log.level = LogLevel.Debug;
  else if (opt.verbose === 1) log.level = LogLevel.Info;
  else if (opt.quiet) log.level = LogLevel.Error;
  else log.level = parseLogLevel(opt.logLevel);
  log.format = parseLogFormat(opt.logFormat);
  if (opt.useJsonLog) log.format.json = true;
  return log;
}

async function main(argv: string[]): Promise<number> {
  const log = new Logger();
  const out = new Output(() => process.stdout);
  let spec: CommandSpec | undefined;
  let cmdPath = "";
  try {
    const found = findCommandPath(argv);
    spec = found.spec;
    cmdPath = found.path.join(" ");
    const flags = buildFlagSet(spec);
    const parsed = parseFlags(found.rest, flags);
    if (!spec || parsed.values.has(HELP_FLAG.name) || (!spec.load && parsed.args.length === 0)) {
      const { printHelp } = await import("./help.js");
      if (!spec && parsed.args.length > 0) throw new FsError("usage", `unknown command "${parsed.args[0]}" for "tclone"`);
      await printHelp(out, spec, found.path);
      await out.flush();
      return 0;
    }
    if (!spec.load) throw new FsError("usage", `unknown command "${parsed.args[0] ?? ""}" for "tclone ${cmdPath}"`);

    // Global options: defaults, then RCLONE_* environment, then flags.
    const opt = defaultGlobalOptions();
    const explicit = new Set<string>();
    const localValues = new Map<string, OptionValue>();
    const localExplicit = new Set<string>();
    for (const def of spec.flags ?? []) localValues.set(def.name, Array.isArray(def.default) ? [...def.default] : def.default);
    for (const [name, raws] of parsed.values) {
      const def = flags.byName.get(name)!;
      const key = GLOBAL_FLAG_BY_NAME.get(name);
      if (spec.flags?.some((f) => f.name === name)) {
        localValues.set(name, typedFlagValue(def, raws));
        localExplicit.add(name);
      } else if (key !== undefined) {
        explicit.add(key);
        setGlobal(opt, key, def.type === "counter" ? counterValue(raws) : def.type === "stringArray" ? raws : parseGlobalValue(key, raws[raws.length - 1]!));
      } else {
        setBackendFlag(name, raws[raws.length - 1]!);
      }
    }
    applyGlobalEnv(opt, process.env, explicit);
    const ctxLog = setupLogger(opt);
    log.level = ctxLog.level;
    log.format = ctxLog.format;
    if (opt.logFile !== "") {
      const { openLogFile } = await import("./logfile.js");
      log.sink = openLogFile(opt.logFile);
    }

    // Flags tclone knows but can't honour yet fail loudly rather than being ignored.
    const unsupported = (
      [
        ["bwlimit", opt.bwlimit !== "off"],
        ["bwlimit-file", opt.bwlimitFile !== "off"],
        ["order-by", opt.orderBy !== ""],
      ] as const
    ).find(([, set]) => set);
    if (unsupported) throw new FsError("usage", `--${unsupported[0]} is not supported by tclone yet`);
    const args = parsed.args;
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      const which = args.length < spec.minArgs ? `${spec.minArgs} arguments minimum` : `${spec.maxArgs} arguments maximum`;
      throw new FsError("usage", `Command ${spec.name} needs ${which}: you provided ${args.length} non flag arguments: [${args.map((a) => JSON.stringify(a)).join(" ")}]`);
    }

    if (spec.config !== false) {
      const { loadConfig } = await import("./config-load.js");
      await loadConfig(opt, log, explicit.has("config"));
    }
    let filter: FilterView = INCLUDE_ALL;
    if (spec.config !== false) {
      const { makeFilter } = await import("./filter-load.js");
      filter = await makeFilter(opt, log);
    }
    const controller = new AbortController();
    process.once("SIGINT", () => controller.abort());
    const ctx: OpsContext = { opt, log, signal: controller.signal, filter, stats: new Stats(opt) };
    const { makeAsker } = await import("./prompt.js");
    const cli = new Cli({ ...ctx, ask: makeAsker(out) }, spec, cmdPath, new LocalFlags(localValues, localExplicit), out, explicit);
    const run = await spec.load();
    const err = await runCommand(cli, run, args);
    await out.flush();
    return exitCodeOf(err, cli.ctx);
  } catch (err) {
    await out.flush().catch(() => undefined);
    return reportStartupError(err, log, cmdPath);
  }
}

/** One line for anything that stopped the command before it ran. */
function reportStartupError(err: unknown, log: Logger, cmdPath: string): number {
  if (err instanceof StartupError) {
    log.critical(undefined, err.message);
    return 1;
  }
  if (err instanceof FsError && err.kind === "usage") {
    process.stderr.write(`Error: ${err.message}\n`);
    return 2;
  }
  if (err instanceof FsError && (err.kind === "config" || err.kind === "badPassword")) {
    log.critical(undefined, err.message);
    return 1;
  }
  log.critical(undefined, `Failed to ${cmdPath || "run"}: ${errorMessage(err)}`);
  if (process.env["TCLONE_DEBUG_STACK"] && err instanceof Error) process.stderr.write(String(err.stack) + "\n");
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`tclone: internal error: ${errorMessage(err)}\n`);
    process.exit(1);
  },
);
