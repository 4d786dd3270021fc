/** check: do source and destination match (or, with -C, does the destination match a sum file)? */
import { FsError } from "../../fs/errors.js";
import { hashGetOne, parseHashType } from "../../fs/hash.js";
import { check } from "../../ops/check.js";
import { checkSum } from "../../ops/checksum.js";
import type { Cli } from "../cli.js";
import { openReports } from "./reports.js";

export async function runCheck(cli: Cli, args: string[]): Promise<void> {
  const checkfile = cli.flags.str("checkfile");
  const r = openReports(cli);
  const common = { ...r.reports, oneWay: cli.flags.bool("one-way"), download: cli.flags.bool("download") };
  try {
    if (checkfile !== "") {
      // check -C <hash type> sumfile dst:path
      const ht = parseHashType(checkfile);
      if (ht === undefined) throw new FsError("usage", `hash type "${checkfile}" can't be used to check`);
      const sum = await cli.newFsFile(args[0]!);
      if (sum.file === undefined) throw new FsError("usage", `not a sum file: ${args[0]!}`);
      const fdst = await cli.newFsDir(args[1]!);
      await checkSum(cli.ctx, fdst, sum.fs, sum.file, ht, common);
      return;
    }
    const { fs: fsrc } = await cli.newFsSrc(args[0]!);
    const fdst = await cli.newFsDir(args[1]!);
    if (!common.download) {
      const ht = hashGetOne(fsrc.hashes() & fdst.hashes());
      if (ht === undefined) cli.ctx.log.error(undefined, "No common hash found - not using a hash for checks");
      else cli.ctx.log.info(undefined, `Using ${ht} for hash comparisons`);
    }
    await check(cli.ctx, fdst, fsrc, common);
  } finally {
    await r.close();
  }
}
