#!/usr/bin/env node
// Generates benchmark trees (deterministic content, fixed mtimes):
//   gen.mjs small DIR   10,000 files of 4 KiB in 100 folders + five of 50 MiB
//   gen.mjs empty DIR N 200,000 (or N) empty files in N/100 folders
import { mkdirSync, writeFileSync, utimesSync, openSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";
import { createHash } from "node:crypto";

const [kind, dir, nArg] = process.argv.slice(2);
if (!kind || !dir) {
  console.error("usage: gen.mjs small|empty DIR [N]");
  process.exit(2);
}
const mtime = 1_700_000_000;

function block(seed, size) {
  // Pseudo-random, incompressible-ish content that differs per file.
  const out = Buffer.alloc(size);
  let h = createHash("sha256").update(String(seed)).digest();
  for (let off = 0; off < size; off += h.length) {
    h.copy(out, off);
    h = createHash("sha256").update(h).digest();
  }
  return out;
}

if (kind === "small") {
  for (let d = 0; d < 100; d++) {
    const sub = join(dir, `d${String(d).padStart(3, "0")}`);
    mkdirSync(sub, { recursive: true });
    for (let f = 0; f < 100; f++) {
      const p = join(sub, `f${String(f).padStart(3, "0")}.bin`);
      writeFileSync(p, block(d * 1000 + f, 4096));
      utimesSync(p, mtime, mtime);
    }
  }
  const big = join(dir, "big");
  mkdirSync(big, { recursive: true });
  const chunk = block("big", 1 << 20);
  for (let i = 0; i < 5; i++) {
    const p = join(big, `large${i}.bin`);
    const fd = openSync(p, "w");
    for (let m = 0; m < 50; m++) {
      chunk[0] = i;
      chunk[1] = m;
      writeSync(fd, chunk);
    }
    closeSync(fd);
    utimesSync(p, mtime, mtime);
  }
} else if (kind === "empty") {
  const n = Number(nArg ?? 200000);
  const perDir = 100;
  for (let d = 0; d < n / perDir; d++) {
    const sub = join(dir, `d${String(d).padStart(5, "0")}`);
    mkdirSync(sub, { recursive: true });
    for (let f = 0; f < perDir; f++) {
      const p = join(sub, `e${String(f).padStart(3, "0")}`);
      closeSync(openSync(p, "w"));
      utimesSync(p, mtime, mtime);
    }
  }
} else {
  console.error(`unknown kind ${kind}`);
  process.exit(2);
}
