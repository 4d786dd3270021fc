/** hashsum, md5sum and sha1sum. */
import { createWriteStream } from "node:fs";
import { FsError } from "../../fs/errors.js";
import { HASH_TYPES, parseHashType, type HashType } from "../../fs/hash.js";
import { checkSum } from "../../ops/checksum.js";
import { hashLister } from "../../ops/list.js";
import type { Cli } from "../cli.js";

async function run(cli: Cli, ht: HashType, target: string): Promise<void> {
  const checkfile = cli.flags.str("checkfile");
  if (checkfile !== "") {
    // hashsum <type> -C sumfile dst:path: like check -C, the combined report on standard output.
    const sum = await cli.newFsFile(checkfile);
    if (sum.file === undefined) throw new FsError("usage", `not a sum file: ${checkfile}`);
    const { fs } = await cli.newFsSrc(target);
    await checkSum(cli.ctx, fs, sum.fs, sum.file, ht, { combined: (line) => cli.out.write(line + "\n"), download: cli.flags.bool("download") });
    return;
  }
  const { fs } = await cli.newFsSrc(target);
  const outFile = cli.flags.str("output-file");
  if (outFile !== "") {
    const ws = createWriteStream(outFile);
    try {
      await hashLister(cli.ctx, ht, cli.flags.bool("base64"), cli.flags.bool("download"), fs, (s) => void ws.write(s));
    } finally {
      await new Promise<void>((r) => ws.end(r));
    }
    return;
  }
  await hashLister(cli.ctx, ht, cli.flags.bool("base64"), cli.flags.bool("download"), fs, (s) => cli.out.write(s));
}

export async function runHashsum(cli: Cli, args: string[]): Promise<void> {
  if (args.length === 0) {
    cli.out.write("Supported hashes are:\n" + HASH_TYPES.map((t) => `- ${t}\n`).join(""));
    return;
  }
  if (args.length < 2) throw new FsError("usage", `Command hashsum needs 2 arguments minimum: you provided ${args.length} non flag arguments: [${args.map((a) => JSON.stringify(a)).join(" ")}]`);
  const ht = parseHashType(args[0]!);
  if (ht === undefined) throw new FsError("usage", `hash type "none" can't be used to make sums`);
  await run(cli, ht, args[1]!);
}

export function runMd5sum(cli: Cli, args: string[]): Promise<void> {
  return run(cli, "md5", args[0]!);
}

export function runSha1sum(cli: Cli, args: string[]): Promise<void> {
  return run(cli, "sha1", args[0]!);
}
