/**
 * tree: the remote drawn as an indented tree, in the format of the `tree`
 * program that rclone uses (box-drawing lines, "[size date]" properties and
 * the "N directories, M files" report).
 */
import type { DirEntry } from "../../fs/types.js";
import { compareNames } from "../../fs/names.js";
import { formatGoTime } from "../../lib/gotime.js";
import { walk } from "../../ops/walk.js";
import type { Cli } from "../cli.js";

interface Node {
  entry: DirEntry | undefined;
  name: string;
  path: string;
  depth: number;
  isDir: boolean;
  size: number;
  mtime: bigint;
  nodes: Node[];
}

interface TreeOpts {
  all: boolean;
  dirsOnly: boolean;
  dirsFirst: boolean;
  fullPath: boolean;
  level: number;
  size: boolean;
  modTime: boolean;
  reverse: boolean;
  noSort: boolean;
  sort: string;
  quote: boolean;
  noIndent: boolean;
  now: Date;
}

/** Natural ("version") order: runs of digits compare by value. */
function naturalLess(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  const dig = (c: string | undefined): boolean => c !== undefined && c >= "0" && c <= "9";
  while (i < a.length && j < b.length) {
    const c1 = a[i]!;
    const c2 = b[j]!;
    const d1 = dig(c1);
    const d2 = dig(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i++;
      j++;
      continue;
    }
    while (a[i] === "0") i++;
    while (b[j] === "0") j++;
    const s1 = i;
    const s2 = j;
    while (dig(a[i])) i++;
    while (dig(b[j])) j++;
    if (i - s1 !== j - s2) return i - s1 < j - s2;
    const n1 = a.slice(s1, i);
    const n2 = b.slice(s2, j);
    if (n1 !== n2) return n1 < n2;
  }
  return a.length - i < b.length - j;
}

function sortNodes(nodes: Node[], o: TreeOpts): void {
  let less: (a: Node, b: Node) => boolean;
  switch (o.sort) {
    case "mtime":
      less = (a, b) => a.mtime < b.mtime;
      break;
    case "size":
      less = (a, b) => a.size < b.size;
      break;
    case "version":
      less = (a, b) => naturalLess(a.name, b.name);
      break;
    default:
      less = (a, b) => compareNames(a.name, b.name) < 0;
  }
  const base = less;
  if (o.dirsFirst) less = (a, b) => (a.isDir && !b.isDir) || (a.isDir === b.isDir && base(a, b));
  const cmp = (a: Node, b: Node): number => (less(a, b) ? -1 : less(b, a) ? 1 : 0);
  nodes.sort(o.reverse ? (a, b) => cmp(b, a) : cmp);
}

/** Builds the node tree from per-directory listings; returns [dirs, files] counted as tree does. */
function visit(node: Node, listings: Map<string, DirEntry[]>, o: TreeOpts): [number, number] {
  if (!node.isDir) return [0, 1];
  let dirs = node.depth !== 0 ? 1 : 0;
  let files = 0;
  if (o.level > 0 && o.level <= node.depth) return [dirs, files];
  const entries = listings.get(node.path) ?? [];
  for (const e of entries) {
    const name = e.remote.slice(e.remote.lastIndexOf("/") + 1);
    if (!o.all && name.startsWith(".")) continue;
    const child: Node = { entry: e, name, path: e.remote, depth: node.depth + 1, isDir: e.isDir, size: e.size, mtime: 0n, nodes: [] };
    const [d, f] = visit(child, listings, o);
    if (!child.isDir && o.dirsOnly) continue;
    node.nodes.push(child);
    dirs += d;
    files += f;
  }
  return [dirs, files];
}

function dirSize(n: Node): number {
  let s = 0;
  for (const c of n.nodes) s += c.isDir ? dirSize(c) : c.size;
  return s;
}

function print(n: Node, indent: string, o: TreeOpts, out: (s: string) => void): void {
  const props: string[] = [];
  if (o.size) props.push(String(n.isDir ? dirSize(n) : n.size).padStart(11));
  if (o.modTime && !n.isDir) {
    const year = Number(formatGoTime(n.mtime, "2006"));
    props.push(formatGoTime(n.mtime, year !== o.now.getFullYear() ? "Jan 02  2006" : "Jan 02 15:04"));
  }
  let line = props.length > 0 ? `[${props.join(" ")}]  ` : "";
  let name = n.depth === 0 ? "/" : o.fullPath ? "/" + n.path : n.name;
  if (o.quote) name = `"${name}"`;
  line += name;
  out(line + "\n");
  n.nodes.forEach((c, i) => {
    let add = "│   ";
    let prefix = "";
    if (o.noIndent) add = "";
    else if (i === n.nodes.length - 1) {
      prefix = indent + "└── ";
      add = "    ";
    } else {
      prefix = indent + "├── ";
    }
    out(prefix);
    print(c, indent + add, o, out);
  });
}

async function fillTimes(n: Node): Promise<void> {
  if (n.entry) n.mtime = await n.entry.modTime();
  for (const c of n.nodes) await fillTimes(c);
}

function applySort(n: Node, o: TreeOpts): void {
  if (!o.noSort) sortNodes(n.nodes, o);
  for (const c of n.nodes) applySort(c, o);
}

export async function runTree(cli: Cli, args: string[]): Promise<void> {
  const f = cli.flags;
  const { fs } = await cli.newFsSrc(args[0]!);
  const o: TreeOpts = {
    all: f.bool("all"),
    dirsOnly: f.bool("dirs-only"),
    dirsFirst: f.bool("dirsfirst"),
    fullPath: f.bool("full-path"),
    level: f.int("level"),
    size: f.bool("size"),
    modTime: f.bool("modtime"),
    reverse: f.bool("sort-reverse"),
    noSort: f.bool("unsorted"),
    sort: f.bool("sort-modtime") ? "mtime" : f.str("sort"),
    quote: f.bool("quote"),
    noIndent: f.bool("noindent"),
    now: new Date(),
  };
  const listings = new Map<string, DirEntry[]>();
  const ctx = o.level > 0 ? { ...cli.ctx, opt: { ...cli.ctx.opt, maxDepth: o.level } } : cli.ctx;
  await walk(ctx, fs, "", {
    maxLevel: ctx.opt.maxDepth,
    onDir: (dir, entries) => {
      listings.set(dir, entries);
    },
  });
  const root: Node = { entry: undefined, name: "/", path: "", depth: 0, isDir: true, size: -1, mtime: 0n, nodes: [] };
  const [d, files] = visit(root, listings, o);
  let nd = 0;
  let nf = 0;
  if (files !== 0) {
    nd = d;
    nf = files;
  }
  if (o.modTime || o.sort === "mtime") await fillTimes(root);
  applySort(root, o);
  print(root, "", o, (s) => cli.out.write(s));
  if (!f.bool("noreport")) {
    let footer = `\n${nd} directories`;
    if (!o.dirsOnly) footer += `, ${nf} files`;
    cli.out.write(footer + "\n");
  }
}
