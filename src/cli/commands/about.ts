/** about: quota of a remote. */
import { FsError } from "../../fs/errors.js";
import type { Usage } from "../../fs/types.js";
import { goJsonStringify } from "../../lib/gojson.js";
import { formatSizeBytes } from "../../lib/units.js";
import type { Cli } from "../cli.js";

const FIELDS: [keyof Usage, string][] = [
  ["total", "Total:"],
  ["used", "Used:"],
  ["free", "Free:"],
  ["trashed", "Trashed:"],
  ["other", "Other:"],
  ["objects", "Objects:"],
];

export async function runAbout(cli: Cli, args: string[]): Promise<void> {
  const f = await cli.newFsDir(args[0]!);
  const about = f.features.about;
  if (!about) throw new FsError("notImplemented", `${f.toString()} doesn't support about`);
  const u = await about.call(f.features);
  if (cli.flags.bool("json")) {
    const o: Record<string, number> = {};
    for (const [k] of FIELDS) if (u[k] !== undefined) o[k] = u[k]!;
    cli.out.write(goJsonStringify(o, "\t") + "\n");
    return;
  }
  const full = cli.flags.bool("full");
  for (const [k, label] of FIELDS) {
    const v = u[k];
    if (v === undefined) continue;
    const shown = full || k === "objects" ? String(v) : formatSizeBytes(v);
    cli.out.write(`${label.padEnd(9)}${shown}\n`);
  }
}
