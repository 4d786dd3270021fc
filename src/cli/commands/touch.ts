/** touch: create a file or set modification times. */
import { FsError, errorMessage, isKind } from "../../fs/errors.js";
import type { Obj } from "../../fs/types.js";
import { parseGoTime } from "../../lib/gotime.js";
import { touchDir, touchFile } from "../../ops/misc.js";
import type { Cli } from "../cli.js";

/** Parses --timestamp: YYMMDD, YYYY-MM-DDTHH:MM:SS or with fractional seconds; UTC unless --localtime. */
function timeOfTouch(cli: Cli): bigint {
  const s = cli.flags.str("timestamp");
  if (s === "") return BigInt(Date.now()) * 1_000_000n;
  const withTime = "2006-01-02T15:04:05";
  const layout = s.length === withTime.length ? withTime : s.length > withTime.length ? "2006-01-02T15:04:05.999999999" : "060102";
  try {
    return parseGoTime(s, layout, { local: cli.flags.bool("localtime") });
  } catch (err) {
    throw new FsError("usage", `failed to parse timestamp argument: ${errorMessage(err)}`);
  }
}

export async function runTouch(cli: Cli, args: string[]): Promise<void> {
  const t = timeOfTouch(cli);
  const { fs, file } = await cli.newFsParentAndLeaf(args[0]!);
  const ctx = cli.ctx;
  const recursive = cli.flags.bool("recursive");
  let obj: Obj | undefined;
  let isDir = file === "";
  if (!isDir) {
    try {
      obj = await fs.newObject(file);
    } catch (err) {
      if (isKind(err, "isDir")) isDir = true;
      else if (!isKind(err, "objectNotFound")) throw err;
    }
  }
  if (isDir || (!obj && recursive)) {
    if (!isDir && recursive) {
      ctx.log.notice(fs, "Not touching nonexistent file due to --recursive");
      return;
    }
    const dirFs = await cli.newFsDir(args[0]!);
    const sub = recursive ? ctx : { ...ctx, opt: { ...ctx.opt, maxDepth: 1 } };
    await touchDir(sub, dirFs, t);
    return;
  }
  if (!obj && cli.flags.bool("no-create")) {
    ctx.log.notice(fs, "Not touching nonexistent file due to --no-create");
    return;
  }
  try {
    await touchFile(ctx, fs, file, t, false);
  } catch (err) {
    throw new FsError(isKind(err, "objectNotFound") ? "objectNotFound" : "other", `failed to touch: ${errorMessage(err)}`, { cause: err });
  }
}
