/** copy, sync and move of trees. */
import { copy, move, sync } from "../../ops/sync.js";
import type { Cli } from "../cli.js";
import { openReports, syncLoggerFor } from "./reports.js";

async function withReports(cli: Cli, fn: (logger: ReturnType<typeof syncLoggerFor> | undefined) => Promise<void>): Promise<void> {
  const r = openReports(cli);
  try {
    await fn(r.any ? syncLoggerFor(r.reports) : undefined);
  } finally {
    await r.close();
  }
}

export async function runCopy(cli: Cli, args: string[]): Promise<void> {
  const { fs: fsrc } = await cli.newFsSrc(args[0]!);
  const fdst = await cli.newFsDir(args[1]!);
  await withReports(cli, (logger) => copy(cli.ctx, fdst, fsrc, { createEmptySrcDirs: cli.flags.bool("create-empty-src-dirs"), ...(logger ? { logger } : {}) }));
}

export async function runSync(cli: Cli, args: string[]): Promise<void> {
  const { fs: fsrc } = await cli.newFsSrc(args[0]!);
  const fdst = await cli.newFsDir(args[1]!);
  await withReports(cli, (logger) => sync(cli.ctx, fdst, fsrc, { createEmptySrcDirs: cli.flags.bool("create-empty-src-dirs"), ...(logger ? { logger } : {}) }));
}

export async function runMove(cli: Cli, args: string[]): Promise<void> {
  const { fs: fsrc } = await cli.newFsSrc(args[0]!);
  const fdst = await cli.newFsDir(args[1]!);
  await withReports(cli, (logger) =>
    move(cli.ctx, fdst, fsrc, {
      createEmptySrcDirs: cli.flags.bool("create-empty-src-dirs"),
      deleteEmptySrcDirs: cli.flags.bool("delete-empty-src-dirs"),
      ...(logger ? { logger } : {}),
    }),
  );
}
