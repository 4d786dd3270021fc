/** mkdir, rmdir, rmdirs, purge, delete and deletefile. */
import { FsError } from "../../fs/errors.js";
import { deleteFile } from "../../ops/copy.js";
import { mkdir, rmdir } from "../../ops/dirs.js";
import { deleteAll, purge, rmdirs } from "../../ops/misc.js";
import type { Cli } from "../cli.js";

export async function runMkdir(cli: Cli, args: string[]): Promise<void> {
  const fs = await cli.newFsDir(args[0]!);
  await mkdir(cli.ctx, fs, "");
}

export async function runRmdir(cli: Cli, args: string[]): Promise<void> {
  const fs = await cli.newFsDir(args[0]!);
  await rmdir(cli.ctx, fs, "");
}

export async function runRmdirs(cli: Cli, args: string[]): Promise<void> {
  const fs = await cli.newFsDir(args[0]!);
  await rmdirs(cli.ctx, fs, "", cli.flags.bool("leave-root"));
}

export async function runPurge(cli: Cli, args: string[]): Promise<void> {
  const fs = await cli.newFsDir(args[0]!);
  await purge(cli.ctx, fs, "");
}

export async function runDelete(cli: Cli, args: string[]): Promise<void> {
  const { fs } = await cli.newFsSrc(args[0]!);
  await deleteAll(cli.ctx, fs);
  if (cli.flags.bool("rmdirs")) await rmdirs(cli.ctx, fs, "", true);
}

export async function runDeletefile(cli: Cli, args: string[]): Promise<void> {
  const { fs, file } = await cli.newFsFile(args[0]!);
  if (file === undefined) throw new FsError("objectNotFound", `${args[0]!} is a directory or doesn't exist: object not found`);
  const o = await fs.newObject(file);
  await deleteFile(cli.ctx, o);
}
