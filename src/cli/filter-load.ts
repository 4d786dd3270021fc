/** Builds the run's filter from the global filter flags, logging its warnings (and --dump filters). */
import type { GlobalOptions } from "../fs/globals.js";
import type { Logger } from "../fs/log.js";
import { Filter } from "../filter/index.js";
import type { FilterView } from "../ops/context.js";

export async function makeFilter(opt: GlobalOptions, log: Logger): Promise<FilterView> {
  const f = await Filter.create(opt);
  for (const w of f.warnings) log.log(w.level, undefined, w.message);
  if (opt.dump.includes("filters")) process.stdout.write(f.dump());
  return f;
}
