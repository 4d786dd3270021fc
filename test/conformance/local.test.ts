/**
 * The conformance suite against the local backend, under a fresh temporary
 * directory (as rclone's fstests use for local), with the native helper
 * when it is built (nanosecond times, user metadata in xattrs).
 * local-fallback.test.ts runs it again without the helper.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import "../../src/backends/local/index.js";
import { runConformance } from "./suite.js";

runConformance({
  name: "local",
  makeRoot: () => mkdtemp(join(tmpdir(), "tclone-conformance-")),
  cleanup: (root) => rm(root, { recursive: true, force: true }),
});
