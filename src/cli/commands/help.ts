/** help, help flags, help backends, help backend. */
import { FsError } from "../../fs/errors.js";
import type { Cli } from "../cli.js";
import { findCommand } from "../commands.js";
import { backendHelp, backendsHelp, globalFlagsHelp, helpText } from "../help.js";

export async function runHelp(cli: Cli, args: string[]): Promise<void> {
  const spec = args.length === 0 ? undefined : findCommand(args);
  if (args.length > 0 && !spec) throw new FsError("usage", `unknown help topic ${JSON.stringify(args)}`);
  cli.out.write(helpText(spec, args));
}

export async function runHelpFlags(cli: Cli, args: string[]): Promise<void> {
  cli.out.write(globalFlagsHelp(args[0]));
}

export async function runHelpBackends(cli: Cli): Promise<void> {
  cli.out.write(backendsHelp());
}

export async function runHelpBackend(cli: Cli, args: string[]): Promise<void> {
  cli.out.write(await backendHelp(args[0]!));
}
