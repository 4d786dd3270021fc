/**
 * The global options (rclone's ConfigInfo plus the filter, log and config
 * flags), declared once. The declaration gives the `--flag` (the key in
 * kebab-case), the `RCLONE_<FLAG>` environment variable, the help line and
 * the default; GlobalOptions is the typed record the engine reads.
 */
import { formatOptionValue, parseOptionValue, type OptionType, type OptionValue } from "./options.js";
import { DURATION_OFF } from "../lib/units.js";
import { FsError, errorMessage } from "./errors.js";
import { SECOND } from "./types.js";

export interface GlobalOptions {
  // logging and output
  verbose: number;
  quiet: boolean;
  logLevel: string;
  logFile: string;
  logFormat: string;
  useJsonLog: boolean;
  stats: bigint;
  statsLogLevel: string;
  statsOneLine: boolean;
  statsOneLineDate: boolean;
  statsOneLineDateFormat: string;
  statsUnit: string;
  statsFileNameLength: number;
  progress: boolean;
  humanReadable: boolean;
  color: string;
  // transfers
  transfers: number;
  checkers: number;
  maxBacklog: number;
  checkFirst: boolean;
  orderBy: string;
  retries: number;
  retriesSleep: bigint;
  lowLevelRetries: number;
  maxTransfer: number;
  cutoffMode: string;
  maxDuration: bigint;
  bwlimit: string;
  bwlimitFile: string;
  multiThreadCutoff: number;
  multiThreadStreams: number;
  multiThreadChunkSize: number;
  bufferSize: number;
  streamingUploadCutoff: number;
  inplace: boolean;
  partialSuffix: string;
  errorOnNoTransfer: boolean;
  // comparison
  checksum: boolean;
  sizeOnly: boolean;
  ignoreTimes: boolean;
  ignoreSize: boolean;
  ignoreExisting: boolean;
  ignoreChecksum: boolean;
  update: boolean;
  modifyWindow: bigint;
  useServerModtime: boolean;
  noUpdateModtime: boolean;
  noUpdateDirModtime: boolean;
  refreshTimes: boolean;
  immutable: boolean;
  ignoreCaseSync: boolean;
  noUnicodeNormalization: boolean;
  fixCase: boolean;
  noTraverse: boolean;
  noCheckDest: boolean;
  // sync
  dryRun: boolean;
  interactive: boolean;
  deleteBefore: boolean;
  deleteDuring: boolean;
  deleteAfter: boolean;
  ignoreErrors: boolean;
  maxDelete: number;
  maxDeleteSize: number;
  backupDir: string;
  suffix: string;
  suffixKeepExtension: boolean;
  compareDest: string[];
  copyDest: string[];
  trackRenames: boolean;
  trackRenamesStrategy: string;
  serverSideAcrossConfigs: boolean;
  links: boolean;
  metadata: boolean;
  metadataSet: string[];
  maxDepth: number;
  defaultTime: string;
  // filters
  include: string[];
  exclude: string[];
  includeFrom: string[];
  excludeFrom: string[];
  filter: string[];
  filterFrom: string[];
  filesFrom: string[];
  filesFromRaw: string[];
  filesFrom0: string[];
  excludeIfPresent: string[];
  minSize: number;
  maxSize: number;
  minAge: bigint;
  maxAge: bigint;
  ignoreCase: boolean;
  deleteExcluded: boolean;
  hashFilter: string;
  // config
  config: string;
  cacheDir: string;
  tempDir: string;
  askPassword: boolean;
  passwordCommand: string[];
  autoConfirm: boolean;
  disable: string[];
  fsCacheExpireDuration: bigint;
  // network (used by the HTTP backends)
  contimeout: bigint;
  timeout: bigint;
  userAgent: string;
  header: string[];
  headerUpload: string[];
  headerDownload: string[];
  noCheckCertificate: boolean;
  caCert: string[];
  tpslimit: number;
  tpslimitBurst: number;
  dump: string[];
}

/** How one global option is declared. */
export interface GlobalFlagSpec {
  type: OptionType | "counter";
  default: OptionValue;
  help: string;
  short?: string;
  group: "Logging" | "Copy" | "Sync" | "Important" | "Check" | "Networking" | "Performance" | "Config" | "Debugging" | "Filter" | "Listing";
  /** Not shown in `help flags`. */
  hidden?: boolean;
}

