/**
 * Metadata of local files and directories: the system keys (mode, uid, gid,
 * rdev, atime, mtime, btime) from stat, and user keys from extended
 * attributes under "user." (only with the native helper, which has the
 * xattr calls Node lacks).
 */
import type { BigIntStats } from "node:fs";
import { chmod, chown, lchown, lstat, stat } from "../../lib/fsp.js";
import { FsError, errorMessage } from "../../fs/errors.js";
import type { Context } from "../../fs/context.js";
import type { Metadata } from "../../fs/types.js";
import { nativeError, nativeHelper } from "./native.js";
import type { LocalOptions } from "./options.js";
import { setTimes } from "./times.js";
import { errCode, formatRfc3339Nano, osError, osPath, parseRfc3339 } from "./util.js";

const XATTR_PREFIX = "user.";

/** The system metadata keys this backend owns; user keys of these names are not stored as xattrs. */
export const SYSTEM_KEYS: ReadonlySet<string> = new Set(["mode", "uid", "gid", "rdev", "atime", "mtime", "btime"]);

/** Whether extended attributes work here; turned off for good on the first "not supported". */
export class XattrState {
  enabled: boolean;
  constructor() {
    const n = nativeHelper();
    this.enabled = n?.listxattr !== undefined && n.getxattr !== undefined && n.setxattr !== undefined;
  }
}

/** What reading and writing metadata needs to know about the entry. */
export interface MetaTarget {
  readonly path: string;
  readonly remote: string;
  readonly translatedLink: boolean;
  readonly lfs: {
    readonly opt: LocalOptions;
    readonly xattrs: XattrState;
    readonly ctx: Context;
    toString(): string;
  };
}

const NOT_SUPPORTED = new Set(["ENOTSUP", "EOPNOTSUPP", "EINVAL", "ENODATA"]);

/** True (and xattrs turned off, with one error logged) if err says the file system has none. */
function xattrNotSupported(t: MetaTarget, err: unknown): boolean {
  const code = errCode(err);
  if (code === undefined || !NOT_SUPPORTED.has(code)) return false;
  if (t.lfs.xattrs.enabled) {
    t.lfs.xattrs.enabled = false;
    t.lfs.ctx.log.error(t.lfs.toString(), `xattrs not supported - disabling: ${errorMessage(err)}`);
  }
  return true;
}

/** The user metadata in extended attributes, or undefined if there is none. */
export async function getXattrs(t: MetaTarget): Promise<Metadata | undefined> {
  const n = nativeHelper();
  if (!t.lfs.xattrs.enabled || !n?.listxattr || !n.getxattr) return undefined;
  const noFollow = !t.lfs.opt.followSymlinks;
  const p = osPath(t.path);
  let names: string[];
  try {
    names = n.listxattr(p, noFollow).toString("utf8").split("\0").filter((s) => s !== "");
  } catch (err) {
    const e = nativeError(err, t.path);
    if (xattrNotSupported(t, e)) return undefined;
    throw osError(e, "failed to read xattr: listxattr", t.path);
  }
  const out: Metadata = {};
  let any = false;
  for (const name of names) {
    const lower = name.toLowerCase();
    if (!lower.startsWith(XATTR_PREFIX)) continue;
    const key = lower.slice(XATTR_PREFIX.length);
    if (SYSTEM_KEYS.has(key)) continue;
    let value: Buffer;
    try {
      value = n.getxattr(p, name, noFollow);
    } catch (err) {
      const e = nativeError(err, t.path);
      if (xattrNotSupported(t, e)) return undefined;
      throw osError(e, `failed to read xattr key "${name}": getxattr`, t.path);
    }
    out[key] = value.toString("utf8");
    any = true;
  }
  return any ? out : undefined;
}

/** Stores the user keys of m as extended attributes. */
export async function setXattrs(t: MetaTarget, m: Metadata): Promise<void> {
  const n = nativeHelper();
  if (!t.lfs.xattrs.enabled || !n?.setxattr) return;
  const noFollow = !t.lfs.opt.followSymlinks;
  const p = osPath(t.path);
  for (const [k, v] of Object.entries(m)) {
    const key = k.toLowerCase();
    if (SYSTEM_KEYS.has(key)) continue;
    try {
      n.setxattr(p, XATTR_PREFIX + key, Buffer.from(v, "utf8"), noFollow);
    } catch (err) {
      const e = nativeError(err, t.path);
      if (xattrNotSupported(t, e)) return;
      throw osError(e, `failed to set xattr key "${XATTR_PREFIX + key}": setxattr`, t.path);
    }
  }
}

