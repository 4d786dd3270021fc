/**
 * `remote:path` parsing (rclone's fspath): named remotes, plain local paths,
 * `:backend,opt=val:path` connection strings and `remote,opt=val:path`
 * overrides, with rclone's quoting rules and error messages.
 */
import { posix } from "node:path";
import { FsError } from "./errors.js";

// A config name: letters, digits, `_`, `.`, `+`, `@`, and `-`/space inside
// (not leading `-` or space, not trailing space). Go's \w is ASCII.
const NAME_RE = "[\\w\\p{L}\\p{N}.+@]+(?:[ -]+[\\w\\p{L}\\p{N}.+@-]+)*";
// Made on first use: each Unicode-property class takes about a millisecond to
// build, and a plain local path needs none of them.
interface NameMatchers {
  configName: RegExp;
  remoteName: RegExp;
  illegalPart: RegExp;
}
let matchers: NameMatchers | undefined;
const nameMatchers = (): NameMatchers =>
  (matchers ??= {
    configName: new RegExp(`^${NAME_RE}$`, "u"),
    remoteName: new RegExp(`^:?${NAME_RE}(?::$|,)`, "u"),
    illegalPart: /^[ -]+|[^\w\p{L}\p{N}.+@ -]+|[ ]+$/gu,
  });

const usage = (msg: string): FsError => new FsError("usage", msg);

export const ERR_INVALID_CHARACTERS =
  "config name contains invalid characters - may only contain numbers, letters, `_`, `-`, `.`, `+`, `@` and space, while not start with `-` or space, and not end with space";

/** Throws unless name is a valid remote name. */
export function checkConfigName(name: string): void {
  if (!nameMatchers().configName.test(name)) throw usage(ERR_INVALID_CHARACTERS);
}

/** Turns any string into a valid remote name by replacing each illegal run with `_`. */
export function makeConfigName(name: string): string {
  if (name === "") return "_";
  const m = nameMatchers();
  if (m.configName.test(name)) return name;
  return name.replace(m.illegalPart, "_");
}

function checkRemoteName(remoteName: string): void {
  if (remoteName === ":" || remoteName === "::") throw usage("config name can't be empty");
  if (!nameMatchers().remoteName.test(remoteName)) throw usage(ERR_INVALID_CHARACTERS);
}

const isConfigParam = (c: string): boolean => /^[A-Za-z0-9_.]$/.test(c);

export interface ParsedPath {
  /** The config name: "remote", ":backend", or "" for a local path. */
  name: string;
  /** The whole config string: "remote", ":backend,value=6", or "". */
  configString: string;
  /** The path inside the remote; may be empty. */
  path: string;
  /** Parameters from the connection string, if any. */
  config?: Record<string, string>;
}

