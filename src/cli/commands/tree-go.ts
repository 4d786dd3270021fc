/**
 * The Go library behaviour that rclone's tree output depends on, so that
 * tclone's tree prints the same bytes: Go's sort.Sort (pattern-defeating
 * quicksort, which is not stable: with --dirsfirst or --sort size, entries
 * that compare equal come out in the order this exact algorithm leaves
 * them) and a8m/tree's human-readable sizes.
 */

/** Go's sort.Sort with a less function over the array's elements (Go 1.22+, sort/zsortinterface.go). */
export function goSort<T>(data: T[], less: (a: T, b: T) => boolean): void {
  const n = data.length;
  if (n <= 1) return;
  const s = new GoSorter(data, less);
  s.pdqsort(0, n, bitsLen(n));
}

function bitsLen(n: number): number {
  return n === 0 ? 0 : 32 - Math.clz32(n);
}

const enum Hint {
  Unknown,
  Increasing,
  Decreasing,
}

class GoSorter<T> {
  constructor(
    private readonly d: T[],
    private readonly lessFn: (a: T, b: T) => boolean,
  ) {}

  private less(i: number, j: number): boolean {
    return this.lessFn(this.d[i]!, this.d[j]!);
  }

  private swap(i: number, j: number): void {
    const t = this.d[i]!;
    this.d[i] = this.d[j]!;
    this.d[j] = t;
  }

  private insertionSort(a: number, b: number): void {
    for (let i = a + 1; i < b; i++) {
      for (let j = i; j > a && this.less(j, j - 1); j--) this.swap(j, j - 1);
    }
  }

  private siftDown(lo: number, hi: number, first: number): void {
    let root = lo;
    for (;;) {
      let child = 2 * root + 1;
      if (child >= hi) return;
      if (child + 1 < hi && this.less(first + child, first + child + 1)) child++;
      if (!this.less(first + root, first + child)) return;
      this.swap(first + root, first + child);
      root = child;
    }
  }

  private heapSort(a: number, b: number): void {
    const first = a;
    const hi = b - a;
    for (let i = Math.trunc((hi - 1) / 2); i >= 0; i--) this.siftDown(i, hi, first);
    for (let i = hi - 1; i >= 0; i--) {
      this.swap(first, first + i);
      this.siftDown(0, i, first);
    }
  }

  pdqsort(a: number, b: number, limit: number): void {
    const maxInsertion = 12;
    let wasBalanced = true;
    let wasPartitioned = true;
    for (;;) {
      const length = b - a;
      if (length <= maxInsertion) {
        this.insertionSort(a, b);
        return;
      }
      if (limit === 0) {
        this.heapSort(a, b);
        return;
      }
      if (!wasBalanced) {
        this.breakPatterns(a, b);
        limit--;
      }
      let [pivot, hint] = this.choosePivot(a, b);
      if (hint === Hint.Decreasing) {
        this.reverseRange(a, b);
        pivot = b - 1 - (pivot - a);
        hint = Hint.Increasing;
      }
      if (wasBalanced && wasPartitioned && hint === Hint.Increasing) {
        if (this.partialInsertionSort(a, b)) return;
      }
      if (a > 0 && !this.less(a - 1, pivot)) {
        a = this.partitionEqual(a, b, pivot);
        continue;
      }
      const [mid, alreadyPartitioned] = this.partition(a, b, pivot);
      wasPartitioned = alreadyPartitioned;
      const leftLen = mid - a;
      const rightLen = b - mid;
      const balanceThreshold = Math.trunc(length / 8);
      if (leftLen < rightLen) {
        wasBalanced = leftLen >= balanceThreshold;
        this.pdqsort(a, mid, limit);
        a = mid + 1;
      } else {
        wasBalanced = rightLen >= balanceThreshold;
        this.pdqsort(mid + 1, b, limit);
        b = mid;
      }
    }
  }

  private partition(a: number, b: number, pivot: number): [number, boolean] {
    this.swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    while (i <= j && this.less(i, a)) i++;
    while (i <= j && !this.less(j, a)) j--;
    if (i > j) {
      this.swap(j, a);
      return [j, true];
    }
    this.swap(i, j);
    i++;
    j--;
    for (;;) {
      while (i <= j && this.less(i, a)) i++;
      while (i <= j && !this.less(j, a)) j--;
      if (i > j) break;
      this.swap(i, j);
      i++;
      j--;
    }
    this.swap(j, a);
    return [j, false];
  }

