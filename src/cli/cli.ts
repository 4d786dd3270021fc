/**
 * What a command's implementation is given: the operation context, its own
 * flags, standard output, and helpers that turn `remote:path` arguments into
 * Fs the way rclone's commands do (a source naming a file limits the run to
 * that file; a destination naming a file is split into directory and name).
 */
import { FsError, errorMessage } from "../fs/errors.js";
import { newFsFile, newFsFromPath } from "../fs/newfs.js";
import type { OptionValue } from "../fs/options.js";
import { splitPath } from "../fs/path.js";
import { goQuote } from "../lib/goquote.js";
import type { Fs } from "../fs/types.js";
import type { OpsContext } from "../ops/context.js";
import type { Output } from "./output.js";
import type { CommandSpec } from "./spec.js";

/** Typed access to a command's own flags. */
export class LocalFlags {
  constructor(
    private readonly values: Map<string, OptionValue>,
    private readonly explicit: ReadonlySet<string>,
  ) {}
  private get(name: string): OptionValue {
    if (!this.values.has(name)) throw new Error(`command has no flag --${name}`);
    return this.values.get(name);
  }
  bool(name: string): boolean {
    return this.get(name) === true;
  }
  str(name: string): string {
    return (this.get(name) as string | undefined) ?? "";
  }
  int(name: string): number {
    return this.get(name) as number;
  }
  list(name: string): string[] {
    return (this.get(name) as string[] | undefined) ?? [];
  }
  /** True if the user gave the flag. */
  given(name: string): boolean {
    return this.explicit.has(name);
  }
}

export class Cli {
  constructor(
    readonly ctx: OpsContext,
    readonly spec: CommandSpec,
    /** The command path, e.g. "config show". */
    readonly commandPath: string,
    readonly flags: LocalFlags,
    readonly out: Output,
    /** Global options given on the command line. */
    readonly explicitGlobals: ReadonlySet<string> = new Set(),
  ) {}

  /** Makes an Fs; a failure is fatal ("Failed to create file system for …"). */
  async newFsDir(arg: string): Promise<Fs> {
    try {
      return await newFsFromPath(arg, this.ctx);
    } catch (err) {
      throw createFsError(arg, err);
    }
  }

  /**
   * Makes the source Fs. If the path names a file, the Fs is its parent and
   * the filter is limited to that file (which needs no other filter).
   */
  async newFsSrc(arg: string): Promise<{ fs: Fs; file?: string }> {
    let r: { fs: Fs; file?: string };
    try {
      r = await newFsFile(arg, this.ctx);
    } catch (err) {
      throw createFsError(arg, err);
    }
    if (r.file !== undefined) {
      if (!this.ctx.filter.inactive) {
        throw new StartupError(`can't limit to single files when using filters: ${arg}`);
      }
      this.ctx.filter.addFile(r.file);
    }
    return r;
  }

  /**
   * For copyto/moveto: the source (file or directory) and the destination,
   * which names the file to create when the source is a file.
   */
  async newFsSrcDstFiles(srcArg: string, dstArg: string): Promise<{ fsrc: Fs; srcFile?: string; fdst: Fs; dstFile?: string }> {
    let src: { fs: Fs; file?: string };
    try {
      src = await newFsFile(srcArg, this.ctx);
    } catch (err) {
      throw createFsError(srcArg, err);
    }
    let dstRemote = dstArg;
    let dstFile: string | undefined;
    if (src.file !== undefined) {
      if (!this.ctx.filter.inactive) {
        throw new StartupError(`can't limit to single files when using filters: ${srcArg}`);
      }
      const [parent, leaf] = splitPath(dstArg);
      dstRemote = parent === "" ? "." : parent;
      if (leaf === "") throw new StartupError(`"${dstArg}" is a directory`);
      dstFile = leaf;
    }
    let dst: { fs: Fs; file?: string };
    try {
      dst = await newFsFile(dstRemote, this.ctx);
    } catch (err) {
      throw new StartupError(`Failed to create file system for destination ${goQuote(dstRemote)}: ${errorMessage(err)}`, err);
    }
    if (dst.file !== undefined) {
      throw new StartupError("Source doesn't exist or is a directory and destination is a file");
    }
    return { fsrc: src.fs, ...(src.file !== undefined ? { srcFile: src.file } : {}), fdst: dst.fs, ...(dstFile !== undefined ? { dstFile } : {}) };
  }

  /** The Fs of the path's parent and the last segment ("" if the path ends in "/" or ":"). */
  async newFsParentAndLeaf(arg: string): Promise<{ fs: Fs; file: string }> {
    const [parent, leaf] = splitPath(arg);
    const fs = await this.newFsDir(parent === "" ? "." : parent);
    return { fs, file: leaf };
  }

  /** For rcat: the directory Fs and the name of the file to write in it. */
  async newFsDstFile(arg: string): Promise<{ fs: Fs; file: string }> {
    const r = await this.newFsParentAndLeaf(arg);
    if (r.file === "") throw new StartupError(`"${arg}" is a directory`);
    return r;
  }

  /** An Fs for the path and, if it names a file, that file's name (no filter change). */
  async newFsFile(arg: string): Promise<{ fs: Fs; file?: string }> {
    try {
      return await newFsFile(arg, this.ctx);
    } catch (err) {
      throw createFsError(arg, err);
    }
  }
}

/**
 * A problem found before the command could start (rclone's fs.Fatalf): it is
 * printed as one CRITICAL line and the program exits with code 1.
 */
export class StartupError extends FsError {
  constructor(message: string, cause?: unknown) {
    super("config", message, cause === undefined ? {} : { cause });
    this.name = "StartupError";
  }
}

/** rclone's "Failed to create file system for …" error. */
export function createFsError(arg: string, err: unknown): StartupError {
  return new StartupError(`Failed to create file system for ${goQuote(arg)}: ${errorMessage(err)}`, err);
}
