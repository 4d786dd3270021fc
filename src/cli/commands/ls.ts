/** ls, lsl, lsd, lsf and lsjson. */
import { goJsonStringify } from "../../lib/gojson.js";
import { formatJsonItem, listJson, ls, lsd, lsf, lsl, statJson, type ListJsonOptions } from "../../ops/list.js";
import type { Cli } from "../cli.js";

export async function runLs(cli: Cli, args: string[]): Promise<void> {
  const { fs } = await cli.newFsSrc(args[0]!);
  await ls(cli.ctx, fs, (s) => cli.out.write(s));
}

export async function runLsl(cli: Cli, args: string[]): Promise<void> {
  const { fs } = await cli.newFsSrc(args[0]!);
  await lsl(cli.ctx, fs, (s) => cli.out.write(s));
}

export async function runLsd(cli: Cli, args: string[]): Promise<void> {
  const fs = await cli.newFsDir(args[0]!);
  await lsd(cli.ctx, fs, (s) => cli.out.write(s), cli.flags.bool("recursive"));
}

export async function runLsf(cli: Cli, args: string[]): Promise<void> {
  const { fs } = await cli.newFsSrc(args[0]!);
  const f = cli.flags;
  await lsf(cli.ctx, fs, (s) => cli.out.write(s), {
    format: f.str("format"),
    // CSV defaults to commas unless a separator was asked for.
    separator: f.bool("csv") && !f.given("separator") ? "," : f.str("separator"),
    dirSlash: f.bool("dir-slash"),
    hash: f.str("hash"),
    filesOnly: f.bool("files-only"),
    dirsOnly: f.bool("dirs-only"),
    csv: f.bool("csv"),
    absolute: f.bool("absolute"),
    timeFormat: f.str("time-format"),
    recursive: f.bool("recursive"),
  });
}

export async function runLsjson(cli: Cli, args: string[]): Promise<void> {
  const f = cli.flags;
  const opt: ListJsonOptions = {
    recurse: f.bool("recursive"),
    noModTime: f.bool("no-modtime"),
    noMimeType: f.bool("no-mimetype"),
    showHash: f.bool("hash"),
    hashTypes: f.list("hash-type"),
    dirsOnly: f.bool("dirs-only"),
    filesOnly: f.bool("files-only"),
    metadata: cli.ctx.opt.metadata,
    showOrigIds: f.bool("original"),
  };
  if (f.bool("stat")) {
    // As rclone: the argument names a file (its parent is the Fs) or else is
    // the Fs itself, whose root is then the item: a directory shows as Path "".
    const { fs, file } = await cli.newFsFile(args[0]!);
    const item = await statJson(cli.ctx, fs, file ?? "", opt);
    // Nothing found (or filtered out by --files-only/--dirs-only) marshals as Go's nil.
    cli.out.write((item ? goJsonStringify(item, "\t") : "null") + "\n");
    return;
  }
  const { fs } = await cli.newFsSrc(args[0]!);
  cli.out.write("[\n");
  let first = true;
  await listJson(cli.ctx, fs, "", opt, (item) => {
    cli.out.write((first ? "" : ",\n") + formatJsonItem(item));
    first = false;
  });
  cli.out.write(first ? "]\n" : "\n]\n");
}