const MiB = 1024 * 1024;
const KiB = 1024;

/** Every global option. Keyed by GlobalOptions field, so none can be missing. */
export const GLOBAL_FLAGS: { readonly [K in keyof GlobalOptions]: GlobalFlagSpec } = {
  verbose: { type: "counter", default: 0, short: "v", group: "Logging", help: "Print more about what is being done (-vv for debugging output)" },
  quiet: { type: "bool", default: false, short: "q", group: "Logging", help: "Print only errors" },
  logLevel: { type: "string", default: "NOTICE", group: "Logging", help: "Log level: DEBUG, INFO, NOTICE or ERROR" },
  logFile: { type: "string", default: "", group: "Logging", help: "Append the log to this file instead of standard error" },
  logFormat: { type: "string", default: "date,time", group: "Logging", help: "Comma separated list of log line parts: date, time, microseconds, pid, UTC, nolevel, json" },
  useJsonLog: { type: "bool", default: false, group: "Logging", help: "Write log lines as JSON objects" },
  stats: { type: "duration", default: 60n * SECOND, group: "Logging", help: "Interval between printing stats, e.g. 500ms, 60s, 5m (0 to disable)" },
  statsLogLevel: { type: "string", default: "INFO", group: "Logging", help: "Log level at which stats are shown: DEBUG, INFO, NOTICE or ERROR" },
  statsOneLine: { type: "bool", default: false, group: "Logging", help: "Show the stats as a single line" },
  statsOneLineDate: { type: "bool", default: false, group: "Logging", help: "Show the one-line stats with a date in front" },
  statsOneLineDateFormat: { type: "string", default: "", group: "Logging", help: "Date format of the one-line stats (a Go time layout)" },
  statsUnit: { type: "string", default: "bytes", group: "Logging", help: "Unit of data rates in stats: bytes or bits" },
  statsFileNameLength: { type: "int", default: 45, group: "Logging", help: "Longest file name shown in stats (0 for no limit)" },
  progress: { type: "bool", default: false, short: "P", group: "Logging", help: "Show progress while transferring" },
  humanReadable: { type: "bool", default: false, group: "Listing", help: "Show sizes and counts with unit suffixes" },
  color: { type: "string", default: "AUTO", group: "Logging", help: "When to use colour: AUTO, NEVER or ALWAYS" },

  transfers: { type: "int", default: 4, group: "Performance", help: "Number of file transfers run at once" },
  checkers: { type: "int", default: 8, group: "Performance", help: "Number of checkers (listings, comparisons, deletes) run at once" },
  maxBacklog: { type: "int", default: 10000, group: "Performance", help: "Longest queue between checking and transferring" },
  checkFirst: { type: "bool", default: false, group: "Copy", help: "Do all the checks before starting any transfer" },
  orderBy: { type: "string", default: "", group: "Copy", help: "Order of transfers, e.g. size,descending or name,ascending" },
  retries: { type: "int", default: 3, group: "Important", help: "Retry the whole operation this many times if it fails" },
  retriesSleep: { type: "duration", default: 0n, group: "Important", help: "Pause between whole-operation retries (0 to disable)" },
  lowLevelRetries: { type: "int", default: 10, group: "Important", help: "Number of retries of each low-level operation" },
  maxTransfer: { type: "size", default: -1, group: "Copy", help: "Stop after transferring this much data" },
  cutoffMode: { type: "string", default: "HARD", group: "Copy", help: "How --max-transfer stops: HARD, SOFT or CAUTIOUS" },
  maxDuration: { type: "duration", default: 0n, group: "Copy", help: "Stop starting transfers after this long (0 for no limit)" },
  bwlimit: { type: "string", default: "off", group: "Networking", help: "Bandwidth limit in KiB/s, with a suffix, or a timetable" },
  bwlimitFile: { type: "string", default: "off", group: "Networking", help: "Bandwidth limit per file in KiB/s, with a suffix, or a timetable" },
  multiThreadCutoff: { type: "size", default: 256 * MiB, group: "Copy", help: "Files at least this big are copied with several streams" },
  multiThreadStreams: { type: "int", default: 4, group: "Copy", help: "Number of streams for multi-thread copies" },
  multiThreadChunkSize: { type: "size", default: 64 * MiB, group: "Copy", help: "Chunk size of multi-thread copies" },
  bufferSize: { type: "size", default: 16 * MiB, group: "Performance", help: "Read-ahead buffer per transfer" },
  streamingUploadCutoff: { type: "size", default: 100 * KiB, group: "Copy", help: "Streams smaller than this are buffered in memory and uploaded whole" },
  inplace: { type: "bool", default: false, group: "Copy", help: "Write files in place, without a temporary .partial name" },
  partialSuffix: { type: "string", default: ".partial", group: "Copy", help: "Suffix of files being written" },
  errorOnNoTransfer: { type: "bool", default: false, group: "Sync", help: "Exit with code 9 if nothing was transferred" },

  checksum: { type: "bool", default: false, short: "c", group: "Copy", help: "Compare size and checksum, not size and modification time" },
  sizeOnly: { type: "bool", default: false, group: "Copy", help: "Compare size only" },
  ignoreTimes: { type: "bool", default: false, short: "I", group: "Copy", help: "Transfer every file, unchanged or not" },
  ignoreSize: { type: "bool", default: false, group: "Copy", help: "Ignore sizes when deciding whether to transfer" },
  ignoreExisting: { type: "bool", default: false, group: "Copy", help: "Skip every file that already exists on the destination" },
  ignoreChecksum: { type: "bool", default: false, group: "Copy", help: "Do not verify checksums after a transfer" },
  update: { type: "bool", default: false, short: "u", group: "Copy", help: "Skip files that are newer on the destination" },
  modifyWindow: { type: "duration", default: 1n, group: "Copy", help: "Largest difference at which modification times still count as equal" },
  useServerModtime: { type: "bool", default: false, group: "Copy", help: "Use the server's upload time instead of the stored modification time" },
  noUpdateModtime: { type: "bool", default: false, group: "Copy", help: "Do not change the modification times of files that are otherwise equal" },
  noUpdateDirModtime: { type: "bool", default: false, group: "Copy", help: "Do not set directory modification times" },
  refreshTimes: { type: "bool", default: false, group: "Copy", help: "Refresh the modification times of unchanged files" },
  immutable: { type: "bool", default: false, group: "Copy", help: "Never change files that exist on the destination; report them if they differ" },
  ignoreCaseSync: { type: "bool", default: false, group: "Copy", help: "Match names case-insensitively when syncing" },
  noUnicodeNormalization: { type: "bool", default: false, group: "Copy", help: "Do not normalise Unicode names when matching them" },
  fixCase: { type: "bool", default: false, group: "Copy", help: "Rename destination files whose names differ from the source only by case" },
  noTraverse: { type: "bool", default: false, group: "Copy", help: "Do not list the destination; look files up one by one" },
  noCheckDest: { type: "bool", default: false, group: "Copy", help: "Do not look at the destination at all; transfer everything" },

  dryRun: { type: "bool", default: false, short: "n", group: "Important", help: "Show what would be done without changing anything" },
  interactive: { type: "bool", default: false, short: "i", group: "Important", help: "Ask before every change" },
  deleteBefore: { type: "bool", default: false, group: "Sync", help: "Delete from the destination before transferring" },
  deleteDuring: { type: "bool", default: false, group: "Sync", help: "Delete from the destination while transferring" },
  deleteAfter: { type: "bool", default: false, group: "Sync", help: "Delete from the destination after transferring (the default)" },
  ignoreErrors: { type: "bool", default: false, group: "Sync", help: "Delete even if there were I/O errors" },
  maxDelete: { type: "int", default: -1, group: "Sync", help: "Stop before deleting more than this many files" },
  maxDeleteSize: { type: "size", default: -1, group: "Sync", help: "Stop before deleting more than this much data" },
  backupDir: { type: "string", default: "", group: "Sync", help: "Move files that would be overwritten or deleted into this directory" },
  suffix: { type: "string", default: "", group: "Sync", help: "Suffix added to backed-up files" },
  suffixKeepExtension: { type: "bool", default: false, group: "Sync", help: "Put the --suffix before the file's extension" },
  compareDest: { type: "stringArray", default: [], group: "Copy", help: "Skip files that are equal in this directory too" },
  copyDest: { type: "stringArray", default: [], group: "Copy", help: "Copy files that are equal in this directory from there, server-side" },
  trackRenames: { type: "bool", default: false, group: "Sync", help: "Detect renamed files and rename them on the destination" },
  trackRenamesStrategy: { type: "string", default: "hash", group: "Sync", help: "How renames are detected: hash, modtime, leaf, or a comma list" },
  serverSideAcrossConfigs: { type: "bool", default: false, group: "Copy", help: "Allow server-side operations between different remotes" },
  links: { type: "bool", default: false, short: "l", group: "Copy", help: "Translate symlinks to and from .rclonelink files" },
  metadata: { type: "bool", default: false, short: "M", group: "Copy", help: "Preserve metadata when copying" },
  metadataSet: { type: "stringArray", default: [], group: "Copy", help: "Add metadata key=value when uploading" },
  maxDepth: { type: "int", default: -1, group: "Filter", help: "Descend at most this many directory levels" },
  defaultTime: { type: "string", default: "2000-01-01T00:00:00Z", group: "Listing", help: "Time shown for objects that have none" },

  include: { type: "stringArray", default: [], group: "Filter", help: "Include files matching the pattern" },
  exclude: { type: "stringArray", default: [], group: "Filter", help: "Exclude files matching the pattern" },
  includeFrom: { type: "stringArray", default: [], group: "Filter", help: "Read include patterns from a file (- for stdin)" },
  excludeFrom: { type: "stringArray", default: [], group: "Filter", help: "Read exclude patterns from a file (- for stdin)" },
  filter: { type: "stringArray", default: [], short: "f", group: "Filter", help: "Add a file filtering rule (+ pattern or - pattern)" },
  filterFrom: { type: "stringArray", default: [], group: "Filter", help: "Read filtering rules from a file (- for stdin)" },
  filesFrom: { type: "stringArray", default: [], group: "Filter", help: "Read the list of files to work on from a file (- for stdin)" },
  filesFromRaw: { type: "stringArray", default: [], group: "Filter", help: "As --files-from, with lines taken verbatim" },
  filesFrom0: { type: "stringArray", default: [], group: "Filter", help: "As --files-from, with names separated by NUL" },
  excludeIfPresent: { type: "stringArray", default: [], group: "Filter", help: "Exclude directories that contain a file of this name" },
  minSize: { type: "size", default: -1, group: "Filter", help: "Only files at least this big (KiB if no suffix)" },
  maxSize: { type: "size", default: -1, group: "Filter", help: "Only files at most this big (KiB if no suffix)" },
  minAge: { type: "duration", default: DURATION_OFF, group: "Filter", help: "Only files older than this (seconds if no suffix, or a date)" },
  maxAge: { type: "duration", default: DURATION_OFF, group: "Filter", help: "Only files younger than this (seconds if no suffix, or a date)" },
  ignoreCase: { type: "bool", default: false, group: "Filter", help: "Match filter patterns case-insensitively" },
  deleteExcluded: { type: "bool", default: false, group: "Filter", help: "Delete excluded files on the destination too" },
  hashFilter: { type: "string", default: "", group: "Filter", help: "Keep only partition K of N of the files, as K/N" },

  config: { type: "string", default: "", group: "Config", help: "Path of the config file" },
  cacheDir: { type: "string", default: "", group: "Config", help: "Directory for cached data" },
  tempDir: { type: "string", default: "", group: "Config", help: "Directory for temporary files" },
  askPassword: { type: "bool", default: true, group: "Config", help: "Ask for the config password if it is needed and not given" },
  passwordCommand: { type: "spaceList", default: [], group: "Config", help: "Command whose output is the config password" },
  autoConfirm: { type: "bool", default: false, group: "Config", help: "Answer yes to every confirmation" },
  disable: { type: "commaList", default: [], group: "Config", help: "Turn off these backend features (use 'help' to list them)" },
  fsCacheExpireDuration: { type: "duration", default: 300n * SECOND, group: "Config", help: "How long unused backends stay cached", hidden: true },

  contimeout: { type: "duration", default: 60n * SECOND, group: "Networking", help: "Timeout for making a connection" },
  timeout: { type: "duration", default: 300n * SECOND, group: "Networking", help: "Timeout for idle input/output" },
  userAgent: { type: "string", default: "", group: "Networking", help: "User-Agent of HTTP requests" },
  header: { type: "stringArray", default: [], group: "Networking", help: "Add an HTTP header to every request" },
  headerUpload: { type: "stringArray", default: [], group: "Networking", help: "Add an HTTP header to every upload" },
  headerDownload: { type: "stringArray", default: [], group: "Networking", help: "Add an HTTP header to every download" },
  noCheckCertificate: { type: "bool", default: false, group: "Networking", help: "Do not verify TLS certificates (insecure)" },
  caCert: { type: "stringArray", default: [], group: "Networking", help: "CA certificate file to trust" },
  tpslimit: { type: "float", default: 0, group: "Networking", help: "Limit HTTP transactions per second to this" },
  tpslimitBurst: { type: "int", default: 1, group: "Networking", help: "Largest burst of transactions under --tpslimit" },
  dump: { type: "commaList", default: [], group: "Debugging", help: "Dump headers, bodies, requests, responses, auth or filters" },
};

