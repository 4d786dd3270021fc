/**
 * Asking the user: a line reader over standard input that works the same
 * for a terminal and a pipe (so scripts and tests can answer), and the
 * single-letter menus rclone uses ("y) Yes, this is OK (default)").
 */
import { FsError } from "../fs/errors.js";
import type { Asker } from "../ops/context.js";
import type { Output } from "./output.js";

/** Reads lines one at a time from a stream; undefined at end of input. */
export class LineReader {
  private buf = "";
  private ended = false;
  private waiting: (() => void) | undefined;
  private started = false;
  private readonly onData = (d: string | Buffer): void => {
    this.buf += typeof d === "string" ? d : d.toString("utf8");
    this.wake();
  };

  constructor(private readonly input: NodeJS.ReadableStream = process.stdin) {}

  /** True if the input is a terminal (where a password can be read without echo). */
  isInteractive(): boolean {
    return (this.input as { isTTY?: boolean }).isTTY === true;
  }

  /**
   * Runs fn with this reader detached from its input, so that fn can read
   * the terminal itself (a password without echo). Lines already buffered
   * stay for later reads.
   */
  async suspended<T>(fn: () => Promise<T>): Promise<T> {
    if (this.started) this.input.removeListener("data", this.onData);
    try {
      return await fn();
    } finally {
      if (this.started) {
        this.input.on("data", this.onData);
        this.input.pause?.();
      }
    }
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.input.setEncoding?.("utf8");
    this.input.on("data", this.onData);
    this.input.on("end", () => {
      this.ended = true;
      this.wake();
    });
    this.input.on("error", () => {
      this.ended = true;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }

  /** The next line without its end-of-line, or undefined at end of input. */
  async readLine(): Promise<string | undefined> {
    this.start();
    for (;;) {
      const nl = this.buf.indexOf("\n");
      if (nl >= 0) {
        const line = this.buf.slice(0, nl).replace(/\r$/, "");
        this.buf = this.buf.slice(nl + 1);
        if (this.buf === "" && !this.ended) this.input.pause?.();
        return line;
      }
      if (this.ended) {
        if (this.buf === "") return undefined;
        const line = this.buf;
        this.buf = "";
        return line;
      }
      this.input.resume?.();
      await new Promise<void>((r) => (this.waiting = r));
    }
  }
}

let sharedReader: LineReader | undefined;

/** The process's standard-input line reader (one per process, so no input is lost between questions). */
export function stdinLines(): LineReader {
  sharedReader ??= new LineReader(process.stdin);
  return sharedReader;
}

/**
 * Shows a single-letter menu and reads the choice. Choices are the letter
 * followed by the text; empty input picks the default.
 */
export async function chooseLetter(out: Output, lines: LineReader, choices: string[], defaultIndex: number): Promise<string> {
  const letters = choices.map((c) => c[0]!);
  for (const [i, c] of choices.entries()) out.write(`${c[0]}) ${c.slice(1)}${i === defaultIndex ? " (default)" : ""}\n`);
  for (;;) {
    out.write(letters.join("/") + "> ");
    await out.flush();
    const line = await lines.readLine();
    if (line === undefined) throw new FsError("config", "Failed to read line: EOF");
    const a = line.trim().toLowerCase();
    if (a === "" && defaultIndex >= 0) return letters[defaultIndex]!;
    if (a === "") {
      out.write("This value is required and it has no default.\n");
      continue;
    }
    if (a.length === 1 && letters.includes(a)) return a;
    out.write(`This value must be one of the following characters: ${letters.join(", ")}.\n`);
  }
}

/** The -i/--interactive question asker for the CLI. */
export function makeAsker(out: Output): Asker {
  return async (header, choices, defaultIndex) => {
    out.write(header + "\n");
    try {
      return await chooseLetter(out, stdinLines(), choices, defaultIndex);
    } catch {
      return "q";
    }
  };
}
