/**
 * The fs contract: what every backend implements and all the engine uses.
 * It mirrors rclone's Fs / Object / Directory interfaces and Features record
 * (reference/rclone-core.md §1). Times are bigint nanoseconds since the Unix
 * epoch; names are Standard-encoded UTF-8 strings (see lib/encoder.ts), with
 * bytes that are not valid UTF-8 carried as lone surrogates U+DC80..U+DCFF
 * (see fs/names.ts).
 */
import type { Readable } from "node:stream";
import type { HashSet, HashType } from "./hash.js";

/** Nanoseconds since the Unix epoch. */
export type Time = bigint;
/** A span of time in nanoseconds. */
export type Duration = bigint;

export const NANOSECOND: Duration = 1n;
export const MICROSECOND: Duration = 1_000n;
export const MILLISECOND: Duration = 1_000_000n;
export const SECOND: Duration = 1_000_000_000n;
/** Precision of a remote that keeps no modification times (100 years). */
export const MODTIME_NOT_SUPPORTED: Duration = 100n * 365n * 24n * 3600n * SECOND;

/** Object metadata: lower-case keys to values (`mtime`, `mode`, user keys…). */
export type Metadata = Record<string, string>;

/** Quota information from `about`; fields are omitted when unknown. */
export interface Usage {
  total?: number;
  used?: number;
  trashed?: number;
  other?: number;
  free?: number;
  objects?: number;
}

/** Read-only facts about a filesystem. */
export interface Info {
  /** Config name the Fs was made with ("remote", ":s3", "local", "remote{AbCdE}"). */
  readonly name: string;
  /** Root path inside the remote, as cleaned by the backend (local: absolute OS path). */
  readonly root: string;
  /** Human description used in logs and errors, e.g. "Local file system at /x". */
  toString(): string;
  /** Modification time precision; MODTIME_NOT_SUPPORTED if none are kept. */
  precision(): Duration;
  /** The hash types this Fs can supply. */
  hashes(): HashSet;
  /** Optional capabilities. */
  readonly features: Features;
}

