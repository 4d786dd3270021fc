/**
 * The context of an operation: the base context (options, logger, abort
 * signal) plus the active filter and the run's stats.
 */
import { Stats } from "../accounting/stats.js";
import type { Context } from "../fs/context.js";
import { defaultGlobalOptions, type GlobalOptions } from "../fs/globals.js";
import { Logger } from "../fs/log.js";
import type { Fs } from "../fs/types.js";

/** What the engine needs of a filter (filter/Filter implements it). */
export interface FilterView {
  /** True when no rule, limit or list is set: everything is included. */
  readonly inactive: boolean;
  includeObject(remote: string, size: number, modTime: bigint, metadata?: Record<string, string>): boolean;
  includeRemote(remote: string): boolean;
  includeDirectory(fs: Fs): (dir: string) => Promise<boolean>;
  /** The --files-from list, if one was given. */
  filesFrom(): string[] | undefined;
  /** Limits the run to one file (a source path that names a file). */
  addFile(name: string): void;
  /** True if the filter looks at modification times (age limits). */
  readonly usesModTime: boolean;
}

/** A filter that includes everything. */
export const INCLUDE_ALL: FilterView = {
  inactive: true,
  includeObject: () => true,
  includeRemote: () => true,
  includeDirectory: () => async () => true,
  filesFrom: () => undefined,
  addFile: () => {
    throw new Error("can't add a file to the include-all filter");
  },
  usesModTime: false,
};

/**
 * Asks the user to choose (for -i/--interactive and the config wizard).
 * Each choice is its letter followed by its text ("yYes, this is OK");
 * resolves to the letter chosen.
 */
export type Asker = (header: string, choices: string[], defaultIndex: number) => Promise<string>;

export interface OpsContext extends Context {
  readonly filter: FilterView;
  readonly stats: Stats;
  /** For -i/--interactive; absent means "can't ask" (treated as yes). */
  readonly ask?: Asker;
}

export interface OpsContextInit {
  opt?: Partial<GlobalOptions>;
  log?: Logger;
  filter?: FilterView;
  signal?: AbortSignal;
  ask?: Asker;
  stats?: Stats;
}

/** A context for library use: defaults for whatever is not given. */
export function newOpsContext(init: OpsContextInit = {}): OpsContext {
  const opt = { ...defaultGlobalOptions(), ...init.opt };
  return {
    opt,
    log: init.log ?? new Logger(),
    signal: init.signal ?? new AbortController().signal,
    filter: init.filter ?? INCLUDE_ALL,
    stats: init.stats ?? new Stats(opt),
    ...(init.ask ? { ask: init.ask } : {}),
  };
}

/** A copy of the context with another filter. */
export function withFilter(ctx: OpsContext, filter: FilterView): OpsContext {
  return { ...ctx, filter };
}
