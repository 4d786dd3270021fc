/**
 * The rclone.conf in use: found, loaded (decrypted if need be), reloaded
 * when another process changes it, and saved atomically (encrypted again
 * if it has a password). This is the ConfigStore the rest of tclone reads
 * remotes from.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { FsError, errorMessage, wrapError } from "../fs/errors.js";
import { Logger } from "../fs/log.js";
import type { ConfigStore } from "../fs/newfs.js";
import { writeFileAtomicSync } from "./atomic.js";
import { configKeyFromPassword, encryptConfig, inspectConfigText } from "./crypt.js";
import { IniFile } from "./ini.js";
import { obscureBytes } from "./obscure.js";
import { askNewPassword, processPasswordIO, runPasswordCommand, type PasswordIO } from "./password.js";
import { resolveConfigPath } from "./paths.js";
import { unlockConfig, unlockConfigSync, type KeySources } from "./unlock.js";
import { nodeCrypto } from "../lib/builtins.js";

/** Options for {@link ConfigFile.load}. */
export interface LoadConfigOptions {
  /** `--config`: a path, or "" / "/dev/null" / ".../notfound" for in memory. Undefined: RCLONE_CONFIG, then the search. */
  path?: string;
  /** `--password-command` program and arguments. */
  passwordCommand?: readonly string[];
  /** `--ask-password` (default true): may we prompt for the config password? */
  askPassword?: boolean;
  /** Environment to read RCLONE_CONFIG, RCLONE_CONFIG_PASS, HOME… from (default process.env). RCLONE_CONFIG_DIR is set in it. */
  env?: NodeJS.ProcessEnv;
  /** Streams and a password-reading hook for prompts (default the process's terminal). */
  io?: Partial<PasswordIO>;
  log?: Logger;
  /** Directory of the executable, for a portable config (see paths.ts). */
  exeDir?: string;
  platform?: NodeJS.Platform;
  /** How many times a failed save is retried (`--low-level-retries`, default 10). */
  lowLevelRetries?: number;
}

interface Snapshot {
  mtimeNs: bigint;
  size: bigint;
}

function snapshotOf(path: string): Snapshot | undefined {
  try {
    const st = statSync(path, { bigint: true });
    return { mtimeNs: st.mtimeNs, size: st.size };
  } catch {
    return undefined;
  }
}

// ConfigStore.set is synchronous, so a retried save has to pause without returning to the event loop.
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The loaded config file. Implements ConfigStore. */
export class ConfigFile implements ConfigStore {
  private ini = new IniFile();
  private key: Uint8Array | undefined;
  private snapshot: Snapshot | undefined;
  private readonly env: NodeJS.ProcessEnv;
  private readonly io: PasswordIO;
  private readonly log: Logger;
  private readonly passwordCommand: readonly string[];
  private readonly askPasswordAllowed: boolean;
  private readonly lowLevelRetries: number;
  private readonly platform: NodeJS.Platform;

  /** Use {@link ConfigFile.load} or {@link ConfigFile.inMemory}. */
  private constructor(
    /** Absolute path of the config file; "" when the config lives in memory only. */
    readonly path: string,
    opts: LoadConfigOptions,
  ) {
    this.env = opts.env ?? process.env;
    this.io = processPasswordIO(opts.io);
    this.log = opts.log ?? new Logger();
    this.passwordCommand = opts.passwordCommand ?? [];
    this.askPasswordAllowed = opts.askPassword ?? true;
    this.lowLevelRetries = opts.lowLevelRetries ?? 10;
    this.platform = opts.platform ?? process.platform;
  }

  /**
   * Finds and loads the config file, asking for the password if it is
   * encrypted. A missing file is an empty config (with rclone's notice).
   * Throws FsError (kind "config" or "badPassword") when it can't be read.
   */
  static async load(opts: LoadConfigOptions = {}): Promise<ConfigFile> {
    const { cf, raw } = ConfigFile.open(opts);
    if (raw === undefined) return cf;
    try {
      const envelope = inspectConfigText(raw);
      let text = raw;
      if (envelope.encrypted) {
        const u = await unlockConfig(envelope.payload, undefined, cf.sources());
        cf.key = u.key;
        text = u.text;
      }
      cf.ini = IniFile.parse(text);
    } catch (err) {
      throw wrapError(`Failed to load config file "${cf.path}"`, err);
    }
    cf.log.debug(undefined, `Using config file from "${cf.path}"`);
    return cf;
  }