/** Linux's dev_t split as statx reports it, so that rdev reads as rclone shows it. */
function rdevString(rdev: bigint): string {
  if (process.platform !== "linux") return rdev.toString(16);
  const major = ((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn);
  const minor = (rdev & 0xffn) | ((rdev >> 12n) & ~0xffn);
  return ((major << 32n) | minor).toString(16);
}

/** The system metadata from a stat result. */
export function statMetadata(st: BigIntStats, into: Metadata = {}): Metadata {
  into["mode"] = st.mode.toString(8);
  if (process.platform !== "win32") {
    into["uid"] = st.uid.toString(10);
    into["gid"] = st.gid.toString(10);
  }
  if (st.rdev !== 0n) into["rdev"] = rdevString(st.rdev);
  into["atime"] = formatRfc3339Nano(st.atimeNs);
  into["mtime"] = formatRfc3339Nano(st.mtimeNs);
  into["btime"] = formatRfc3339Nano(st.birthtimeNs);
  return into;
}

/** All metadata of the entry: user keys from xattrs, then the system keys. */
export async function readMetadata(t: MetaTarget): Promise<Metadata> {
  const out: Metadata = (await getXattrs(t)) ?? {};
  let st: BigIntStats;
  try {
    st = t.lfs.opt.followSymlinks ? await stat(osPath(t.path), { bigint: true }) : await lstat(osPath(t.path), { bigint: true });
  } catch (err) {
    throw osError(err, "stat", t.path);
  }
  const all = statMetadata(st, out);
  // Keys in byte order, as Go's JSON encoder writes a map, so that printing the record as-is matches rclone.
  const sorted: Metadata = {};
  for (const k of Object.keys(all).sort()) sorted[k] = all[k]!;
  return sorted;
}

function parseTime(t: MetaTarget, m: Metadata, key: string): bigint | undefined {
  const v = m[key];
  if (v === undefined) return undefined;
  const parsed = parseRfc3339(v);
  if (parsed === undefined) t.lfs.ctx.log.debug(t.remote, `failed to parse metadata ${key}: "${v}"`);
  return parsed;
}

function parseInteger(t: MetaTarget, m: Metadata, key: string, base: 8 | 10): number | undefined {
  const v = m[key];
  if (v === undefined) return undefined;
  const re = base === 8 ? /^[+-]?[0-7]+$/ : /^[+-]?\d+$/;
  if (!re.test(v)) {
    t.lfs.ctx.log.debug(t.remote, `failed to parse metadata ${key}: "${v}"`);
    return undefined;
  }
  return Number.parseInt(v, base);
}

// Go's os.FileMode keeps these bits high up; a real st_mode keeps them in 0o7000.
const GO_SETUID = 1 << 23;
const GO_SETGID = 1 << 22;
const GO_STICKY = 1 << 20;

/** The bits of a "mode" value to apply: permissions, plus setuid/setgid/sticky when allowed. */
export function modeToApply(mode: number, restoreSpecial: boolean): number {
  let out = mode & 0o777;
  if (restoreSpecial) {
    out |= mode & 0o7000;
    if (mode & GO_SETUID) out |= 0o4000;
    if (mode & GO_SETGID) out |= 0o2000;
    if (mode & GO_STICKY) out |= 0o1000;
  }
  return out;
}

/**
 * Writes metadata to the entry: user keys as xattrs, then times, owner and
 * mode. Each failure is remembered and the last one thrown, after trying
 * the rest, as rclone does. Linux cannot set a birth time, so btime is
 * ignored there.
 */
export async function writeMetadata(t: MetaTarget, m: Metadata | undefined): Promise<void> {
  if (!m) return;
  await setXattrs(t, m);
  let failure: FsError | undefined;
  const fail = (what: string, err: unknown): void => {
    failure = new FsError("other", `${what}: ${errorMessage(err)}`, { cause: err });
  };
  let atime = parseTime(t, m, "atime");
  let mtime = parseTime(t, m, "mtime");
  if (atime !== undefined || mtime !== undefined) {
    atime ??= mtime;
    mtime ??= atime;
    try {
      await setTimes(osPath(t.path), atime!, mtime!, t.translatedLink);
    } catch (err) {
      fail("failed to set times", err);
    }
  }
  const uid = parseInteger(t, m, "uid", 10);
  if (uid !== undefined && process.platform !== "win32") {
    const gid = parseInteger(t, m, "gid", 10) ?? uid;
    try {
      if (t.translatedLink) await lchown(osPath(t.path), uid, gid);
      else await chown(osPath(t.path), uid, gid);
    } catch (err) {
      fail("failed to change ownership", err);
    }
  }
  const mode = parseInteger(t, m, "mode", 8);
  if (mode !== undefined && mode >= 0 && mode <= 0xffffffff && process.platform !== "win32") {
    const bits = modeToApply(mode, t.lfs.opt.metadataRestoreSpecialBits);
    if (t.translatedLink) {
      // Linux cannot chmod a symlink itself, and chmod would change its target.
      t.lfs.ctx.log.debug(t.remote, `Unable to set mode ${bits.toString(8)} on a symlink on this OS`);
    } else {
      try {
        await chmod(osPath(t.path), bits);
      } catch (err) {
        fail("failed to change permissions", err);
      }
    }
  }
  if (failure) throw failure;
}
