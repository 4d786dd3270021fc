/**
 * Node modules that cost a few milliseconds each to load (crypto, zlib,
 * child_process, worker_threads) and that most runs never touch: a no-op
 * sync hashes nothing, spawns nothing and starts no thread. They are loaded
 * on first use instead of at start-up.
 */
import { createRequire } from "node:module";

type Crypto = typeof import("node:crypto");
type Zlib = typeof import("node:zlib");
type ChildProcess = typeof import("node:child_process");
type WorkerThreads = typeof import("node:worker_threads");

const load = createRequire(import.meta.url);
let crypto: Crypto | undefined;
let zlib: Zlib | undefined;
let childProcess: ChildProcess | undefined;
let workerThreads: WorkerThreads | undefined;

export const nodeCrypto = (): Crypto => (crypto ??= load("node:crypto") as Crypto);
export const nodeZlib = (): Zlib => (zlib ??= load("node:zlib") as Zlib);
export const nodeChildProcess = (): ChildProcess => (childProcess ??= load("node:child_process") as ChildProcess);
export const nodeWorkerThreads = (): WorkerThreads => (workerThreads ??= load("node:worker_threads") as WorkerThreads);
