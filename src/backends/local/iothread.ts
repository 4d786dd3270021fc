/**
 * The native helper's I/O thread (native/utimens.c): small-file copies and
 * directory listings on a fast file system, without a thread wake-up per
 * job. Each job gets an id; its promise is settled when the thread's answer
 * comes back (answers arrive in batches, on the main thread).
 */
import { nativeHelper, type CopySmallArgs, type NativeHelper, type SmallCopyResult } from "./native.js";
import type { OsPath } from "./util.js";

interface Waiter {
  resolve: (r: unknown) => void;
  reject: (e: Error) => void;
}

export class IoThread {
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;

  constructor(private readonly native: NativeHelper) {
    native.ioStart!((id, err, a, b) => {
      const w = this.waiting.get(id);
      if (!w) return;
      this.waiting.delete(id);
      if (err) w.reject(err);
      else w.resolve([a, b]);
    });
  }

  private submit<T>(send: (id: number) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve: resolve as (r: unknown) => void, reject });
      try {
        send(id);
      } catch (err) {
        this.waiting.delete(id);
        reject(err as Error);
      }
    });
  }

  /** copySmallAsync on the I/O thread. */
  copy(args: CopySmallArgs): Promise<SmallCopyResult> {
    return this.submit((id) => this.native.ioCopy!(id, ...args));
  }

  /** lstatdir on the I/O thread. */
  list(dir: OsPath, follow: boolean): Promise<[Buffer, Float64Array]> {
    return this.submit((id) => this.native.ioList!(id, dir, follow));
  }
}

let instance: IoThread | null | undefined;

/** The process's I/O thread (started on first use), or undefined when the native helper has none. */
export function ioThread(): IoThread | undefined {
  if (instance === undefined) {
    const native = nativeHelper();
    instance = native?.ioStart && native.ioCopy && native.ioList ? new IoThread(native) : null;
  }
  return instance ?? undefined;
}
