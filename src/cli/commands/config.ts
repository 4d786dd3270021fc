/** The config subcommands (the interactive wizard is `tclone config` with no subcommand). */
import {
  argsToParams,
  createRemote,
  deleteRemote,
  encryptionCheck,
  encryptionRemove,
  encryptionSet,
  passwordRemote,
  touchConfig,
  unsetRemote,
  updateRemote,
  type UpdateRemoteOptions,
} from "../../config/commands.js";
import { configFileText, configPathsText, dumpConfig, redactedConfig, showConfig, showRemote, trimRemoteName } from "../../config/show.js";
import { configPaths, fileStatus } from "../../config/paths.js";
import type { ConfigFile } from "../../config/file.js";
import { FsError } from "../../fs/errors.js";
import type { Cli } from "../cli.js";
import { loadConfig } from "../config-load.js";
import type { RunFn } from "../spec.js";

function updateFlags(cli: Cli, cf: ConfigFile): UpdateRemoteOptions & { obscure: boolean; noObscure: boolean; noOutput: boolean; nonInteractive: boolean; continue: boolean; all: boolean; state: string; result: string } {
  const f = cli.flags;
  return {
    obscure: f.bool("obscure"),
    noObscure: f.bool("no-obscure"),
    noOutput: f.bool("no-output"),
    nonInteractive: f.bool("non-interactive"),
    continue: f.bool("continue"),
    all: f.bool("all"),
    state: f.str("state"),
    result: f.str("result"),
    // rclone's generic questions (--all); the answers are written into cf as they come.
    runBackendConfig: async (req) => (req.nonInteractive ? (await import("../../config/states.js")).allStates(cf, req) : undefined),
  };
}

/** The runner of one `config` subcommand. */
export function configRunner(name: string): RunFn {
  return async (cli, args) => {
    if (name === "providers") {
      // Needs no config file: the backends describe themselves.
      const { providersJson } = await import("../../config/providers.js");
      return cli.out.write(providersJson());
    }
    const cf = await loadConfig(cli.ctx.opt, cli.ctx.log, cli.explicitGlobals.has("config"));
    const w = (s: string): void => cli.out.write(s);
    switch (name) {
      case "file":
        return w(configFileText(fileStatus(cf.path)));
      case "paths":
        return w(configPathsText(configPaths({ configFile: cf.path, cacheDir: cli.ctx.opt.cacheDir, tempDir: cli.ctx.opt.tempDir })));
      case "show":
        return w(args.length > 0 ? showRemote(cf, trimRemoteName(args[0]!)) : showConfig(cf));
      case "dump":
        return w(dumpConfig(cf));
      case "redacted":
        return w(redactedConfig(cf, args[0] === undefined ? undefined : trimRemoteName(args[0])));
      case "create":
        return w(await createRemote(cf, args[0]!, args[1]!, argsToParams(args.slice(2)), updateFlags(cli, cf)));
      case "update":
        return w(await updateRemote(cf, args[0]!, argsToParams(args.slice(1)), updateFlags(cli, cf)));
      case "password":
        return w(await passwordRemote(cf, args[0]!, argsToParams(args.slice(1))));
      case "delete":
        return deleteRemote(cf, trimRemoteName(args[0]!));
      case "unset":
        return w(unsetRemote(cf, trimRemoteName(args[0]!), args.slice(1)).text);
      case "touch":
        return touchConfig(cf);
      case "encryption set":
        return w(await encryptionSet(cf));
      case "encryption remove":
        return encryptionRemove(cf);
      case "encryption check":
        return encryptionCheck(cf);

      default:
        throw new FsError("notImplemented", `config ${name} is not implemented yet`);
    }
  };
}

/** `tclone config` (and `config edit`): the interactive conversation. */
export const runConfigInteractive: RunFn = async (cli) => {
  const cf = await loadConfig(cli.ctx.opt, cli.ctx.log, cli.explicitGlobals.has("config"));
  const { ConfigWizard } = await import("../wizard.js");
  const { stdinLines } = await import("../prompt.js");
  await new ConfigWizard(cf, cli.out, stdinLines(), process.stderr, { notice: (line) => cli.ctx.log.notice(undefined, line) }).run();
};
