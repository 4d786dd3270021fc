/**
 * From remote names to OS paths, and the guards that keep every path inside
 * the root: a name from an untrusted source must not climb out through `..`
 * (an encoding without Dot can decode one), nor, with -l/--links, through a
 * symlink that the same source planted earlier.
 */
import { realpath, mkdir, lstat } from "../../lib/fsp.js";
import { posix, resolve } from "node:path";
import { FsError } from "../../fs/errors.js";
import { decodeName } from "../../fs/names.js";
import type { Encoder } from "../../lib/encoder.js";
import { goQuote } from "../../lib/goquote.js";
import { isNotExist, osError, osPath } from "./util.js";

/**
 * Makes the root an absolute, clean OS path, encoding each segment (but not
 * `.` and `..`, which must keep their path meaning) with the backend's
 * encoding.
 */
export function cleanRootPath(root: string, enc: Encoder): string {
  const parts = root.split("/");
  let changed = false;
  const encoded = parts.map((p) => {
    if (p === "" || p === "." || p === "..") return p;
    const e = enc.fromStandardName(p);
    if (e !== p) changed = true;
    return e;
  });
  const s = changed ? encoded.join("/") : root;
  return resolve(s === "" ? "." : s);
}

/**
 * The OS path of a remote under root. Throws (without retry) if the decoded
 * name would resolve outside the root.
 */
export function localPath(root: string, enc: Encoder, remote: string): string {
  const native = enc.fromStandardPath(remote);
  if (native === "") return root;
  // Plain names (no empty, "." or ".." segment) need no cleaning: the common case, made cheap.
  if (PLAIN_REL.test(native)) return root === "/" ? "/" + native : root + "/" + native;
  // Joined and cleaned lexically, as Go's filepath.Join does: "/x" stays under the root, "../x" does not.
  let joined = posix.join(root, native);
  if (joined.length > 1 && joined.endsWith("/")) joined = joined.slice(0, -1);
  if (!within(root, joined)) {
    throw new FsError("other", `${goQuote(remote)}: file name is not a path within the local root - check the encoding`, {
      noRetry: true,
    });
  }
  return joined;
}

const PLAIN_REL = /^[^/.][^/]*(?:\/[^/.][^/]*)*$/;

/** True if path is dir or inside it. */
function within(dir: string, path: string): boolean {
  return path === dir || path.startsWith(dir.endsWith("/") ? dir : dir + "/");
}

/**
 * With -l/--links every write is checked to stay inside the root: the
 * deepest existing ancestor of the path (the path itself included) must
 * resolve, symlinks followed, to somewhere under the root's real path.
 * Links that point within the tree stay usable. There is a window between
 * the check and the write that the kernel could close (openat2 with
 * RESOLVE_BENEATH) but Node cannot; the check still defeats a planted link.
 */
export async function checkBeneath(root: string, path: string): Promise<void> {
  let realRoot: string;
  try {
    realRoot = decodeName(await realpath(osPath(root), { encoding: "buffer" }));
  } catch (err) {
    if (isNotExist(err)) return; // nothing exists yet, so nothing can have been planted
    throw osError(err, "realpath", root);
  }
  let cur = path;
  for (;;) {
    try {
      await lstat(osPath(cur));
    } catch (err) {
      if (!isNotExist(err)) throw osError(err, "lstat", cur);
      const up = posix.dirname(cur);
      if (up === cur || !within(root, up)) return;
      cur = up;
      continue;
    }
    let real: string;
    try {
      real = decodeName(await realpath(osPath(cur), { encoding: "buffer" }));
    } catch (err) {
      // A dangling or looping link in the way: refuse rather than write through it.
      throw osError(err, "realpath", cur, "permissionDenied");
    }
    if (!within(realRoot, real)) {
      throw new FsError("permissionDenied", `${goQuote(path)}: path escapes from parent through a symlink`, { noRetry: true });
    }
    return;
  }
}

/** mkdir -p, optionally checked against escaping the root first. */
export async function mkdirAll(root: string, path: string, guarded: boolean): Promise<void> {
  if (guarded) await checkBeneath(root, path);
  try {
    await mkdir(osPath(path), { recursive: true, mode: 0o777 });
  } catch (err) {
    throw osError(err, "mkdir", path);
  }
}
