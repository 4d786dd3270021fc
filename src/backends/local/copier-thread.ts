/**
 * The code of the local copy threads (see copier.ts), run with
 * `new Worker(source, { eval: true })` so that it needs no file of its own
 * next to the bundle. It copies whole files with synchronous calls, hashing
 * on the way, and answers each batch of jobs with one message.
 *
 * Plain CommonJS JavaScript in a string: keep it small and obvious.
 */
export const COPIER_THREAD_SOURCE = String.raw`
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
const crypto = require("node:crypto");
const zlib = require("node:zlib");

let native;
try {
  native = workerData.nativePath ? require(workerData.nativePath) : undefined;
} catch {
  native = undefined;
}

const CHUNK = 1 << 20;
const PROGRESS_EVERY = 16 << 20;

function packStat(st) {
  return [Number(st.mode), Number(st.size), Number(st.mtimeNs / 1000000000n), Number(st.mtimeNs % 1000000000n),
    Number(st.atimeNs / 1000000000n), Number(st.atimeNs % 1000000000n), Number(st.ctimeNs / 1000000000n), Number(st.ctimeNs % 1000000000n), Number(st.dev), 0];
}

function fstat(fd) {
  return packStat(fs.fstatSync(fd, { bigint: true }));
}

function newHashers(names) {
  return names.map((n) => n === "crc32" ? { crc: 0, update(b) { this.crc = zlib.crc32(b, this.crc); }, digest() { return (this.crc >>> 0).toString(16).padStart(8, "0"); } }
    : { h: crypto.createHash(n), update(b) { this.h.update(b); }, digest() { return this.h.digest("hex"); } });
}

function setTimes(fd, sec, nsec) {
  if (native) native.futimens(fd, sec, nsec, sec, nsec);
  else {
    // libuv truncates to microseconds; bias so float rounding never lands below.
    const t = sec + Math.floor(nsec / 1000) / 1e6 + 0.5e-6;
    fs.futimesSync(fd, t, t);
  }
}

function openForWrite(p) {
  const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC;
  try {
    return fs.openSync(p, flags, 0o666);
  } catch (err) {
    if (err.code !== "ENOENT") throw err;
    fs.mkdirSync(path.dirname(p), { recursive: true, mode: 0o777 });
    return fs.openSync(p, flags, 0o666);
  }
}

function changed(job, st) {
  if (job.noCheckUpdated) return undefined;
  if (st[1] !== job.size) return "size changed from " + job.size + " to " + st[1];
  if (st[2] !== job.mtimeSec || st[3] !== job.mtimeNsec) return "mod time changed";
  return undefined;
}

// A Buffer path arrives as a plain Uint8Array after the structured clone.
function asPath(p) {
  return typeof p === "string" ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength);
}

function copy(job, id) {
  job.src = asPath(job.src);
  job.dst = asPath(job.dst);
  const hashers = newHashers(job.hashes);
  let src, dst, made = false;
  try {
    src = fs.openSync(job.src, "r");
    const before = fstat(src);
    const why = changed(job, before);
    if (why) return { id, changed: why, stat: before };
    dst = openForWrite(job.dst);
    made = true;
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(job.size, 0) + 1));
    let pos = 0, sinceProgress = 0;
    for (;;) {
      const n = fs.readSync(src, buf, 0, buf.length, pos);
      if (n === 0) break;
      const chunk = n === buf.length ? buf : buf.subarray(0, n);
      for (const h of hashers) h.update(chunk);
      let off = 0;
      while (off < n) off += fs.writeSync(dst, chunk, off, n - off);
      pos += n;
      sinceProgress += n;
      if (sinceProgress >= PROGRESS_EVERY) {
        parentPort.postMessage({ progress: id, bytes: sinceProgress });
        sinceProgress = 0;
      }
    }
    const after = fstat(src);
    const why2 = changed(job, after) || (pos !== job.size ? "size changed from " + job.size + " to " + pos : undefined);
    if (why2) {
      fs.closeSync(dst);
      dst = undefined;
      fs.unlinkSync(job.dst);
      made = false;
      return { id, changed: why2, stat: after };
    }
    setTimes(dst, job.setSec, job.setNsec);
    const dstStat = fstat(dst);
    fs.closeSync(dst);
    dst = undefined;
    return { id, ok: true, bytes: pos, progressed: pos - sinceProgress, srcStat: after, dstStat, sums: hashers.map((h) => h.digest()) };
  } catch (err) {
    if (dst !== undefined) {
      try { fs.closeSync(dst); } catch {}
    }
    if (made) {
      try { fs.unlinkSync(job.dst); } catch {}
    }
    return { id, error: { message: err.message, code: err.code, errno: err.errno, syscall: err.syscall, path: err.path === job.src ? "src" : "dst" } };
  } finally {
    if (src !== undefined) {
      try { fs.closeSync(src); } catch {}
    }
  }
}

parentPort.on("message", (batch) => {
  const out = [];
  for (const [id, job] of batch) out.push(copy(job, id));
  parentPort.postMessage({ results: out });
});
`;