/** Options for opening an object for reading. */
export interface OpenOptions {
  /** Start reading at this offset. */
  seek?: number;
  /**
   * Inclusive byte range. start < 0 means "the last `end` bytes"; end < 0
   * means to the end of the object; an end beyond the size is clamped.
   */
  range?: { start: number; end: number };
  /** Hashes the reader should compute as it goes (cached on the object when read in full). */
  hashes?: HashSet;
  /** Extra HTTP headers (`--header-download`). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Options for writing an object. */
export interface PutOptions {
  /** Hashes the writer should compute while writing, so hash() costs nothing afterwards. */
  hashes?: HashSet;
  /** Metadata to set (with --metadata). */
  metadata?: Metadata;
  /** Extra HTTP headers (`--header-upload`). */
  headers?: Record<string, string>;
  /** Upload chunk size hint. */
  chunkSize?: number;
  signal?: AbortSignal;
}

/** Options of Features.copyData. */
export interface CopyDataOptions extends PutOptions {
  /** Reports bytes copied so far. */
  progress?: (n: number) => void;
  /**
   * The name remote is a temporary one for: a copyData that can, renames the
   * complete file to it itself and returns the object there (the caller's
   * own rename is then skipped).
   */
  finalRemote?: string;
}

/** What a file or directory entry has in common. */
export interface DirEntryBase {
  /** Path relative to the Fs root, `/`-separated, no leading `/`. */
  readonly remote: string;
  /** Size in bytes, -1 if unknown. */
  readonly size: number;
  /** The Fs this entry belongs to. */
  readonly fs: Info;
  /** Modification time (best guess if unknown). */
  modTime(): Promise<Time>;
  /** The remote path, for logs. */
  toString(): string;
}

/** A directory entry. */
export interface Directory extends DirEntryBase {
  readonly isDir: true;
  /** Number of items, -1 if unknown. */
  readonly items: number;
  /** Backend ID, "" if none. */
  readonly id: string;
  /** Metadata, for backends that read directory metadata. */
  metadata?(): Promise<Metadata | undefined>;
}

/** Facts about an object, enough to upload something with them. */
export interface ObjectInfo extends DirEntryBase {
  readonly isDir: false;
  /** Lower-case hex of the hash, "" if not available. Throws hashUnsupported for a type not in fs.hashes(). */
  hash(type: HashType): Promise<string>;
  /** False for things that can't be copied (e.g. Google Docs). */
  readonly storable: boolean;
  /** MIME type if the backend knows it. */
  mimeType?(): Promise<string>;
  /** Metadata if the backend reads it. */
  metadata?(): Promise<Metadata | undefined>;
  /** Backend ID of the object, if it has one. */
  id?(): string;
  /**
   * The modification time when the object already holds it (from its
   * listing or last stat), without I/O; undefined when finding it takes a
   * call. Lets a sync compare unchanged files without awaiting modTime().
   */
  knownModTime?(): Time | undefined;
  /**
   * The hash when the object holds one that is certainly current (just
   * computed while reading or writing it), without I/O; undefined otherwise.
   * Lets a copy verify without awaiting hash().
   */
  knownHash?(type: HashType): string | undefined;
  /** Storage tier, if the backend has them. */
  tier?(): string;
}

/** A stored object. */
export interface Obj extends ObjectInfo {
  /** Sets the modification time; may throw cantSetModTime or cantSetModTimeWithoutDelete. */
  setModTime(t: Time): Promise<void>;
  /** Opens the object for reading. */
  open(options?: OpenOptions): Promise<Readable>;
  /** Replaces the object's content in place; its remote does not change. */
  update(data: Readable, src: ObjectInfo, options?: PutOptions): Promise<void>;
  /** Deletes the object. */
  remove(): Promise<void>;
  /** The wrapped object, for wrapping backends. */
  unwrap?(): Obj;
}

export type DirEntry = Directory | Obj;

/** Hints for Fs.list. */
export interface ListOptions {
  /**
   * The caller keeps only the objects (not directories) whose remote this
   * accepts, so a backend may drop the others early, before it stats them
   * or logs about them (rclone's filter-aware listing). Optional to honour.
   */
  include?: (remote: string) => boolean;
}

/** A filesystem: Info plus the mandatory operations. */
export interface Fs extends Info {
  /**
   * One directory level, complete, in any order. dir is "" for the root,
   * never with a trailing "/". Throws dirNotFound if it does not exist.
   */
  list(dir: string, opt?: ListOptions): Promise<DirEntry[]>;
  /** Finds an object. Throws objectNotFound (or isDir) if there is none. */
  newObject(remote: string): Promise<Obj>;
  /**
   * Uploads an object at src.remote with src's modification time. src.size
   * may be -1: the data must then be uploaded or an error thrown.
   */
  put(data: Readable, src: ObjectInfo, options?: PutOptions): Promise<Obj>;
  /** Makes a directory (or bucket); no error if it exists. */
  mkdir(dir: string): Promise<void>;
  /** Removes an empty directory; throws if it is missing or not empty. */
  rmdir(dir: string): Promise<void>;
}

/** Random-access writer for multi-thread downloads. */
export interface WriterAt {
  writeAt(data: Uint8Array, offset: number): Promise<void>;
  close(): Promise<void>;
}

/** The boolean capability flags of a Features record. */
export interface FeatureFlags {
  caseInsensitive: boolean;
  duplicateFiles: boolean;
  readMimeType: boolean;
  writeMimeType: boolean;
  canHaveEmptyDirectories: boolean;
  bucketBased: boolean;
  bucketBasedRootOK: boolean;
  setTier: boolean;
  getTier: boolean;
  serverSideAcrossConfigs: boolean;
  isLocal: boolean;
  slowModTime: boolean;
  slowHash: boolean;
  readMetadata: boolean;
  writeMetadata: boolean;
  userMetadata: boolean;
  readDirMetadata: boolean;
  writeDirMetadata: boolean;
  writeDirSetModTime: boolean;
  userDirMetadata: boolean;
  dirModTimeUpdatesOnWrite: boolean;
  filterAware: boolean;
  partialUploads: boolean;
  noMultiThreading: boolean;
  overlay: boolean;
  chunkWriterDoesntSeek: boolean;
  doubleSlash: boolean;
}

/** The optional operations of a Features record; absent when unsupported. */
export interface FeatureOps {
  /** Deletes dir and all below it; may throw cantPurge to ask for the generic fallback. */
  purge?(dir: string): Promise<void>;
  /** Server-side copy; may throw cantCopy. */
  copy?(src: Obj, remote: string): Promise<Obj>;
  /** Server-side move; may throw cantMove. */
  move?(src: Obj, remote: string): Promise<Obj>;
  /** Server-side directory move; throws dirExists if the destination exists, cantDirMove to fall back. */
  dirMove?(src: Fs, srcRemote: string, dstRemote: string): Promise<void>;
  /** Upload of unknown size. */
  putStream?(data: Readable, src: ObjectInfo, options?: PutOptions): Promise<Obj>;
  /**
   * Copies src's data into this Fs at remote faster than streaming it
   * through the engine (e.g. local file to local file on another thread).
   * Not a server-side copy: it is counted, verified and logged as an
   * ordinary transfer. Reports bytes through options.progress as they are
   * copied. Resolves undefined when it cannot for this source; the caller
   * then streams.
   */
  copyData?(src: Obj, remote: string, options: CopyDataOptions): Promise<Obj | undefined>;
  /** Put without checking for an existing object. */
  putUnchecked?(data: Readable, src: ObjectInfo, options?: PutOptions): Promise<Obj>;
  /** Quota. */
  about?(): Promise<Usage>;
  /** Sets a directory's modification time. */
  dirSetModTime?(dir: string, t: Time): Promise<void>;
  /** Makes a directory with metadata. */
  mkdirMetadata?(dir: string, metadata: Metadata): Promise<Directory>;
  /** Recursive listing, delivered in tranches. */
  listR?(dir: string, callback: (entries: DirEntry[]) => Promise<void> | void): Promise<void>;
  /** Empties the trash / removes old versions. */
  cleanUp?(): Promise<void>;
  /** A public link to a file or directory. */
  publicLink?(remote: string, expire: Duration | undefined, unlink: boolean): Promise<string>;
  /** Random-access writer. */
  openWriterAt?(remote: string, size: number): Promise<WriterAt>;
  /** Backend-specific command (`tclone backend`); unknown names throw commandNotFound. */
  command?(name: string, args: string[], opts: Record<string, string>): Promise<unknown>;
  /** Flushes and closes background work. */
  shutdown?(): Promise<void>;
  /** The wrapped Fs, for wrapping backends. */
  unWrap?(): Fs;
  /** Flushes any directory cache (tests). */
  dirCacheFlush?(): void;
}

export type Features = FeatureFlags & FeatureOps;

export type FeatureName = keyof FeatureFlags | keyof FeatureOps;

const FLAG_DEFAULTS: FeatureFlags = {
  caseInsensitive: false,
  duplicateFiles: false,
  readMimeType: false,
  writeMimeType: false,
  canHaveEmptyDirectories: false,
  bucketBased: false,
  bucketBasedRootOK: false,
  setTier: false,
  getTier: false,
  serverSideAcrossConfigs: false,
  isLocal: false,
  slowModTime: false,
  slowHash: false,
  readMetadata: false,
  writeMetadata: false,
  userMetadata: false,
  readDirMetadata: false,
  writeDirMetadata: false,
  writeDirSetModTime: false,
  userDirMetadata: false,
  dirModTimeUpdatesOnWrite: false,
  filterAware: false,
  partialUploads: false,
  noMultiThreading: false,
  overlay: false,
  chunkWriterDoesntSeek: false,
  doubleSlash: false,
};

/** Names of all boolean feature flags, in rclone's order. */
export const FEATURE_FLAG_NAMES = Object.keys(FLAG_DEFAULTS) as (keyof FeatureFlags)[];

/** Builds a Features record: flags default to false, absent ops stay absent. */
export function makeFeatures(flags: Partial<FeatureFlags>, ops: FeatureOps = {}): Features {
  const f: Features = { ...FLAG_DEFAULTS, ...flags };
  for (const [k, v] of Object.entries(ops) as [keyof FeatureOps, unknown][]) {
    if (typeof v === "function") (f as unknown as Record<string, unknown>)[k] = v;
  }
  return f;
}

/**
 * Applies a `--disable` list: "Name" turns a flag off or drops an op;
 * "!Name" forces a flag on. Names are matched case-insensitively against
 * rclone's capitalised names (e.g. "Copy", "CaseInsensitive").
 */
export function disableFeatures(f: Features, list: readonly string[]): Features {
  const out: Features = { ...f };
  for (const raw of list) {
    const force = raw.startsWith("!");
    const name = (force ? raw.slice(1) : raw).trim().toLowerCase();
    for (const key of Object.keys(out) as FeatureName[]) {
      if (key.toLowerCase() !== name) continue;
      if (key in FLAG_DEFAULTS) (out as unknown as Record<string, boolean>)[key] = force;
      else if (!force) delete (out as unknown as Record<string, unknown>)[key];
    }
  }
  return out;
}
