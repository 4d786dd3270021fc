/** version: what tclone this is. */
import { arch, platform, release } from "node:os";
import type { Cli } from "../cli.js";
import { TCLONE_VERSION } from "../version.js";

export async function runVersion(cli: Cli): Promise<void> {
  cli.out.write(`tclone v${TCLONE_VERSION}\n`);
  cli.out.write(`- os/type: ${platform()}\n- os/kernel: ${release()} (${arch()})\n- os/arch: ${arch()}\n`);
  cli.out.write(`- node/version: ${process.version}\n- node/linking: dynamic\n`);
  if (cli.flags.bool("check")) cli.ctx.log.notice(undefined, "version --check needs network access to the release site, which tclone does not contact");
}
