/**
 * Getting the config password from a person or a program: the terminal
 * (no echo), a line of piped stdin, or `--password-command`. Passwords are
 * only ever returned to the caller — never logged, never put in errors.
 */
import type { SpawnSyncReturns } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { FsError } from "../fs/errors.js";
import type { Logger } from "../fs/log.js";
import { checkConfigPassword } from "./crypt.js";
import { goTrim, goTrimSpace } from "./gostr.js";
import { nodeChildProcess } from "../lib/builtins.js";

/** The streams and hooks used to ask for a password; tests replace them. */
export interface PasswordIO {
  /** Where input comes from (default process.stdin). */
  stdin: Readable;
  /** Where prompts go (default process.stderr, as rclone). */
  output: Writable;
  /** Where "Passwords do not match!" goes (default process.stdout, as rclone). */
  stdout: Writable;
  /**
   * Reads one password after the "password:" prompt. Defaults to a no-echo
   * read when stdin is a terminal, else a trimmed line of stdin.
   */
  readPassword?: () => Promise<string>;
}

/** The default PasswordIO: the process's own terminal streams. */
/**
 * The default PasswordIO, with the given overrides. The process's streams
 * are only touched when a password is asked for: making process.stdin costs
 * every run a few milliseconds otherwise.
 */
export function processPasswordIO(over: Partial<PasswordIO> = {}): PasswordIO {
  const io: PasswordIO = {
    get stdin() {
      return over.stdin ?? process.stdin;
    },
    get output() {
      return over.output ?? process.stderr;
    },
    get stdout() {
      return over.stdout ?? process.stdout;
    },
  };
  if (over.readPassword) io.readPassword = over.readPassword;
  return io;
}

type TtyInput = Readable & { isTTY?: boolean; isRaw?: boolean; setRawMode?: (mode: boolean) => unknown };

/** Buffered line reading from one stream, shared by every prompt (like rclone's one bufio.Reader on stdin). */
class LineReader {
  private buf = "";
  private ended = false;
  private readonly decoder = new StringDecoder("utf8");

  constructor(private readonly stream: Readable) {
    if (stream.readableEnded) this.ended = true;
  }

  /** The next line without its newline, or undefined at end of input. */
  async readLine(): Promise<string | undefined> {
    for (;;) {
      const nl = this.buf.indexOf("\n");
      if (nl >= 0) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        return line;
      }
      if (this.ended) {
        if (this.buf === "") return undefined;
        const rest = this.buf;
        this.buf = "";
        return rest;
      }
      await this.more();
    }
  }

  private more(): Promise<void> {
    return new Promise((resolve, reject) => {
      const s = this.stream;
      const cleanup = (): void => {
        s.off("data", onData);
        s.off("end", onEnd);
        s.off("error", onError);
        s.pause();
      };
      const onData = (chunk: Buffer | string): void => {
        this.buf += typeof chunk === "string" ? chunk : this.decoder.write(chunk);
        cleanup();
        resolve();
      };
      const onEnd = (): void => {
        this.buf += this.decoder.end();
        this.ended = true;
        cleanup();
        resolve();
      };
      const onError = (err: Error): void => {
        cleanup();
        reject(err);
      };
      s.on("data", onData);
      s.once("end", onEnd);
      s.once("error", onError);
      s.resume();
    });
  }
}

const lineReaders = new WeakMap<Readable, LineReader>();

/** Reads a line of (non-terminal) input, trimmed as rclone trims it. */
export async function readInputLine(stdin: Readable): Promise<string> {
  let r = lineReaders.get(stdin);
  if (!r) lineReaders.set(stdin, (r = new LineReader(stdin)));
  const line = await r.readLine();
  if (line === undefined) throw new FsError("config", "Failed to read line: EOF");
  return goTrimSpace(line);
}

/** Reads a line from a terminal with echo off, writing the newline the user typed to `output`. */
export function readHiddenLine(stdin: TtyInput, output: Writable): Promise<string> {
  return new Promise((resolve, reject) => {
    const wasRaw = stdin.isRaw ?? false;
    stdin.setRawMode?.(true);
    const decoder = new StringDecoder("utf8");
    let chars: string[] = [];
    const finish = (err?: FsError): void => {
      stdin.off("data", onData);
      stdin.setRawMode?.(wasRaw);
      stdin.pause();
      output.write("\n");
      if (err) reject(err);
      else resolve(chars.join(""));
    };
    const onData = (chunk: Buffer | string): void => {
      const text = typeof chunk === "string" ? chunk : decoder.write(chunk);
      for (const ch of text) {
        if (ch === "\r" || ch === "\n") return finish();
        if (ch === "\u0003") return finish(new FsError("aborted", "interrupted"));
        if (ch === "\u0004") {
          if (chars.length === 0) return finish(new FsError("config", "Failed to read password: EOF"));
          continue;
        }
        if (ch === "\u007f" || ch === "\b") chars = chars.slice(0, -1);
        else if (ch === "\u0015") chars = [];
        else chars.push(ch);
      }
    };
    stdin.on("data", onData);
    stdin.resume();
  });
}

