/**
 * MIME types from file names, as rclone reports them (lsjson's MimeType,
 * the Content-Type of uploads): Go's mime.TypeByExtension, which starts from
 * a small built-in table and adds the system's database on Unix, then
 * rclone's own fallbacks for a few audio/video types, then the types its
 * Drive backend registers at start-up.
 *
 * Go reads the freedesktop database (/usr/local/share/mime/globs2, then
 * /usr/share/mime/globs2; the first that opens is the only one read, in
 * file order, first entry per extension wins, built-ins win over it). Only
 * without any globs2 does it read the mime.types files instead, where later
 * entries override earlier ones and the built-ins too. Text types get
 * "; charset=utf-8". Lookups try the extension as given, then lower-cased.
 */

import { readFileSync } from "node:fs";

/** What rclone reports for a name with no known type. */
export const MIME_DEFAULT = "application/octet-stream";
/** What rclone reports for directories. */
export const MIME_DIRECTORY = "inode/directory";

const BUILTIN: ReadonlyArray<readonly [string, string]> = [
  [".avif", "image/avif"],
  [".css", "text/css; charset=utf-8"],
  [".gif", "image/gif"],
  [".htm", "text/html; charset=utf-8"],
  [".html", "text/html; charset=utf-8"],
  [".jpeg", "image/jpeg"],
  [".jpg", "image/jpeg"],
  [".js", "text/javascript; charset=utf-8"],
  [".json", "application/json"],
  [".mjs", "text/javascript; charset=utf-8"],
  [".pdf", "application/pdf"],
  [".png", "image/png"],
  [".svg", "image/svg+xml"],
  [".wasm", "application/wasm"],
  [".webp", "image/webp"],
  [".xml", "text/xml; charset=utf-8"],
];

/** rclone's fallbacks (fs/mimetype.go), added only where nothing else is known. */
const RCLONE_EXTRAS: ReadonlyArray<readonly [string, string]> = [
  ["audio/flac", ".flac"],
  ["audio/mpeg", ".mpga,.mpega,.mp2,.mp3,.m4a"],
  ["audio/ogg", ".oga,.ogg,.opus,.spx"],
  ["audio/x-wav", ".wav"],
  ["image/tiff", ".tiff,.tif"],
  ["video/dv", ".dif,.dv"],
  ["video/fli", ".fli"],
  ["video/mpeg", ".mpeg,.mpg,.mpe"],
  ["video/MP2T", ".ts"],
  ["video/mp4", ".mp4"],
  ["video/quicktime", ".qt,.mov"],
  ["video/ogg", ".ogv"],
  ["video/webm", ".webm"],
  ["video/x-msvideo", ".avi"],
  ["video/x-matroska", ".mpv,.mkv"],
  ["application/x-subrip", ".srt"],
];

/**
 * Types rclone's Google Drive backend registers unconditionally when the
 * program starts (its export formats). Being global to Go's mime package,
 * they change what every backend reports. Later entries override earlier.
 */
const DRIVE_REGISTRATIONS: ReadonlyArray<readonly [string, string]> = [
  // Duplicates first, so that the main table overrides them.
  [".odp", "application/x-vnd.oasis.opendocument.presentation"],
  [".ods", "application/x-vnd.oasis.opendocument.spreadsheet"],
  [".odt", "application/x-vnd.oasis.opendocument.text"],
  [".jpg", "image/jpg"],
  [".bmp", "image/x-bmp"],
  [".png", "image/x-png"],
  [".rtf", "text/rtf"],
  [".epub", "application/epub+zip"],
  [".json", "application/json"],
  [".doc", "application/msword"],
  [".pdf", "application/pdf"],
  [".rtf", "application/rtf"],
  [".xls", "application/vnd.ms-excel"],
  [".odp", "application/vnd.oasis.opendocument.presentation"],
  [".ods", "application/vnd.oasis.opendocument.spreadsheet"],
  [".odt", "application/vnd.oasis.opendocument.text"],
  [".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"],
  [".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  [".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  [".wmf", "application/x-msmetafile"],
  [".zip", "application/zip"],
  [".bmp", "image/bmp"],
  [".jpg", "image/jpeg"],
  [".pjpeg", "image/pjpeg"],
  [".png", "image/png"],
  [".svg", "image/svg+xml"],
  [".csv", "text/csv"],
  [".html", "text/html"],
  [".txt", "text/plain"],
  [".tsv", "text/tab-separated-values"],
  [".md", "text/markdown"],
  [".desktop", "application/x-link-desktop"],
  [".link.html", "application/x-link-html"],
  [".url", "application/x-link-url"],
  [".webloc", "application/x-link-webloc"],
];

/** Where Go looks on Unix, in order. */
export const SYSTEM_MIME_SOURCES = {
  globs: ["/usr/local/share/mime/globs2", "/usr/share/mime/globs2"],
  typeFiles: ["/etc/mime.types", "/etc/apache2/mime.types", "/etc/apache/mime.types", "/etc/httpd/conf/mime.types"],
} as const;

/** Go's strings.ToLower: per-character simple lower-casing (U+0130 becomes plain "i"). */
function goLower(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) ascii = false;
  if (ascii) return s.toLowerCase();
  let out = "";
  for (const ch of s) {
    const l = ch.toLowerCase();
    out += l.length > ch.length ? String.fromCodePoint(l.codePointAt(0)!) : l;
  }
  return out;
}