/** Parses `remote:path`. A string with no `:` (or a `/` before it) is a local path. */
export function parsePath(p: string): ParsedPath {
  const parsed: ParsedPath = { name: "", configString: "", path: p };
  if (p === "") throw usage("can't use empty string as a path");
  if (!p.includes(":")) return parsed;

  enum S {
    ConfigName,
    Param,
    Value,
    QuotedValue,
    AfterQuote,
    Done,
  }
  let state: S = S.ConfigName;
  let prev = 0;
  let quote = "";
  let param = "";
  let doubled = false;
  let i = 0;
  // Iterate by code point so that non-BMP letters in names behave like Go's runes.
  const chars = Array.from(p);
  let offset = 0; // UTF-16 offset of chars[k]
  let config: Record<string, string> | undefined;
  loop: for (let k = 0; k < chars.length; offset += chars[k]!.length, k++) {
    const c = chars[k]!;
    i = offset;
    switch (state) {
      case S.ConfigName:
        if (i === 0 && c === ":") continue;
        if (c === "/" || c === "\\") {
          if (p[0] === ":") throw usage(ERR_INVALID_CHARACTERS);
          return parsed;
        }
        if (c === ":" || c === ",") {
          parsed.name = p.slice(0, i);
          checkRemoteName(parsed.name + ":");
          prev = i + 1;
          if (c === ":") {
            state = S.Done;
            break loop;
          }
          state = S.Param;
          config = {};
        }
        break;
      case S.Param:
        if (c === ":" || c === "," || c === "=") {
          param = p.slice(prev, i);
          if (param.length === 0) throw usage("config parameters can't be empty");
          prev = i + 1;
          if (c === "=") {
            state = S.Value;
            break;
          }
          config![param] = "true";
          if (c === ":") {
            state = S.Done;
            break loop;
          }
          state = S.Param;
        } else if (!isConfigParam(c)) {
          throw usage("config parameters may only contain `0-9`, `A-Z`, `a-z`, `_` and `.`");
        }
        break;
      case S.Value:
        if (c === "'" || c === '"') {
          if (i === prev) {
            quote = c;
            state = S.QuotedValue;
            prev = i + 1;
            doubled = false;
          }
        } else if (c === ":" || c === ",") {
          config![param] = p.slice(prev, i);
          prev = i + 1;
          if (c === ":") {
            state = S.Done;
            break loop;
          }
          state = S.Param;
        }
        break;
      case S.QuotedValue:
        if (c === quote) state = S.AfterQuote;
        break;
      case S.AfterQuote:
        if (c === ":" || c === ",") {
          let value = p.slice(prev, i - 1);
          if (doubled) value = value.split(quote + quote).join(quote);
          prev = i + 1;
          config![param] = value;
          if (c === ":") {
            state = S.Done;
            break loop;
          }
          state = S.Param;
        } else if (c === quote) {
          state = S.QuotedValue;
          doubled = true;
        } else {
          throw usage("expecting `:` or `,` or another quote after a quote");
        }
        break;
      default:
        break;
    }
  }
  switch (state) {
    case S.ConfigName:
      throw usage("config name needs a trailing `:`");
    case S.Param:
      throw usage("config parameter must end with `,` or `:`");
    case S.Value:
      throw usage("unquoted config value must end with `,` or `:`");
    case S.QuotedValue:
      throw usage("unterminated quoted config value");
    case S.AfterQuote:
      throw usage("expecting `:` or `,` or another quote after a quote");
    case S.Done:
      break;
  }
  parsed.configString = p.slice(0, i);
  parsed.path = p.slice(i + 1);
  if (config) parsed.config = config;
  return parsed;
}

/** Splits into ("remote:", "path"); local paths give ("", path). */
export function splitFs(remote: string): [string, string] {
  const parsed = parsePath(remote);
  return [parsed.configString === "" ? "" : parsed.configString + ":", parsed.path];
}

/** Splits off the last segment: "remote:/a/b" → ["remote:/a/", "b"]. */
export function splitPath(remote: string): [string, string] {
  const [name, p] = splitFs(remote);
  const slash = p.lastIndexOf("/");
  return [name + p.slice(0, slash + 1), p.slice(slash + 1)];
}

/** Cleans a path so that it can't climb above its root ("../x" → "x"). */
function makeAbsolute(filePath: string): string {
  const leadingSlash = filePath.startsWith("/");
  let out = posix.join("/", filePath);
  if (!leadingSlash && out.startsWith("/")) out = out.slice(1);
  return out;
}

/** Go's path.Join: cleaned, empty parts dropped, "" if all are empty. */
export function goPathJoin(...parts: string[]): string {
  const nonEmpty = parts.filter((x) => x !== "");
  if (nonEmpty.length === 0) return "";
  const j = posix.normalize(nonEmpty.join("/"));
  return j.length > 1 && j.endsWith("/") ? j.slice(0, -1) : j;
}

/** Joins a remote (or local root) and a path inside it, as rclone's JoinRootPath. */
export function joinRootPath(remote: string, filePath: string): string {
  if (filePath === "") return remote;
  const fp = makeAbsolute(filePath);
  if (remote.startsWith("//")) return "/" + goPathJoin(remote, fp);
  let name = "";
  let rpath = remote;
  try {
    const parsed = parsePath(remote);
    name = parsed.configString;
    rpath = parsed.path;
  } catch {
    name = "";
    rpath = remote;
  }
  rpath = goPathJoin(rpath, fp);
  if (name !== "") {
    name += ":";
    if (rpath === ".") rpath = "";
  }
  return name + rpath;
}
