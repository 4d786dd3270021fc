/**
 * The local backend's options, declared once as data (the same names, types,
 * defaults and flags as rclone 1.76's local backend; the help is ours), and
 * the typed record the implementation reads them into.
 */
import { ENCODE_OS_DARWIN, ENCODE_OS_LINUX, ENCODE_OS_WINDOWS } from "../../lib/encoder.js";
import { FsError } from "../../fs/errors.js";
import type { OptionSpec, OptionValues } from "../../fs/options.js";

/** The default name encoding of the local backend on this OS (reference §6.3). */
export function defaultLocalEncoding(platform: NodeJS.Platform = process.platform): number {
  if (platform === "darwin") return ENCODE_OS_DARWIN;
  if (platform === "win32") return ENCODE_OS_WINDOWS;
  return ENCODE_OS_LINUX;
}

/** The suffix of objects that stand for symlinks with -l/--links. */
export const LINK_SUFFIX = ".rclonelink";

/** What ModTime() reports. */
export type TimeType = "mtime" | "atime" | "btime" | "ctime";

const flag = (o: Omit<OptionSpec, "type" | "default" | "advanced">): OptionSpec => ({
  type: "bool",
  default: false,
  advanced: true,
  ...o,
});

/** Every option of the local backend, in rclone's order. */
export const LOCAL_OPTIONS: OptionSpec[] = [
  {
    name: "nounc",
    help: "Turn off the conversion of paths to UNC long-path form on Windows.",
    type: "bool",
    default: false,
    advanced: process.platform !== "win32",
    examples: [{ value: "true", help: "Do not use long file names." }],
  },
  flag({
    name: "copy_links",
    help: "Follow symlinks and copy what they point to instead of skipping them.",
    noPrefix: true,
    shortOpt: "L",
  }),
  flag({
    name: "links",
    help:
      `Store symlinks as regular files named with a '${LINK_SUFFIX}' suffix, and turn such files back into symlinks.\n\n` +
      "The file's content is the link's target. The global -l/--links flag does the same for every backend.",
  }),
  flag({
    name: "skip_links",
    help:
      "Skip symlinks quietly.\n\n" +
      "Without -L/--copy-links or -l/--links symlinks (and Windows junction points) are skipped with a notice;\n" +
      "this flag says you know, and silences the notice.",
    noPrefix: true,
  }),
  flag({
    name: "skip_specials",
    help:
      "Skip named pipes, sockets and device files quietly.\n\n" +
      "Such files are never transferred; normally each one skipped is reported. This flag silences the report.",
    noPrefix: true,
  }),
  flag({
    name: "zero_size_links",
    help:
      "Treat the size reported by stat for a link as zero and read the link instead (deprecated).\n\n" +
      "Link sizes are now always found by reading the link, because stat's value is wrong on Windows,\n" +
      "Android and some virtual file systems; the flag is kept so that old configurations still load.",
  }),
  flag({
    name: "unicode_normalization",
    help:
      "Normalise file names read from disk to Unicode NFC.\n\n" +
      "macOS hands out names in decomposed form (NFD), which some systems show badly (Korean, for example).\n" +
      "Names are otherwise passed on exactly as the file system gives them. Syncing already compares names\n" +
      "in normalised form, so this is rarely needed.",
  }),
  flag({
    name: "no_check_updated",
    help:
      "Do not check whether files change while they are being uploaded.\n\n" +
      "Normally the size and modification time of a file are checked while it is read, and the transfer fails\n" +
      'with an error starting "can\'t copy - source file is being updated" if either changes. Some file\n' +
      "systems (GlusterFS, for one) report times that make this check misfire; with this flag it is skipped.\n\n" +
      "Instead the size seen by the first stat is what is transferred and hashed, and the stat information is\n" +
      "not refreshed afterwards. A file that is only appended to (a log) is transferred as it was when first\n" +
      "seen; one rewritten throughout may then fail its hash check.\n\n" +
      "Do not use this on a Windows Volume Shadow Copy, whose listings and stat calls can disagree about sizes.",
  }),
  flag({
    name: "one_file_system",
    help: "Stay on the file system of the root: do not descend into directories that are mount points (Unix/macOS only).",
    noPrefix: true,
    shortOpt: "x",
  }),
  flag({
    name: "case_sensitive",
    help:
      "Report the file system as case sensitive.\n\n" +
      "By default it is reported as case insensitive on Windows and macOS and as case sensitive elsewhere;\n" +
      "this overrides that guess.",
  }),
  flag({
    name: "case_insensitive",
    help:
      "Report the file system as case insensitive.\n\n" +
      "By default it is reported as case insensitive on Windows and macOS and as case sensitive elsewhere;\n" +
      "this overrides that guess.",
  }),
  flag({
    name: "no_clone",
    help:
      "Never clone (reflink) files in server-side copies; always copy the data.\n\n" +
      "A clone shares the original's blocks until either is changed, which is fast and saves space, but gives\n" +
      "no redundancy. Cloning is only done on APFS on macOS, so on other systems this flag changes nothing.",
  }),
  flag({
    name: "no_preallocate",
    help:
      "Do not reserve disk space for files before writing them.\n\n" +
      "Reserving space keeps files unfragmented, but some virtual file system layers then report the reserved\n" +
      "size as the file's size, which makes size and checksum checks fail.",
  }),
  flag({
    name: "no_sparse",
    help:
      "Do not make sparse files for multi-thread downloads.\n\n" +
      "On Windows sparse files avoid a long pause while the OS zero-fills a large file, but they fragment the\n" +
      "disk and can be slow to use. Other systems do not need them.",
  }),
  flag({
    name: "no_set_modtime",
    help:
      "Do not set the modification time of files written.\n\n" +
      "Setting it fails when the account tclone runs as does not own the file, for example on a CIFS mount\n" +
      "owned by another user. With this flag times are left as the write made them.",
  }),
  flag({
    name: "metadata_restore_special_bits",
    help:
      "Also restore the setuid, setgid and sticky bits from the mode in metadata.\n\n" +
      "With --metadata the permission bits of the source's mode are applied, and these three bits dropped:\n" +
      "the source may not be trusted, and restoring them onto new content could plant a setuid program,\n" +
      "which matters most when running as root. Set this only when you trust the source, as when restoring\n" +
      "a system backup.",
  }),
  flag({
    name: "fatal_if_no_space",
    help:
      "Treat running out of disk space as a fatal error.\n\n" +
      "An ENOSPC while writing then stops the whole run instead of being retried, so that scripts fail\n" +
      "loudly on a full disk.",
  }),
  {
    name: "time_type",
    help:
      "Which time of a file to report as its modification time.\n\n" +
      "Everything normally works with the modification time (mtime). This makes listings show another\n" +
      'time instead, e.g. "tclone lsl --local-time-type ctime" lists change times. Where the OS cannot give\n' +
      "the time asked for, the modification time is used.\n\n" +
      "- mtime: every OS\n" +
      "- atime: every OS except plan9 and js\n" +
      "- btime: only Windows, macOS, FreeBSD and NetBSD\n" +
      "- ctime: every OS except Windows, plan9 and js\n\n" +
      "Setting a time still sets the modification time, so this only changes what is read.",
    type: "string",
    default: "mtime",
    advanced: true,
    exclusive: true,
    examples: [
      { value: "mtime", help: "The last modification time." },
      { value: "atime", help: "The last access time." },
      { value: "btime", help: "The creation (birth) time." },
      { value: "ctime", help: "The last status change time." },
    ],
  },
  {
    name: "hashes",
    help: "Comma separated list of the hash types to offer (default: all of them).",
    type: "commaList",
    default: [],
    advanced: true,
  },
  {
    name: "encoding",
    help: "How file names are encoded on disk.\n\nSee the encoding section of the overview documentation.",
    type: "encoding",
    default: defaultLocalEncoding(),
    advanced: true,
  },
];

