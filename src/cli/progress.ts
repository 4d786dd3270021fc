/** -P/--progress: the stats block redrawn in place on the terminal. */
import type { OpsContext } from "../ops/context.js";

export function startProgress(ctx: OpsContext): () => void {
  const tty = process.stderr.isTTY;
  let lastLines = 0;
  const draw = (final: boolean): void => {
    const block = ctx.stats.toString().replace(/^\n/, "");
    const lines = (block.match(/\n/g) ?? []).length + (block.endsWith("\n") ? 0 : 1);
    let s = "";
    if (tty && lastLines > 0) s += `\x1b[${lastLines}A\x1b[J`;
    s += block;
    if (!block.endsWith("\n")) s += "\n";
    if (tty || final) process.stderr.write(s);
    lastLines = lines;
  };
  // Log lines go above the progress block.
  const sink = ctx.log.sink;
  ctx.log.sink = (line) => {
    if (tty && lastLines > 0) process.stderr.write(`\x1b[${lastLines}A\x1b[J`);
    sink(line);
    lastLines = 0;
  };
  const t = setInterval(() => draw(false), 500);
  t.unref();
  return () => {
    clearInterval(t);
    draw(true);
    ctx.log.sink = sink;
  };
}
