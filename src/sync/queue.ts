/**
 * A bounded async queue: producers wait while it is full, consumers wait
 * while it is empty. It is how the march, the checkers and the transfers
 * hand work to each other with back-pressure (rclone's --max-backlog).
 */
export class AsyncQueue<T> {
  private items: T[] = [];
  private head = 0;
  private closed = false;
  private readonly getters: ((v: IteratorResult<T>) => void)[] = [];
  private readonly putters: (() => void)[] = [];

  constructor(private readonly capacity: number) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /**
   * Adds an item, waiting while the queue is full. Returns false (the item
   * dropped) if the queue is or gets closed: the run is being aborted. The
   * answer is a plain boolean when there was room, a promise when it waits.
   */
  put(item: T): Promise<boolean> | boolean {
    return this.tryPut(item) ?? this.putWaiting(item);
  }

  /** Adds the item if it can now: true, false if closed, undefined if full. */
  private tryPut(item: T): boolean | undefined {
    if (this.closed) return false;
    const getter = this.getters.shift();
    if (getter) {
      getter({ value: item, done: false });
      return true;
    }
    if (this.length < this.capacity) {
      this.items.push(item);
      return true;
    }
    return undefined;
  }

  private async putWaiting(item: T): Promise<boolean> {
    for (;;) {
      await new Promise<void>((resolve) => this.putters.push(resolve));
      const done = this.tryPut(item);
      if (done !== undefined) return done;
    }
  }

  /** Takes an item, waiting while the queue is empty; done once closed and drained. */
  get(): Promise<IteratorResult<T>> {
    if (this.length > 0) {
      const value = this.items[this.head]!;
      this.items[this.head++] = undefined as unknown as T;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      this.putters.shift()?.();
      return Promise.resolve({ value, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Drops everything queued and closes: consumers finish at once. */
  abort(): void {
    this.items = [];
    this.head = 0;
    this.close();
  }

  /** No more puts; consumers finish once the queue drains. */
  close(): void {
    this.closed = true;
    for (const g of this.getters.splice(0)) g({ value: undefined, done: true });
    for (const p of this.putters.splice(0)) p();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for (;;) {
      const r = await this.get();
      if (r.done) return;
      yield r.value;
    }
  }
}

/** Runs `workers` copies of fn over the queue's items; resolves when all are done. */
export async function runWorkers<T>(queue: AsyncQueue<T>, workers: number, fn: (item: T) => Promise<void>): Promise<void> {
  const one = async (): Promise<void> => {
    for (;;) {
      const r = await queue.get();
      if (r.done) return;
      await fn(r.value);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, workers) }, one));
}

/** Maps over items with at most `limit` running at once, keeping order of results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, one));
  return out;
}