/** The options as the implementation reads them. */
export interface LocalOptions {
  noUnc: boolean;
  followSymlinks: boolean;
  translateSymlinks: boolean;
  skipSymlinks: boolean;
  skipSpecials: boolean;
  zeroSizeLinks: boolean;
  utfNorm: boolean;
  noCheckUpdated: boolean;
  oneFileSystem: boolean;
  caseSensitive: boolean;
  caseInsensitive: boolean;
  noClone: boolean;
  noPreallocate: boolean;
  noSparse: boolean;
  noSetModTime: boolean;
  metadataRestoreSpecialBits: boolean;
  fatalIfNoSpace: boolean;
  timeType: TimeType;
  hashes: string[];
  encoding: number;
}

/** Reads parsed option values into LocalOptions. */
export function toLocalOptions(v: OptionValues): LocalOptions {
  const timeType = v.str("time_type").toLowerCase();
  if (timeType !== "mtime" && timeType !== "atime" && timeType !== "btime" && timeType !== "ctime") {
    throw new FsError("config", `time_type: invalid choice "${v.str("time_type")}" from: mtime, atime, btime, ctime`);
  }
  return {
    noUnc: v.bool("nounc"),
    followSymlinks: v.bool("copy_links"),
    translateSymlinks: v.bool("links"),
    skipSymlinks: v.bool("skip_links"),
    skipSpecials: v.bool("skip_specials"),
    zeroSizeLinks: v.bool("zero_size_links"),
    utfNorm: v.bool("unicode_normalization"),
    noCheckUpdated: v.bool("no_check_updated"),
    oneFileSystem: v.bool("one_file_system"),
    caseSensitive: v.bool("case_sensitive"),
    caseInsensitive: v.bool("case_insensitive"),
    noClone: v.bool("no_clone"),
    noPreallocate: v.bool("no_preallocate"),
    noSparse: v.bool("no_sparse"),
    noSetModTime: v.bool("no_set_modtime"),
    metadataRestoreSpecialBits: v.bool("metadata_restore_special_bits"),
    fatalIfNoSpace: v.bool("fatal_if_no_space"),
    timeType,
    hashes: v.list("hashes"),
    encoding: v.encoding("encoding"),
  };
}
