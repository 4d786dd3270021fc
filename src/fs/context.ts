/**
 * What every operation and backend is given: the global options, the
 * logger, and a signal that aborts the work. Operations extend it with the
 * filter and the stats (ops/context.ts).
 */
import { defaultGlobalOptions, type GlobalOptions } from "./globals.js";
import { Logger } from "./log.js";

export interface Context {
  readonly opt: GlobalOptions;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

/** A context with default options and a NOTICE-level logger to stderr. */
export function newBaseContext(overrides: Partial<GlobalOptions> = {}, log: Logger = new Logger()): Context {
  return { opt: { ...defaultGlobalOptions(), ...overrides }, log, signal: new AbortController().signal };
}
