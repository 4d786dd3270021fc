/**
 * Replacing a file that holds secrets without ever exposing a half-written
 * or world-readable version: write a temp file in the same directory
 * (created 0600), fsync it, give it the old file's mode, rename it over the
 * old one. A symlinked path is followed one level, as rclone does, so the
 * link survives and its target is replaced.
 */
import {
  chmodSync,
  closeSync,
  fchownSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join } from "node:path";
import { FsError, errorMessage } from "../fs/errors.js";
import { nodeCrypto } from "../lib/builtins.js";

/** Mode of a new config file. */
export const DEFAULT_CONFIG_MODE = 0o600;

/** Options for {@link writeFileAtomicSync}. */
export interface AtomicWriteOptions {
  /** Mode when there is no existing file (default 0600). */
  defaultMode?: number;
  /** Use rclone's Windows sequence (move the old file aside first); default: on win32. */
  windows?: boolean;
}

function tempName(dir: string, prefix: string): string {
  return join(dir, prefix + String(nodeCrypto().randomInt(0, 2 ** 32)));
}

/** The path a write to `path` should replace: the target of a symlink, else path itself. */
export function resolveWriteTarget(path: string): string {
  let st;
  try {
    st = lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return path;
    throw new FsError("config", `failed to resolve config file path: ${errorMessage(err)}`, { cause: err });
  }
  if (!st.isSymbolicLink()) return path;
  let target: string;
  try {
    target = readlinkSync(path);
  } catch (err) {
    throw new FsError("config", `failed to resolve config file symbolic link: ${errorMessage(err)}`, { cause: err });
  }
  return isAbsolute(target) ? target : join(dirname(path), target);
}

function createExclusive(dir: string, prefix: string): { path: string; fd: number } {
  for (let i = 0; i < 100; i++) {
    const p = tempName(dir, prefix);
    try {
      return { path: p, fd: openSync(p, "wx", DEFAULT_CONFIG_MODE) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  throw new FsError("config", "failed to create temp file for new config: too many collisions");
}

function fsyncDir(dir: string): void {
  // Makes the rename itself durable; not possible on every platform, so best effort.
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

/**
 * Atomically replaces the file at `path` (or its symlink target) with
 * `data`, keeping the old file's permission bits (and trying to keep its
 * group). Throws FsError("config").
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): void {
  const target = resolveWriteTarget(path);
  const dir = dirname(target);
  const prefix = basename(path);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new FsError("config", `failed to create config directory: ${errorMessage(err)}`, { cause: err });
  }
  let tmp: { path: string; fd: number };
  try {
    tmp = createExclusive(dir, prefix);
  } catch (err) {
    if (err instanceof FsError) throw err;
    throw new FsError("config", `failed to create temp file for new config: ${errorMessage(err)}`, { cause: err });
  }
  let renamed = false;
  try {
    let mode = opts.defaultMode ?? DEFAULT_CONFIG_MODE;
    let oldGid: number | undefined;
    try {
      const st = statSync(target);
      mode = st.mode & 0o7777;
      oldGid = st.gid;
    } catch {
      /* no old file: default mode */
    }
    try {
      const buf = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      let off = 0;
      while (off < buf.length) off += writeSync(tmp.fd, buf, off, buf.length - off);
      fsyncSync(tmp.fd);
      if (oldGid !== undefined && typeof process.getuid === "function") {
        try {
          fchownSync(tmp.fd, process.getuid(), oldGid);
        } catch {
          /* keeping the group is only an attempt, as in rclone */
        }
      }
    } finally {
      closeSync(tmp.fd);
    }
    chmodSync(tmp.path, mode);
    if (opts.windows ?? process.platform === "win32") replaceWindows(tmp.path, target, dir, prefix);
    else renameSync(tmp.path, target);
    renamed = true;
    fsyncDir(dir);
  } catch (err) {
    if (err instanceof FsError) throw err;
    throw new FsError("config", `failed to save config file: ${errorMessage(err)}`, { cause: err });
  } finally {
    if (!renamed) {
      try {
        unlinkSync(tmp.path);
      } catch {
        /* already gone */
      }
    }
  }
}

/** Windows can't rename over an open file reliably: move the old one aside, then remove it. */
function replaceWindows(tmp: string, target: string, dir: string, prefix: string): void {
  const backup = tempName(dir, prefix + ".old");
  let haveBackup = true;
  try {
    renameSync(target, backup);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new FsError("config", `failed to move previous config to backup location: ${errorMessage(err)}`);
    }
    haveBackup = false;
  }
  try {
    renameSync(tmp, target);
  } catch (err) {
    // The old config stays in the backup file so nothing is lost.
    throw new FsError("config", `failed to move newly written config from ${tmp} to final location: ${errorMessage(err)}`);
  }
  if (haveBackup) {
    try {
      unlinkSync(backup);
    } catch {
      /* a leftover backup is harmless */
    }
  }
}
