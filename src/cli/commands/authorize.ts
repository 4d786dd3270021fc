/**
 * `tclone authorize "type" [client_id client_secret]`: runs the OAuth
 * browser flow for a backend on a machine that has a browser, and prints
 * the token to paste into `tclone config` on a headless machine.
 */
import { FsError } from "../../fs/errors.js";
import { findBackend, type RegInfo } from "../../fs/registry.js";
import { browserLogin } from "../../lib/oauth2/backend.js";
import { openInBrowser } from "../../lib/oauth2/flow.js";
import { tokenToJson } from "../../lib/oauth2/token.js";
import type { Cli } from "../cli.js";

export async function runAuthorize(cli: Cli, args: string[]): Promise<void> {
  let reg: RegInfo;
  try {
    reg = findBackend(args[0]!);
  } catch {
    throw new FsError("config", `didn't find backend called ${JSON.stringify(args[0])}`);
  }
  // rclone's words; such a backend has nothing to log in to.
  if (!reg.oauth) throw new FsError("config", `can't authorize fs ${JSON.stringify(reg.name)}`);
  if (args.length === 2) throw new FsError("usage", "authorize takes a backend name, optionally followed by client_id and client_secret");
  const custom = new Map<string, string>(args.length === 3 ? [["client_id", args[1]!], ["client_secret", args[2]!]] : []);
  const token = await browserLogin(reg.oauth, { get: (k) => custom.get(k) }, {
    print: (line) => cli.ctx.log.notice(undefined, line),
    ...(cli.flags.bool("auth-no-open-browser") ? {} : { openBrowser: openInBrowser }),
    signal: cli.ctx.signal,
  });
  cli.out.write(`Paste the following into your remote machine --->\n${tokenToJson(token)}\n<---End paste\n`);
}
