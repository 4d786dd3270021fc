/** Finding programs the tests run (rclone, chromium) on PATH. */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** The full path of an executable on PATH, or undefined. */
export function onPath(cmd: string): string | undefined {
  for (const d of (process.env["PATH"] ?? "").split(delimiter)) {
    if (d === "") continue;
    const p = join(d, cmd);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      /* keep looking */
    }
  }
  return undefined;
}
