/** check: do source and destination match? */
import { FsError } from "../../fs/errors.js";
import { check } from "../../ops/check.js";
import type { Cli } from "../cli.js";
import { openReports } from "./reports.js";

export async function runCheck(cli: Cli, args: string[]): Promise<void> {
  if (cli.flags.str("checkfile") !== "") {
    throw new FsError("notImplemented", "check --checkfile is not supported yet; use hashsum --checkfile");
  }
  const { fs: fsrc } = await cli.newFsSrc(args[0]!);
  const fdst = await cli.newFsDir(args[1]!);
  const r = openReports(cli);
  try {
    await check(cli.ctx, fdst, fsrc, { ...r.reports, oneWay: cli.flags.bool("one-way"), download: cli.flags.bool("download") });
  } finally {
    await r.close();
  }
}
