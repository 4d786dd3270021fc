/** cat and rcat. */
import { FsError } from "../../fs/errors.js";
import { cat, rcat } from "../../ops/misc.js";
import { fstatSync } from "node:fs";
import { StartupError, type Cli } from "../cli.js";

export async function runCat(cli: Cli, args: string[]): Promise<void> {
  const f = cli.flags;
  let offset = f.int("offset");
  let count = f.int("count");
  const head = f.int("head");
  const tail = f.int("tail");
  if (head > 0 && tail > 0) throw new FsError("usage", "can only use one of  --head or --tail");
  if (head > 0) {
    offset = 0;
    count = head;
  }
  if (tail > 0) {
    offset = -tail;
    count = -1;
  }
  const { fs } = await cli.newFsSrc(args[0]!);
  await cat(cli.ctx, fs, async (b) => {
    cli.out.write(b);
  }, { offset, count, separator: f.str("separator"), discard: f.bool("discard") });
}

export async function runRcat(cli: Cli, args: string[]): Promise<void> {
  // A terminal or another character device (e.g. /dev/null) gives nothing worth storing, as rclone says.
  if (process.stdin.isTTY || fstatSync(0).isCharacterDevice()) {
    throw new StartupError("nothing to read from standard input, so creating empty file is not supported");
  }
  const { fs, file } = await cli.newFsDstFile(args[0]!);
  await rcat(cli.ctx, fs, file, process.stdin, BigInt(Date.now()) * 1_000_000n, cli.flags.int("size"));
}
