/**
 * The per-file report flags shared by sync, copy, move and check
 * (--combined, --missing-on-src, --missing-on-dst, --match, --differ,
 * --error): each names a file, or "-" for standard output.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { encodeName } from "../../fs/names.js";
import type { DirEntry } from "../../fs/types.js";
import type { CheckReports } from "../../ops/check.js";
import type { Verdict } from "../../ops/equal.js";
import type { SyncLogger } from "../../sync/sync.js";
import type { Cli } from "../cli.js";

const FLAGS: [keyof CheckReports, string][] = [
  ["combined", "combined"],
  ["missingOnSrc", "missing-on-src"],
  ["missingOnDst", "missing-on-dst"],
  ["match", "match"],
  ["differ", "differ"],
  ["error", "error"],
];

export interface Reports {
  reports: CheckReports;
  /** True if any report was asked for. */
  any: boolean;
  close(): Promise<void>;
}

/** Opens the report files the flags name. */
export function openReports(cli: Cli): Reports {
  const streams: WriteStream[] = [];
  const reports: CheckReports = {};
  let any = false;
  for (const [key, name] of FLAGS) {
    const target = cli.flags.str(name);
    if (target === "") continue;
    any = true;
    let write: (s: string) => void;
    if (target === "-") write = (s) => cli.out.write(s);
    else {
      const ws = createWriteStream(target);
      streams.push(ws);
      // Names holding bytes that are not UTF-8 are written as those bytes, as on standard output.
      write = (s) => void ws.write(encodeName(s));
    }
    reports[key] = (line: string) => write(line + "\n");
  }
  return {
    reports,
    any,
    close: async () => {
      await Promise.all(streams.map((s) => new Promise<void>((r) => s.end(r))));
    },
  };
}

const SIGIL: Record<Verdict, [keyof CheckReports, string]> = {
  match: ["match", "="],
  differ: ["differ", "*"],
  missingOnDst: ["missingOnDst", "+"],
  missingOnSrc: ["missingOnSrc", "-"],
  error: ["error", "!"],
};

/** A sync logger writing the same reports as check. */
export function syncLoggerFor(r: CheckReports): SyncLogger {
  return (verdict, src: DirEntry | undefined, dst: DirEntry | undefined) => {
    const e = src ?? dst;
    if (!e) return;
    const [key, sigil] = SIGIL[verdict];
    const path = e.isDir ? e.remote + "/" : e.remote;
    if (key !== "combined") r[key]?.(path);
    r.combined?.(`${sigil} ${path}`);
  };
}
