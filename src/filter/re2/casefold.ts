/**
 * Case-fold orbits: the sets of code points a case-insensitive match treats
 * as equal ({k, K, U+212A KELVIN SIGN}, {s, S, U+017F LONG S}, …).
 *
 * Go's `(?i)` can be switched on and off inside a pattern, which JavaScript
 * (before regexp modifiers) cannot do, so tojs.ts spells folding out as
 * character classes. The orbits are discovered from the engine itself:
 * candidates are linked by toLowerCase/toUpperCase, then split by what a
 * `vi` RegExp (Unicode simple case folding) considers equal. Built lazily,
 * once, on the first case-insensitive pattern.
 */
import { escapeCodePoint } from "./classes.js";

// Go's bounds of the code points that take part in folding.
const MIN_FOLD = 0x41;
const MAX_FOLD = 0x1e943;

let orbitList: number[][] | undefined;
let orbitByCp: Map<number, number[]> | undefined;

function singleCodePoint(s: string): number | undefined {
  const cp = s.codePointAt(0);
  if (cp === undefined) return undefined;
  return s.length === (cp > 0xffff ? 2 : 1) ? cp : undefined;
}

function build(): void {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (let cp = MIN_FOLD; cp <= MAX_FOLD; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const s = String.fromCodePoint(cp);
    for (const mapped of [s.toLowerCase(), s.toUpperCase()]) {
      const m = singleCodePoint(mapped);
      if (m !== undefined && m !== cp) union(cp, m);
    }
  }
  const components = new Map<number, number[]>();
  for (const cp of parent.keys()) {
    const root = find(cp);
    let c = components.get(root);
    if (c === undefined) components.set(root, (c = []));
    c.push(cp);
  }
  orbitList = [];
  orbitByCp = new Map();
  for (const members of components.values()) {
    let rest = members.sort((a, b) => a - b);
    // Links by case mapping are a superset (ı upper-cases to I but does not fold with it).
    while (rest.length > 1) {
      const same = new RegExp(`^${escapeCodePoint(rest[0]!)}$`, "vi");
      const orbit = rest.filter((m) => same.test(String.fromCodePoint(m)));
      rest = rest.filter((m) => !orbit.includes(m));
      if (orbit.length > 1) {
        orbitList.push(orbit);
        for (const m of orbit) orbitByCp.set(m, orbit);
      }
    }
  }
}

/** The code points that fold together with cp (cp included), or undefined if cp has no case variants. */
export function foldOrbit(cp: number): readonly number[] | undefined {
  if (orbitByCp === undefined) build();
  return orbitByCp!.get(cp);
}

const extrasCache = new Map<string, string>();

/**
 * The code points, as JS class contents, that must be added to the class
 * with contents `body` to close it under case folding.
 */
export function foldExtras(body: string): string {
  const cached = extrasCache.get(body);
  if (cached !== undefined) return cached;
  if (orbitList === undefined) build();
  const inClass = new RegExp(`^[${body}]$`, "v");
  let out = "";
  for (const orbit of orbitList!) {
    const hits = orbit.map((m) => inClass.test(String.fromCodePoint(m)));
    if (hits.some((h) => h)) {
      orbit.forEach((m, k) => {
        if (!hits[k]) out += escapeCodePoint(m);
      });
    }
  }
  extrasCache.set(body, out);
  return out;
}