const TSPECIALS = '()<>@,;:\\"/[]?=';

function isToken(s: string): boolean {
  if (s === "") return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || TSPECIALS.includes(s[i]!)) return false;
  }
  return true;
}

/**
 * The type as Go's setExtensionType stores it, or undefined if Go's
 * ParseMediaType rejects it: text types without a charset get
 * "; charset=utf-8" and are re-formatted (lower-cased) on the way.
 */
function normaliseType(mimeType: string): string | undefined {
  const semi = mimeType.indexOf(";");
  const base = goLower((semi < 0 ? mimeType : mimeType.slice(0, semi)).trim());
  const slash = base.indexOf("/");
  if (slash < 0 ? !isToken(base) : !isToken(base.slice(0, slash)) || !isToken(base.slice(slash + 1))) return undefined;
  const params = semi < 0 ? "" : mimeType.slice(semi + 1);
  const hasCharset = /(^|;)\s*charset\s*=\s*[^;\s]/i.test(params);
  if (!mimeType.startsWith("text/") || hasCharset) return mimeType;
  // Go formats the whole original string as the type: any other parameter makes it invalid.
  if (semi >= 0) return "";
  const cut = mimeType.indexOf("/");
  const major = mimeType.slice(0, cut);
  const sub = mimeType.slice(cut + 1);
  if (!isToken(major) || !isToken(sub)) return "";
  return `${goLower(major)}/${goLower(sub)}; charset=utf-8`;
}

/** A lookup table built the way Go's mime package builds its own. */
export class MimeTable {
  private readonly exact = new Map<string, string>();
  private readonly lower = new Map<string, string>();

  private constructor() {
    for (const [ext, t] of BUILTIN) {
      this.exact.set(ext, t);
      this.lower.set(ext, t);
    }
  }

  /**
   * Builds the table from the given sources (default: where Go looks on
   * Unix), then adds rclone's fallbacks and its Drive backend's types.
   */
  static load(sources: { globs: readonly string[]; typeFiles: readonly string[] } = SYSTEM_MIME_SOURCES): MimeTable {
    const t = new MimeTable();
    if (!sources.globs.some((f) => t.loadGlobs(f))) for (const f of sources.typeFiles) t.loadTypesFile(f);
    for (const [type, exts] of RCLONE_EXTRAS) {
      for (const ext of exts.split(",")) if (t.typeByExtension(ext) === "") t.set(ext, type);
    }
    for (const [ext, type] of DRIVE_REGISTRATIONS) t.set(ext, type);
    return t;
  }

  private set(ext: string, mimeType: string): void {
    const stored = normaliseType(mimeType);
    if (stored === undefined) return;
    this.exact.set(ext, stored);
    this.lower.set(goLower(ext), stored);
  }

  /** Reads a freedesktop globs2 file; false if it cannot be opened. */
  private loadGlobs(file: string): boolean {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return false;
    }
    for (const line of text.split("\n")) {
      // weight:type:glob[:flags…]; only plain "*.ext" globs are used.
      const fields = line.replace(/\r$/, "").split(":");
      const glob = fields[2];
      if (fields.length < 3 || fields[0] === "" || glob === undefined || glob.length < 3) continue;
      if (fields[0]![0] === "#" || !glob.startsWith("*.")) continue;
      const ext = glob.slice(1);
      if (/[?*[]/.test(ext)) continue;
      if (this.exact.has(ext)) continue; // weight order: the first entry wins
      this.set(ext, fields[1]!);
    }
    return true;
  }

  /** Reads an Apache-style mime.types file, if it exists. */
  private loadTypesFile(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return;
    }
    for (const line of text.split("\n")) {
      const fields = line.split(/[ \t\r\v\f]+/).filter((f) => f !== "");
      if (fields.length <= 1 || fields[0]![0] === "#") continue;
      for (const ext of fields.slice(1)) {
        if (ext[0] === "#") break;
        this.set("." + ext, fields[0]!);
      }
    }
  }

  /** Go's mime.TypeByExtension: "" when the extension is unknown. */
  typeByExtension(ext: string): string {
    return this.exact.get(ext) ?? this.lower.get(goLower(ext)) ?? "";
  }
}

let systemTable: MimeTable | undefined;

/** The table from the system's files, read once on first use. */
export function systemMimeTable(): MimeTable {
  systemTable ??= MimeTable.load();
  return systemTable;
}

/** Go's path.Ext: from the last "." in the last path element, or "". */
export function pathExt(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== "/"; i--) if (p[i] === ".") return p.slice(i);
  return "";
}

/** Go's mime.TypeByExtension with rclone's additions ("" if unknown). */
export function mimeTypeByExtension(ext: string): string {
  return systemMimeTable().typeByExtension(ext);
}

/**
 * The MIME type rclone reports for an object of this name (path allowed):
 * by extension, else application/octet-stream.
 */
export function mimeTypeByName(name: string): string {
  const t = systemMimeTable().typeByExtension(pathExt(name));
  return t.includes("/") ? t : MIME_DEFAULT;
}
