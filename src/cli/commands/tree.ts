/**
 * tree: the remote drawn as an indented tree, in the format of the `tree`
 * program that rclone uses (box-drawing lines, "[size date]" properties and
 * the "N directories, M files" report).
 */
import { errorMessage } from "../../fs/errors.js";
import type { DirEntry } from "../../fs/types.js";
import { compareNames } from "../../fs/names.js";
import { formatGoTime } from "../../lib/gotime.js";
import { walk } from "../../ops/walk.js";
import { goSort, treeFormatBytes } from "./tree-go.js";
import { writeFile } from "../../lib/fsp.js";
import { encodeName } from "../../fs/names.js";
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
  protections: boolean;
  dirsOnly: boolean;
  dirsFirst: boolean;
  fullPath: boolean;
  level: number;
  size: boolean;
  /** --human-readable: sizes as a8m/tree's "1.5K" (shown even without -s). */
  humanSize: boolean;
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

/**
 * a8m/tree's order: one comparison, chosen by priority (modification time,
 * then directories first, then version, size, and name by default), applied
 * with Go's unstable sort.Sort, reversed with -r.
 */
function sortNodes(nodes: Node[], o: TreeOpts): void {
  let less: (a: Node, b: Node) => boolean;
  // Without a status-change time to read, tree's ctime order falls back to the modification time.
  if (o.sort === "mtime" || o.sort === "ctime") less = (a, b) => a.mtime < b.mtime;
  else if (o.dirsFirst) less = (a, b) => a.isDir && !b.isDir;
  else if (o.sort === "version") less = (a, b) => naturalLess(a.name, b.name);
  else if (o.sort === "size") less = (a, b) => a.size < b.size;
  else less = (a, b) => compareNames(a.name, b.name) < 0;
  goSort(nodes, o.reverse ? (a, b) => less(b, a) : less);
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

/** A directory's size: its files' sizes summed; unknown if the tree stops at it (a8m/tree dirRecursiveSize). */
function dirSize(n: Node, o: TreeOpts): { size: number; known: boolean } {
  let size = 0;
  let known = !(o.level > 0 && n.depth >= o.level);
  for (const c of n.nodes) {
    if (!c.isDir) size += c.size;
    else {
      const r = dirSize(c, o);
      size += r.size;
      known &&= r.known;
    }
  }
  return { size, known };
}

function sizeProp(n: Node, o: TreeOpts): string {
  let size = n.size;
  if (n.isDir) {
    const r = dirSize(n, o);
    if (!r.known && r.size <= 0) return o.humanSize ? "????" : "???????????";
    size = r.size;
  }
  return o.humanSize ? treeFormatBytes(size).padStart(4) : String(size).padStart(11);
}

function print(n: Node, indent: string, o: TreeOpts, out: (s: string) => void): void {
  const props: string[] = [];
  // The permissions rclone's tree shows: 0666 for every file (directories show none).
  if (o.protections && !n.isDir) props.push("-rw-rw-rw-");
  if (o.size || o.humanSize) props.push(sizeProp(n, o));
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
    protections: f.bool("protections"),
    dirsOnly: f.bool("dirs-only"),
    dirsFirst: f.bool("dirsfirst"),
    fullPath: f.bool("full-path"),
    // As rclone: --level, or else --max-depth, is how deep the tree goes.
    level: f.int("level") > 0 ? f.int("level") : cli.ctx.opt.maxDepth,
    size: f.bool("size"),
    humanSize: cli.ctx.opt.humanReadable,
    modTime: f.bool("modtime"),
    reverse: f.bool("sort-reverse"),
    noSort: f.bool("unsorted"),
    sort: f.bool("sort-modtime") ? "mtime" : f.bool("sort-ctime") ? "ctime" : f.bool("version") ? "version" : f.str("sort"),
    quote: f.bool("quote"),
    noIndent: f.bool("noindent"),
    now: new Date(),
  };
  const listings = new Map<string, DirEntry[]>();
  const ctx = f.int("level") > 0 ? { ...cli.ctx, opt: { ...cli.ctx.opt, maxDepth: o.level } } : cli.ctx;
  await walk(ctx, fs, "", {
    maxLevel: ctx.opt.maxDepth,
    onDir: (dir, entries) => {
      listings.set(dir, entries);
    },
    // As rclone's walk.Walk: the first directory that can't be listed is
    // counted, logged and ends the walk.
    onError: (dir, err) => {
      cli.ctx.stats.countError(err);
      cli.ctx.log.error(dir, `error listing: ${errorMessage(err)}`);
      throw err;
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
  if (o.modTime || o.sort === "mtime" || o.sort === "ctime") await fillTimes(root);
  applySort(root, o);
  // -o/--output writes the tree to a file instead of standard output.
  const outFile = f.str("output");
  const parts: string[] = [];
  const write = outFile === "" ? (s: string): void => cli.out.write(s) : (s: string): void => void parts.push(s);
  print(root, "", o, write);
  if (!f.bool("noreport")) {
    let footer = `\n${nd} directories`;
    if (!o.dirsOnly) footer += `, ${nf} files`;
    write(footer + "\n");
  }
  if (outFile !== "") await writeFile(outFile, encodeName(parts.join("")));
}
