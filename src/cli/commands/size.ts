/** size: count objects and bytes. */
import { goJsonStringify } from "../../lib/gojson.js";
import { formatCount, formatSizeBytes } from "../../lib/units.js";
import { count } from "../../ops/list.js";
import type { Cli } from "../cli.js";

export async function runSize(cli: Cli, args: string[]): Promise<void> {
  const { fs } = await cli.newFsSrc(args[0]!);
  const r = await count(cli.ctx, fs);
  if (r.sizeless > 0) cli.ctx.log.notice(fs, `Size may be underestimated due to ${r.sizeless} objects with unknown size`);
  if (cli.flags.bool("json")) {
    cli.out.write(goJsonStringify({ count: r.count, bytes: r.bytes, sizeless: r.sizeless, fs: args[0]! }) + "\n");
    return;
  }
  const n = String(r.count);
  const suffix = formatCount(r.count);
  cli.out.write(n === suffix ? `Total objects: ${n}\n` : `Total objects: ${suffix} (${n})\n`);
  cli.out.write(`Total size: ${formatSizeBytes(r.bytes)} (${r.bytes} Byte)\n`);
  if (r.sizeless > 0) cli.out.write(`Total objects with unknown size: ${formatCount(r.sizeless)} (${r.sizeless})\n`);
}