/** rclone's ReadPassword: no echo on a terminal, else a line of stdin. */
export async function readPassword(io: PasswordIO): Promise<string> {
  if (io.readPassword) return io.readPassword();
  const tty = io.stdin as TtyInput;
  if (tty.isTTY && typeof tty.setRawMode === "function") return readHiddenLine(tty, io.output);
  return readInputLine(io.stdin);
}

/**
 * Prints `prompt`, then asks "password:" until a usable password is typed
 * (rclone's GetPassword).
 */
export async function askPassword(prompt: string, io: PasswordIO): Promise<string> {
  io.output.write(prompt + "\n");
  for (;;) {
    io.output.write("password:");
    const pw = await readPassword(io);
    try {
      const checked = checkConfigPassword(pw);
      if (checked.warning) io.output.write(checked.warning + "\n");
      return checked.password;
    } catch (err) {
      io.output.write(`Bad password: ${(err as Error).message}\n`);
    }
  }
}

/** Asks twice for a new password until both match (rclone's ChangePassword). */
export async function askNewPassword(name: string, io: PasswordIO): Promise<string> {
  for (;;) {
    const a = await askPassword(`Enter ${name} password:`, io);
    const b = await askPassword(`Confirm ${name} password:`, io);
    if (a === b) return a;
    io.stdout.write("Passwords do not match!\n");
  }
}

/** How to run `--password-command`. */
export interface PasswordCommandOptions {
  /** Program and arguments; empty means no command configured. */
  command: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Set RCLONE_PASSWORD_CHANGE=1 for the command: a new password is wanted. */
  change?: boolean;
  /** The command's stdin: process.stdin is passed through; another stream is piped in. */
  stdin?: Readable;
  log?: Logger;
}

function commandEnv(opts: PasswordCommandOptions): NodeJS.ProcessEnv {
  const env = { ...(opts.env ?? process.env) };
  if (opts.change) env.RCLONE_PASSWORD_CHANGE = "1";
  else delete env.RCLONE_PASSWORD_CHANGE;
  return env;
}

function describeExit(code: number | null, signal: NodeJS.Signals | null, spawnErr: Error | undefined, cmd: string): string {
  if (spawnErr) {
    const code = (spawnErr as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return `exec: "${cmd}": executable file not found in $PATH`;
    return spawnErr.message;
  }
  if (signal) return `signal: ${signal}`;
  return `exit status ${code ?? -1}`;
}

function finishCommand(
  opts: PasswordCommandOptions,
  stdout: string,
  stderr: string,
  failure: string | undefined,
): string {
  if (failure !== undefined) {
    opts.log?.error(undefined, `Using --password-command returned: ${failure}`);
    const ers = goTrimSpace(stderr);
    if (ers !== "") opts.log?.error(undefined, `--password-command stderr: ${ers}`);
    throw new FsError("config", `password command failed: ${failure}`);
  }
  const pass = goTrim(stdout, "\r\n");
  if (pass === "") throw new FsError("config", "--password-command returned empty string");
  return pass;
}

/**
 * Runs `--password-command` and returns its output less surrounding CR/LF.
 * Returns "" when no command is configured.
 */
export function runPasswordCommand(opts: PasswordCommandOptions): Promise<string> {
  const [cmd, ...args] = opts.command;
  if (cmd === undefined) return Promise.resolve("");
  const stdin = opts.stdin ?? process.stdin;
  const passThrough = stdin === process.stdin;
  return new Promise((resolve, reject) => {
    const child = nodeChildProcess().spawn(cmd, args, { env: commandEnv(opts), stdio: [passThrough ? "inherit" : "pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let spawnErr: Error | undefined;
    child.stdout?.on("data", (b: Buffer) => out.push(b));
    child.stderr?.on("data", (b: Buffer) => err.push(b));
    if (!passThrough && child.stdin) {
      // The command may exit without reading its input; that is not our error.
      child.stdin.on("error", () => undefined);
      stdin.pipe(child.stdin);
    }
    child.on("error", (e) => {
      spawnErr = e;
    });
    child.on("close", (code, signal) => {
      if (!passThrough && child.stdin) stdin.unpipe(child.stdin);
      const failed = spawnErr !== undefined || code !== 0;
      try {
        const fail = failed ? describeExit(code, signal, spawnErr, cmd) : undefined;
        resolve(finishCommand(opts, Buffer.concat(out).toString("utf8"), Buffer.concat(err).toString("utf8"), fail));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** {@link runPasswordCommand} for the synchronous reload path; stdin is always the process's. */
export function runPasswordCommandSync(opts: PasswordCommandOptions): string {
  const [cmd, ...args] = opts.command;
  if (cmd === undefined) return "";
  const r: SpawnSyncReturns<Buffer> = nodeChildProcess().spawnSync(cmd, args, { env: commandEnv(opts), stdio: ["inherit", "pipe", "pipe"] });
  const failed = r.error !== undefined || r.status !== 0;
  const fail = failed ? describeExit(r.status, r.signal, r.error, cmd) : undefined;
  return finishCommand(opts, r.stdout?.toString("utf8") ?? "", r.stderr?.toString("utf8") ?? "", fail);
}
