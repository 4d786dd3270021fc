import { defaultGlobalOptions } from "../../../src/fs/globals.js";
import type { FilterIO } from "../../../src/filter/lines.js";
import type { FilterOptions } from "../../../src/filter/filter.js";

/** Filter options: the defaults with some fields set. */
export function opts(over: Partial<FilterOptions> = {}): FilterOptions {
  return { ...defaultGlobalOptions(), ...over };
}

/** An io whose files live in memory; reading anything else fails as a missing file would. */
export function memIO(files: Record<string, string>, stdin = ""): FilterIO {
  return {
    readFile: async (p: string) => {
      const text = files[p];
      if (text === undefined) throw new Error(`open ${p}: no such file or directory`);
      return text;
    },
    stdin: async () => stdin,
  };
}

/** Nanoseconds for whole seconds since the epoch. */
export const sec = (s: number): bigint => BigInt(s) * 1_000_000_000n;