/** The `--flag-name` of a global option key. */
export function globalFlagName(key: string): string {
  return key.replace(/[A-Z0-9]/g, (c) => "-" + c.toLowerCase()).replace(/^files-from-0$/, "files-from0");
}

/** The `RCLONE_*` environment variable of a global option key. */
export function globalEnvName(key: string): string {
  return "RCLONE_" + globalFlagName(key).toUpperCase().replace(/-/g, "_");
}

/** Global option keys by flag name. */
export const GLOBAL_FLAG_BY_NAME: ReadonlyMap<string, keyof GlobalOptions> = new Map(
  (Object.keys(GLOBAL_FLAGS) as (keyof GlobalOptions)[]).map((k) => [globalFlagName(k), k]),
);

/** A fresh record of the defaults. */
export function defaultGlobalOptions(): GlobalOptions {
  const out: Record<string, OptionValue> = {};
  for (const [k, spec] of Object.entries(GLOBAL_FLAGS) as [string, GlobalFlagSpec][]) {
    const d = spec.default;
    out[k] = Array.isArray(d) ? [...d] : d;
  }
  return out as unknown as GlobalOptions;
}

/** Parses a flag or environment value for a global option. */
export function parseGlobalValue(key: keyof GlobalOptions, raw: string): OptionValue {
  const spec = GLOBAL_FLAGS[key];
  const type = spec.type === "counter" ? "int" : spec.type;
  try {
    return parseOptionValue({ type, name: key }, raw);
  } catch (err) {
    throw new FsError("usage", `invalid argument "${raw}" for "--${globalFlagName(key)}" flag: ${errorMessage(err)}`);
  }
}

/** Formats a global option's value for display (e.g. help defaults). */
export function formatGlobalValue(key: keyof GlobalOptions, v: OptionValue): string {
  const spec = GLOBAL_FLAGS[key];
  return formatOptionValue({ type: spec.type === "counter" ? "int" : spec.type }, v);
}

/**
 * Applies `RCLONE_<FLAG>` environment variables to the options. Array flags
 * take comma- (or space-) separated lists from the environment.
 */
export function applyGlobalEnv(opt: GlobalOptions, env: NodeJS.ProcessEnv, explicit: ReadonlySet<string> = new Set()): void {
  for (const key of Object.keys(GLOBAL_FLAGS) as (keyof GlobalOptions)[]) {
    if (explicit.has(key)) continue;
    const raw = env[globalEnvName(key)];
    if (raw === undefined) continue;
    setGlobal(opt, key, parseGlobalValue(key, raw));
  }
}

/** Sets one global option (typed through the key). */
export function setGlobal(opt: GlobalOptions, key: keyof GlobalOptions, v: OptionValue): void {
  (opt as unknown as Record<string, OptionValue>)[key] = v;
}
