/**
 * The data and output of `listremotes`: remotes defined by environment
 * variables first, then the config file's sections that have a type.
 */
import { FsError } from "../fs/errors.js";
import type { ConfigFile } from "./file.js";
import { goCompare, goLen, goPadEnd } from "./gostr.js";
import { goJsonStringify } from "../lib/gojson.js";

/** One remote as `listremotes --json` describes it. */
export interface Remote {
  name: string;
  type: string;
  /** "environment" or "file". */
  source: "environment" | "file";
  description: string;
}

// Lazy name, as rclone's pattern: RCLONE_CONFIG_A_TYPE=x_TYPE=y names "a".
const REMOTE_ENV = /^RCLONE_CONFIG_(.+?)_TYPE=(.+)$/s;

/** Remotes from RCLONE_CONFIG_<NAME>_TYPE variables (lower-cased), then typed sections of the file. */
export function listRemotes(cf: ConfigFile, env: NodeJS.ProcessEnv = process.env): Remote[] {
  const remotes: Remote[] = [];
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) continue;
    const m = REMOTE_ENV.exec(`${k}=${v}`);
    if (m) remotes.push({ name: m[1]!.toLowerCase(), type: m[2]!.toLowerCase(), source: "environment", description: "" });
  }
  const fromEnv = new Set(remotes.map((r) => r.name));
  for (const section of cf.sections()) {
    if (fromEnv.has(section)) continue;
    const type = cf.get(section, "type");
    if (type === undefined) continue;
    remotes.push({ name: section, type, source: "file", description: cf.get(section, "description") ?? "" });
  }
  return remotes;
}

/** Patterns a remote must match (each compiled by the caller from rclone's glob syntax). */
export interface RemoteFilters {
  /** Matches if the name, type, source or description matches. */
  all?: RegExp;
  name?: RegExp;
  type?: RegExp;
  source?: RegExp;
  description?: RegExp;
}

/** The remotes that pass every given filter. */
export function filterRemotes(remotes: readonly Remote[], f: RemoteFilters): Remote[] {
  const t = (re: RegExp | undefined, s: string): boolean => {
    if (re === undefined) return true;
    // A /g or /y pattern remembers where it stopped; every remote must be tested from the start.
    re.lastIndex = 0;
    return re.test(s);
  };
  return remotes.filter(
    (r) =>
      (f.all === undefined || [r.name, r.type, r.source, r.description].some((s) => t(f.all, s))) &&
      t(f.name, r.name) &&
      t(f.type, r.type) &&
      t(f.source, r.source) &&
      t(f.description, r.description),
  );
}

type Field = "name" | "type" | "source" | "description";
const FIELDS: readonly Field[] = ["name", "type", "source", "description"];

/**
 * Sorts by `--order-by` ("type,name=descending"; directions asc/ascending,
 * desc/descending), stably. An empty spec keeps the order.
 */
export function orderRemotes(remotes: readonly Remote[], orderBy: string): Remote[] {
  if (orderBy === "") return [...remotes];
  const keys = orderBy
    .toLowerCase()
    .split(",")
    .map((part) => {
      const eq = part.indexOf("=");
      const field = eq < 0 ? part : part.slice(0, eq);
      const dir = eq < 0 ? undefined : part.slice(eq + 1);
      let descending = false;
      if (dir !== undefined) {
        if (dir === "descending" || dir === "desc") descending = true;
        else if (dir !== "ascending" && dir !== "asc") throw new FsError("usage", `unknown --order-by direction "${dir}"`);
      }
      if (!(FIELDS as readonly string[]).includes(field)) throw new FsError("usage", `unknown --order-by field "${field}"`);
      return { field: field as Field, descending };
    });
  return [...remotes].sort((a, b) => {
    for (const k of keys) {
      const c = goCompare(a[k.field], b[k.field]);
      if (c !== 0) return k.descending ? -c : c;
    }
    return 0;
  });
}

/** Output style of `listremotes`. */
export interface RemoteFormat {
  long?: boolean;
  json?: boolean;
}

/** The text `listremotes` prints for these remotes. */
export function formatRemotes(remotes: readonly Remote[], fmt: RemoteFormat = {}): string {
  if (fmt.json) {
    // A fresh object per remote fixes rclone's field order: name, type, source, description.
    const items = remotes.map((r) => goJsonStringify({ name: r.name, type: r.type, source: r.source, description: r.description }));
    return "[\n" + (items.length > 0 ? items.join(",\n") + "\n" : "") + "]\n";
  }
  if (fmt.long) {
    // Widths are measured in bytes but padded in characters — rclone's arithmetic, kept so the columns match.
    const maxName = Math.max(0, ...remotes.map((r) => goLen(r.name)));
    const maxType = Math.max(0, ...remotes.map((r) => goLen(r.type)));
    return remotes.map((r) => `${goPadEnd(r.name + ":", maxName + 1)} ${goPadEnd(r.type, maxType)} ${r.description}\n`).join("");
  }
  return remotes.map((r) => `${r.name}:\n`).join("");
}