  /**
   * {@link ConfigFile.load} without prompting, for code that needs the
   * store synchronously (e.g. a `setConfigStoreLoader` callback): an
   * encrypted file is opened with `_RCLONE_CONFIG_KEY_FILE`,
   * `--password-command` or RCLONE_CONFIG_PASS, or not at all.
   */
  static loadSync(opts: LoadConfigOptions = {}): ConfigFile {
    const { cf, raw } = ConfigFile.open(opts);
    if (raw === undefined) return cf;
    try {
      const envelope = inspectConfigText(raw);
      let text = raw;
      if (envelope.encrypted) {
        const u = unlockConfigSync(envelope.payload, undefined, cf.sources());
        cf.key = u.key;
        text = u.text;
      }
      cf.ini = IniFile.parse(text);
    } catch (err) {
      throw wrapError(`Failed to load config file "${cf.path}"`, err);
    }
    cf.log.debug(undefined, `Using config file from "${cf.path}"`);
    return cf;
  }

  /** Resolves the path and reads the raw file; raw is undefined when there is nothing to parse. */
  private static open(opts: LoadConfigOptions): { cf: ConfigFile; raw: string | undefined } {
    const env = opts.env ?? process.env;
    const path = resolveConfigPath(opts.path, {
      env,
      platform: opts.platform,
      exeDir: opts.exeDir,
      log: opts.log,
      configSupplied: opts.path !== undefined || env.RCLONE_CONFIG !== undefined,
    });
    const cf = new ConfigFile(path, opts);
    // Backends and child processes find files relative to the config with this.
    env.RCLONE_CONFIG_DIR = path === "" ? "." : dirname(path);
    if (path === "") {
      cf.log.debug(undefined, "Config is memory-only - using defaults");
      return { cf, raw: undefined };
    }
    try {
      const raw = readFileSync(path, "utf8");
      cf.snapshot = snapshotOf(path);
      return { cf, raw };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        cf.log.notice(undefined, `Config file "${path}" not found - using defaults`);
        return { cf, raw: undefined };
      }
      throw wrapError(`Failed to load config file "${path}"`, new FsError("config", errorMessage(err), { cause: err }));
    }
  }

  /** A config that is never read from or written to disk (optionally seeded with INI text). */
  static inMemory(text = "", opts: Omit<LoadConfigOptions, "path"> = {}): ConfigFile {
    const cf = new ConfigFile("", opts);
    cf.ini = IniFile.parse(text);
    return cf;
  }

  private sources(): KeySources {
    return {
      env: this.env,
      passwordCommand: this.passwordCommand,
      askPassword: this.askPasswordAllowed,
      io: this.io,
      log: this.log,
    };
  }

  /**
   * Reloads the file if another process changed it (mtime or size differ).
   * A file that no longer reads keeps the previous config, with an error logged.
   */
  checkReload(): void {
    if (this.path === "") return;
    const now = snapshotOf(this.path);
    if (!now) return;
    const prev = this.snapshot;
    if (prev && prev.mtimeNs === now.mtimeNs && prev.size === now.size) return;
    this.log.debug(undefined, "Config file has changed externally - reloading");
    // Recorded first so that a file that fails to read is not re-read on every access.
    this.snapshot = now;
    try {
      const raw = readFileSync(this.path, "utf8");
      const envelope = inspectConfigText(raw);
      let text = raw;
      if (envelope.encrypted) {
        const u = unlockConfigSync(envelope.payload, this.key, this.sources());
        this.key = u.key;
        text = u.text;
      }
      this.ini = IniFile.parse(text);
    } catch (err) {
      this.log.error(undefined, `Failed to read config file - using previous config: ${errorMessage(err)}`);
    }
  }

  // ---- ConfigStore ----

  /** A value (goconfig lookup rules: `a.b` falls back to `a`, `%(x)s` expanded); undefined if missing. */
  get(section: string, key: string): string | undefined {
    this.checkReload();
    return this.ini.getValue(section, key);
  }

  /**
   * Sets a value and saves the file; an empty value deletes the key. As in
   * rclone, nothing is stored for on-the-fly (":type") remotes or for
   * "config_" keys, and a failed save is logged rather than thrown.
   */
  set(section: string, key: string, value: string): void {
    this.checkReload();
    if (!this.storable(section, key)) return;
    if (value === "") this.ini.deleteKey(section, key);
    else this.ini.setValue(section, key, value);
    try {
      this.save();
    } catch (err) {
      this.log.error(undefined, errorMessage(err));
    }
  }

  hasSection(section: string): boolean {
    this.checkReload();
    return this.ini.hasSection(section);
  }

  sections(): string[] {
    this.checkReload();
    return this.ini.sections();
  }

  keys(section: string): string[] {
    this.checkReload();
    return this.ini.keys(section);
  }

  // ---- editing without saving (the `config` commands save once at the end) ----

  private storable(section: string, key: string): boolean {
    if (section.startsWith(":")) {
      this.log.notice(undefined, `Can't save config "${key}" for on the fly backend "${section}"`);
      return false;
    }
    // Answers to config questions are ephemeral by rclone's convention.
    if (key.startsWith("config_")) return false;
    return true;
  }

  /** Stores a value as rclone's config file layer does: an empty value is kept as `key = `. Not saved. */
  setValue(section: string, key: string, value: string): void {
    this.checkReload();
    if (this.storable(section, key)) this.ini.setValue(section, key, value);
  }

  /** Removes a key; false if it was not there. Not saved. */
  deleteKey(section: string, key: string): boolean {
    this.checkReload();
    return this.ini.deleteKey(section, key);
  }

  /** Removes a whole remote; false if it was not there. Not saved. */
  deleteSection(section: string): boolean {
    this.checkReload();
    return this.ini.deleteSection(section);
  }

  /** The decrypted INI text, as it would be written. */
  serialize(): string {
    this.checkReload();
    return this.ini.serialize(this.lineBreak());
  }

  private lineBreak(): string {
    return this.platform === "win32" ? "\r\n" : "\n";
  }

  /**
   * Writes the file atomically (encrypted if a password is set), keeping
   * its mode (new files 0600). Retried with short random pauses, like
   * rclone; does nothing for an in-memory config.
   */
  save(): void {
    if (this.path === "") return;
    const text = this.ini.serialize(this.lineBreak());
    const data = this.key ? encryptConfig(text, this.key) : text;
    let lastErr: unknown;
    for (let attempt = 0; attempt <= this.lowLevelRetries; attempt++) {
      if (attempt > 0) sleepSync(nodeCrypto().randomInt(0, 1000));
      try {
        writeFileAtomicSync(this.path, data, { windows: this.platform === "win32" });
        this.snapshot = snapshotOf(this.path);
        return;
      } catch (err) {
        lastErr = err;
      }
    }
    throw wrapError(`Failed to save config after ${this.lowLevelRetries} tries`, lastErr);
  }

  // ---- the config password ----

  /** True if the config has a password (and will be saved encrypted). */
  isEncrypted(): boolean {
    return this.key !== undefined;
  }

  /** Sets the config password (validated as rclone does). Not saved. */
  setPassword(password: string): void {
    this.key = configKeyFromPassword(password);
  }

  /** Forgets the config password: the next save writes plain text. */
  clearPassword(): void {
    this.key = undefined;
  }

  /**
   * Asks for a new config password — from `--password-command` (run with
   * RCLONE_PASSWORD_CHANGE=1) or by prompting twice — sets it and saves.
   * Returns what rclone prints on stdout along the way.
   */
  async changePassword(): Promise<string> {
    let out = "";
    let pass: string;
    try {
      pass = await runPasswordCommand({
        command: this.passwordCommand,
        env: this.env,
        change: true,
        stdin: this.io.stdin,
        log: this.log,
      });
    } catch (err) {
      throw wrapError("Failed to read new password with --password-command", err);
    }
    if (pass === "") pass = await askNewPassword("NEW configuration", this.io);
    else out += "Read password using --password-command\n";
    try {
      this.setPassword(pass);
    } catch (err) {
      throw wrapError("Failed to set config password", err);
    }
    this.save();
    return out;
  }

  /** Removes the config password and saves the file in plain text. */
  removePassword(): void {
    this.key = undefined;
    this.save();
  }

  /**
   * Writes the config key, obscured, to a new 0600 temp file for a child
   * process (set its path as _RCLONE_CONFIG_KEY_FILE in the child's env;
   * the child deletes it). Throws if there is no password.
   */
  writeKeyFile(dir: string = tmpdir()): string {
    if (!this.key) throw new FsError("config", "config file is NOT encrypted");
    for (let i = 0; i < 100; i++) {
      const p = join(dir, "rclone" + String(nodeCrypto().randomInt(0, 2 ** 32)));
      try {
        writeFileSync(p, obscureBytes(this.key), { mode: 0o600, flag: "wx" });
        return p;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") {
          throw new FsError("config", `cannot create temp file to store configKey: ${errorMessage(err)}`);
        }
      }
    }
    throw new FsError("config", "cannot create temp file to store configKey");
  }
}
