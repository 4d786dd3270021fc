import { encodeName, hasSurrogates } from "../fs/names.js";

/**
 * Buffered standard output. Listings can be millions of lines: writes are
 * gathered and flushed in large chunks, respecting back-pressure, and a
 * closed pipe (`tclone ls | head`) ends the program quietly.
 */
export class Output {
  private chunks: (string | Buffer)[] = [];
  private size = 0;
  private pending: Promise<void> = Promise.resolve();
  private broken = false;
  private opened: NodeJS.WritableStream | undefined;

  /**
   * The stream, or a function that gives it on the first write: making
   * process.stdout costs milliseconds that a run which prints nothing (a
   * sync) need not pay.
   */
  constructor(
    private readonly target: NodeJS.WritableStream | (() => NodeJS.WritableStream),
    private readonly limit = 64 * 1024,
  ) {}

  private get stream(): NodeJS.WritableStream {
    if (this.opened === undefined) {
      const s = typeof this.target === "function" ? this.target() : this.target;
      s.on("error", (err: NodeJS.ErrnoException) => {
        if (err.code === "EPIPE") {
          this.broken = true;
          process.exit(0);
        }
      });
      this.opened = s;
    }
    return this.opened;
  }

  /**
   * Queues text (or bytes) for output. Names that hold bytes which are not
   * valid UTF-8 (escaped as lone surrogates) are written as those raw bytes.
   */
  write(s: string | Buffer): void {
    if (this.broken) return;
    if (typeof s === "string" && hasSurrogates(s)) s = encodeName(s);
    this.chunks.push(s);
    this.size += s.length;
    if (this.size >= this.limit) void this.flushNow();
  }

  private flushNow(): Promise<void> {
    if (this.chunks.length === 0) return this.pending;
    const parts = this.chunks;
    this.chunks = [];
    this.size = 0;
    const data = parts.every((p) => typeof p === "string") ? (parts as string[]).join("") : Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : p)));
    this.pending = this.pending.then(
      () =>
        new Promise<void>((resolve) => {
          if (this.broken) return resolve();
          const ok = this.stream.write(data, () => resolve());
          if (!ok) this.stream.once("drain", () => resolve());
        }),
    );
    return this.pending;
  }

  /** Writes out everything queued. */
  async flush(): Promise<void> {
    await this.flushNow();
    await this.pending;
  }
}
