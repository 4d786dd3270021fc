/**
 * Opening an encrypted config: finding the key from the sources rclone
 * uses, in rclone's order — `--password-command`, then RCLONE_CONFIG_PASS,
 * with `_RCLONE_CONFIG_KEY_FILE` (a key handed down by a parent process)
 * overriding both, and finally a prompt — and retrying a prompt after a
 * wrong password.
 */
import { readFileSync, unlinkSync } from "node:fs";
import { FsError, errorMessage } from "../fs/errors.js";
import type { Logger } from "../fs/log.js";
import { configKeyFromPassword, checkConfigPassword, decodeEncryptedPayload, openConfigBox } from "./crypt.js";
import { revealBytes } from "./obscure.js";
import { askPassword, runPasswordCommand, runPasswordCommandSync, type PasswordIO } from "./password.js";

/** Environment variable naming a file that holds an obscured config key (deleted once read). */
export const KEY_FILE_ENV = "_RCLONE_CONFIG_KEY_FILE";
/** Environment variable holding the config password. */
export const CONFIG_PASS_ENV = "RCLONE_CONFIG_PASS";

const WRONG_PASSWORD = "Couldn't decrypt configuration, most likely wrong password.";

/** Where a config key may come from. */
export interface KeySources {
  env: NodeJS.ProcessEnv;
  passwordCommand: readonly string[];
  askPassword: boolean;
  io: PasswordIO;
  log?: Logger;
}

/** A decrypted config and the key that opened it. */
export interface Unlocked {
  text: string;
  key: Uint8Array;
}

function keyFromPassword(password: string, io: PasswordIO): Uint8Array {
  const checked = checkConfigPassword(password);
  if (checked.warning) io.output.write(checked.warning + "\n");
  return configKeyFromPassword(checked.password);
}

/** Reads, deletes and reveals the key file; rclone's messages on failure. */
function keyFromKeyFile(path: string): Uint8Array {
  let content: string;
  try {
    content = readFileSync(path, "utf8");
  } catch (err) {
    try {
      unlinkSync(path);
    } catch {
      throw new FsError("config", `unable to read obscured config key and unable to delete the temp file: ${errorMessage(err)}`);
    }
    throw new FsError("config", `unable to read obscured config key: ${errorMessage(err)}`);
  }
  try {
    unlinkSync(path);
  } catch (err) {
    throw new FsError("config", `unable to delete temp file with configKey: ${errorMessage(err)}`);
  }
  try {
    return revealBytes(content);
  } catch (err) {
    throw new FsError("config", `Reveal failed: ${errorMessage(err)}`);
  }
}

interface Initial {
  key: Uint8Array | undefined;
  usingCommand: boolean;
  usingEnv: boolean;
}

function afterCommand(pass: string, key: Uint8Array | undefined, s: KeySources): Initial {
  if (key) return { key, usingCommand: false, usingEnv: false };
  if (pass !== "") {
    try {
      return { key: keyFromPassword(pass, s.io), usingCommand: true, usingEnv: false };
    } catch (err) {
      throw new FsError("badPassword", `incorrect password: ${errorMessage(err)}`);
    }
  }
  const envPass = s.env[CONFIG_PASS_ENV];
  if (envPass === undefined || envPass === "") return { key: undefined, usingCommand: false, usingEnv: false };
  try {
    const k = keyFromPassword(envPass, s.io);
    s.log?.debug(undefined, "Using RCLONE_CONFIG_PASS password.");
    return { key: k, usingCommand: false, usingEnv: true };
  } catch (err) {
    s.log?.error(undefined, `Using RCLONE_CONFIG_PASS returned: ${errorMessage(err)}`);
    return { key: undefined, usingCommand: false, usingEnv: true };
  }
}

/** The error when no further source may be tried; undefined if a prompt is allowed. */
function noMoreSources(init: Initial, s: KeySources): FsError | undefined {
  if (init.usingCommand) return new FsError("badPassword", "using --password-command derived password, unable to decrypt configuration");
  if (init.usingEnv) return new FsError("badPassword", "using RCLONE_CONFIG_PASS env password, unable to decrypt configuration");
  if (!s.askPassword) {
    return new FsError(
      "badPassword",
      "unable to decrypt configuration and not allowed to ask for password - set RCLONE_CONFIG_PASS to your configuration password",
    );
  }
  return undefined;
}

/**
 * Decrypts the payload of an RCLONE_ENCRYPT_V0 file. `heldKey` is a key
 * already known (e.g. from an earlier load); it is tried first.
 */
export async function unlockConfig(payload: string, heldKey: Uint8Array | undefined, s: KeySources): Promise<Unlocked> {
  const pass = heldKey ? "" : await runPasswordCommand({ command: s.passwordCommand, env: s.env, stdin: s.io.stdin, log: s.log });
  const init = afterCommand(pass, heldKey, s);
  const box = decodeEncryptedPayload(payload);
  let key = init.key;
  for (;;) {
    const keyFile = s.env[KEY_FILE_ENV];
    if (keyFile) {
      s.log?.debug(undefined, "attempting to obtain configKey from temp file");
      key = keyFromKeyFile(keyFile);
    } else if (!key) {
      const stop = noMoreSources(init, s);
      if (stop) throw stop;
      key = keyFromPassword(await askPassword("Enter configuration password:", s.io), s.io);
    }
    const text = openConfigBox(box, key);
    if (text !== undefined) return { text, key };
    s.log?.error(undefined, WRONG_PASSWORD);
    key = undefined;
  }
}

/**
 * {@link unlockConfig} without the prompt, for reloading a file that
 * another process changed while we were running.
 */
export function unlockConfigSync(payload: string, heldKey: Uint8Array | undefined, s: KeySources): Unlocked {
  const pass = heldKey ? "" : runPasswordCommandSync({ command: s.passwordCommand, env: s.env, log: s.log });
  const init = afterCommand(pass, heldKey, s);
  const box = decodeEncryptedPayload(payload);
  const keyFile = s.env[KEY_FILE_ENV];
  const key = keyFile ? keyFromKeyFile(keyFile) : init.key;
  if (!key) {
    throw noMoreSources(init, s) ?? new FsError("badPassword", "config file is encrypted and the password can't be asked for now");
  }
  const text = openConfigBox(box, key);
  if (text === undefined) throw new FsError("badPassword", WRONG_PASSWORD);
  return { text, key };
}
