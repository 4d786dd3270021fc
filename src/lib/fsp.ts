/**
 * The promise-returning file calls tclone uses, built on Node's callback API.
 * Loading node:fs/promises costs every run a few milliseconds (it brings in
 * readline and the stream machinery); these wrappers don't, and only `open`
 * (whose FileHandle belongs to fs/promises) loads it, on first use.
 */
import * as fs from "node:fs";
import type * as FsPromises from "node:fs/promises";
import { promisify } from "node:util";

type P = typeof FsPromises;

export const lstat = promisify(fs.lstat) as P["lstat"];
export const stat = promisify(fs.stat) as P["stat"];
export const statfs = promisify(fs.statfs) as P["statfs"];
export const readdir = promisify(fs.readdir) as P["readdir"];
export const readFile = promisify(fs.readFile) as P["readFile"];
export const writeFile = promisify(fs.writeFile) as P["writeFile"];
export const readlink = promisify(fs.readlink) as P["readlink"];
export const realpath = promisify(fs.realpath) as P["realpath"];
export const mkdir = promisify(fs.mkdir) as P["mkdir"];
export const rmdir = promisify(fs.rmdir) as P["rmdir"];
export const rename = promisify(fs.rename) as P["rename"];
export const unlink = promisify(fs.unlink) as P["unlink"];
export const symlink = promisify(fs.symlink) as P["symlink"];
export const utimes = promisify(fs.utimes) as P["utimes"];
export const lutimes = promisify(fs.lutimes) as P["lutimes"];
export const chmod = promisify(fs.chmod) as P["chmod"];
export const chown = promisify(fs.chown) as P["chown"];
export const lchown = promisify(fs.lchown) as P["lchown"];
export const open: P["open"] = (...args: Parameters<P["open"]>) => fs.promises.open(...args);
