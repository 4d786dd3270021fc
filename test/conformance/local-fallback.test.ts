/**
 * The conformance suite against the local backend without the native helper
 * (TCLONE_NO_NATIVE=1): times go through libuv at microsecond precision and
 * there is no user metadata. Vitest runs each file in its own process, and
 * the helper is loaded lazily, so setting the variable here is enough.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import "../../src/backends/local/index.js";
import { nativeHelper, resetNativeHelper } from "../../src/backends/local/native.js";
import { runConformance } from "./suite.js";

process.env["TCLONE_NO_NATIVE"] = "1";
resetNativeHelper();

it("runs without the native helper", () => {
  expect(nativeHelper()).toBeUndefined();
});

runConformance({
  name: "local without the native helper",
  makeRoot: () => mkdtemp(join(tmpdir(), "tclone-conformance-fallback-")),
  cleanup: (root) => rm(root, { recursive: true, force: true }),
});
