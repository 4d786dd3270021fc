/** copyto and moveto: a file (or directory) to an exact destination name. */
import { copy, copyFile, move, moveFile } from "../../ops/sync.js";
import type { Cli } from "../cli.js";

export async function runCopyto(cli: Cli, args: string[]): Promise<void> {
  const r = await cli.newFsSrcDstFiles(args[0]!, args[1]!);
  if (r.srcFile === undefined) return copy(cli.ctx, r.fdst, r.fsrc);
  return copyFile(cli.ctx, r.fdst, r.fsrc, r.dstFile!, r.srcFile);
}

export async function runMoveto(cli: Cli, args: string[]): Promise<void> {
  const r = await cli.newFsSrcDstFiles(args[0]!, args[1]!);
  if (r.srcFile === undefined) return move(cli.ctx, r.fdst, r.fsrc);
  return moveFile(cli.ctx, r.fdst, r.fsrc, r.dstFile!, r.srcFile);
}