  private partitionEqual(a: number, b: number, pivot: number): number {
    this.swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    for (;;) {
      while (i <= j && !this.less(a, i)) i++;
      while (i <= j && this.less(a, j)) j--;
      if (i > j) break;
      this.swap(i, j);
      i++;
      j--;
    }
    return i;
  }

  private partialInsertionSort(a: number, b: number): boolean {
    const maxSteps = 5;
    const shortestShifting = 50;
    let i = a + 1;
    for (let step = 0; step < maxSteps; step++) {
      while (i < b && !this.less(i, i - 1)) i++;
      if (i === b) return true;
      if (b - a < shortestShifting) return false;
      this.swap(i, i - 1);
      if (i - a >= 2) {
        for (let j = i - 1; j >= 1; j--) {
          if (!this.less(j, j - 1)) break;
          this.swap(j, j - 1);
        }
      }
      if (b - i >= 2) {
        for (let j = i + 1; j < b; j++) {
          if (!this.less(j, j - 1)) break;
          this.swap(j, j - 1);
        }
      }
    }
    return false;
  }

  private breakPatterns(a: number, b: number): void {
    const length = b - a;
    if (length < 8) return;
    // Go's xorshift on a uint64 seeded with the length. Go 1.22 changed its
    // shifts from (13, 17, 5) to (13, 7, 17); rclone 1.76 is built with Go
    // 1.26, so ties that reach this point order differently from rclone 1.60's.
    const mask = (1n << 64n) - 1n;
    let r = BigInt(length);
    const next = (): bigint => {
      r ^= (r << 13n) & mask;
      r ^= r >> 7n;
      r ^= (r << 17n) & mask;
      return r;
    };
    const modulus = BigInt(1 << bitsLen(length));
    const start = a + Math.trunc(length / 4) * 2 - 1;
    for (let idx = start; idx <= start + 2; idx++) {
      let other = Number(next() & (modulus - 1n));
      if (other >= length) other -= length;
      this.swap(idx, a + other);
    }
  }

  private choosePivot(a: number, b: number): [number, Hint] {
    const shortestNinther = 50;
    const maxSwaps = 4 * 3;
    const l = b - a;
    const swaps = { n: 0 };
    let i = a + Math.trunc(l / 4) * 1;
    let j = a + Math.trunc(l / 4) * 2;
    let k = a + Math.trunc(l / 4) * 3;
    if (l >= 8) {
      if (l >= shortestNinther) {
        i = this.median(i - 1, i, i + 1, swaps);
        j = this.median(j - 1, j, j + 1, swaps);
        k = this.median(k - 1, k, k + 1, swaps);
      }
      j = this.median(i, j, k, swaps);
    }
    if (swaps.n === 0) return [j, Hint.Increasing];
    if (swaps.n === maxSwaps) return [j, Hint.Decreasing];
    return [j, Hint.Unknown];
  }

  private order2(a: number, b: number, swaps: { n: number }): [number, number] {
    if (this.less(b, a)) {
      swaps.n++;
      return [b, a];
    }
    return [a, b];
  }

  private median(a: number, b: number, c: number, swaps: { n: number }): number {
    [a, b] = this.order2(a, b, swaps);
    [b, c] = this.order2(b, c, swaps);
    [a, b] = this.order2(a, b, swaps);
    return b;
  }

  private reverseRange(a: number, b: number): void {
    let i = a;
    let j = b - 1;
    while (i < j) {
      this.swap(i, j);
      i++;
      j--;
    }
  }
}

/**
 * Go's fmt "%.<digits>f" of num / 2^shift, exactly (Go rounds a tie to
 * even; JavaScript's toFixed would round it up).
 */
function goFixed(num: bigint, shift: bigint, digits: number): string {
  const den = 1n << shift;
  const scaled = num * 10n ** BigInt(digits);
  let q = scaled / den;
  const r = scaled % den;
  if (2n * r > den || (2n * r === den && q % 2n === 1n)) q++;
  const s = q.toString().padStart(digits + 1, "0");
  return digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** a8m/tree's formatBytes: "52", "1.5K", "64M" (binary units, one decimal below 10). */
export function treeFormatBytes(size: number): string {
  const i = BigInt(size);
  const units: [string, bigint][] = [
    ["E", 60n],
    ["P", 50n],
    ["T", 40n],
    ["G", 30n],
    ["M", 20n],
    ["K", 10n],
  ];
  for (const [unit, shift] of units) {
    if (i > 1n << shift) return goFixed(i, shift, i >= 10n << shift ? 0 : 1) + unit;
  }
  return i.toString();
}
