/**
 * The rclone.conf INI dialect, read and written the way goconfig v1.0.0
 * (the library rclone pins) does, quirks included, so that a file passes
 * between rclone and tclone unchanged:
 *
 * - keys before any section belong to "DEFAULT", which is written back
 *   without a header; comments are kept and re-emitted before the section
 *   or key that follows them (comments at the very end are dropped);
 * - a key/value splits at the first `=` or `:`; keys may be quoted with
 *   `` ` ``, `"` or `"""`; values only with `` ` `` or `"""`;
 * - on writing, keys holding `=`/`:` are quoted, values holding a backtick
 *   are quoted (with `"` — which the reader then keeps: a goconfig bug we
 *   reproduce rather than fix, so that both tools read the same value);
 * - empty values are stored (`key = `); a section may have no keys;
 * - reads resolve `a.b` → `a` for missing keys and expand `%(name)s`.
 */
import { FsError } from "../fs/errors.js";
import { goTrimLeft, goTrimRight, goTrimSpace } from "./gostr.js";

/** The section holding keys that come before any `[section]` line. */
export const DEFAULT_SECTION = "DEFAULT";

// goconfig marks a section that was declared by a `[name]` line with this key so that it exists even when empty.
const KEEPER = " ";
// goconfig substitutes at most this many `%(name)s` references per read.
const MAX_SUBSTITUTIONS = 200;
// Total substitutions per read, across nested references, before giving up on a reference cycle.
const SUBSTITUTION_BUDGET = 10_000;
const VAR_PATTERN = /%\(([^)]+)\)s/;

const norm = (section: string): string => (section === "" ? DEFAULT_SECTION : section);

/** An order- and comment-preserving rclone.conf. */
export class IniFile {
  private readonly data = new Map<string, Map<string, string>>();
  private readonly sectionComments = new Map<string, string>();
  // Kept apart from data: goconfig does not clear key comments when a section is deleted.
  private readonly keyComments = new Map<string, Map<string, string>>();

  /** Parses INI text (BOM and CRLF accepted); throws FsError("config") on a bad line. */
  static parse(text: string): IniFile {
    const ini = new IniFile();
    const body = text.startsWith("\ufeff") ? text.slice(1) : text;
    const lines = body.split("\n");
    let section = DEFAULT_SECTION;
    let comments = "";
    let autoKey = 1;
    for (let n = 0; n < lines.length; n++) {
      const line = goTrimSpace(lines[n]!);
      if (line === "") continue;
      const first = line[0];
      if (first === "#" || first === ";") {
        comments = comments === "" ? line : comments + "\n" + line;
        continue;
      }
      if (first === "[" && line.endsWith("]") && line.length >= 2) {
        section = goTrimSpace(line.slice(1, -1));
        if (comments !== "") {
          ini.setSectionComments(section, comments);
          comments = "";
        }
        ini.setValue(section, KEEPER, KEEPER);
        autoKey = 1;
        continue;
      }
      if (section === "") throw new FsError("config", "empty section name not allowed");
      const kv = splitKeyValue(line);
      // rclone quotes the whole line here; it may be a password missing its "=", so we give the reason instead.
      if (typeof kv === "string") throw new FsError("config", `could not parse line ${n + 1}: ${kv}`);
      let key = kv.key;
      if (key === "-") key = "#" + autoKey++;
      ini.setValue(section, key, kv.value);
      if (comments !== "") {
        ini.setKeyComments(section, key, comments);
        comments = "";
      }
    }
    return ini;
  }

  /**
   * Writes the file: sections in order, `key = value`, one blank line after
   * every section. `lineBreak` is "\n" (rclone uses "\r\n" on Windows).
   */
  serialize(lineBreak = "\n"): string {
    let out = "";
    for (const [section, keys] of this.data) {
      const sc = this.sectionComments.get(section);
      if (sc !== undefined && sc !== "") out += sc.replace(/\n/g, lineBreak) + lineBreak;
      if (section !== DEFAULT_SECTION) out += "[" + section + "]" + lineBreak;
      for (const [key, value] of keys) {
        if (key === KEEPER) continue;
        const kc = this.keyComments.get(section)?.get(key);
        if (kc !== undefined && kc !== "") out += kc.replace(/\n/g, lineBreak) + lineBreak;
        out += quoteKey(key) + " = " + quoteValue(value) + lineBreak;
      }
      out += lineBreak;
    }
    return out;
  }

  /** Section names in file order (including DEFAULT if it has been used). */
  sections(): string[] {
    return [...this.data.keys()];
  }

  hasSection(section: string): boolean {
    return this.data.has(norm(section));
  }

  /** Keys of a section in file order; [] if the section does not exist. */
  keys(section: string): string[] {
    const s = this.data.get(norm(section));
    return s ? [...s.keys()].filter((k) => k !== KEEPER) : [];
  }

  /** The stored value, with no fallback or substitution. */
  getRaw(section: string, key: string): string | undefined {
    return this.data.get(norm(section))?.get(key);
  }

  /**
   * goconfig's GetValue: a key missing from section `a.b` is looked up in
   * `a`; `%(name)s` is replaced by key `name` of DEFAULT (else of the same
   * section, else nothing). Undefined if the section or key is missing.
   */
  getValue(section: string, key: string): string | undefined {
    return this.lookup(section, key, { left: SUBSTITUTION_BUDGET, depth: 0 });
  }

  private lookup(section: string, key: string, budget: { left: number; depth: number }): string | undefined {
    const sec = norm(section);
    const values = this.data.get(sec);
    if (!values) return undefined;
    let value = values.get(key);
    if (value === undefined) {
      const dot = sec.lastIndexOf(".");
      return dot >= 0 ? this.lookup(sec.slice(0, dot), key, budget) : undefined;
    }
    for (let i = 0; i < MAX_SUBSTITUTIONS; i++) {
      const m = VAR_PATTERN.exec(value);
      if (!m) break;
      // A self-referencing DEFAULT value would recurse without end (goconfig overflows its stack); stop expanding instead.
      if (budget.left-- <= 0 || budget.depth >= MAX_SUBSTITUTIONS) break;
      const ref = m[0];
      // goconfig strips with cut-sets, not prefixes: "%(pass)s" names "pa". Reproduced on purpose.
      const name = goTrimRight(goTrimLeft(ref, "%("), ")s");
      budget.depth++;
      let sub = this.lookup(DEFAULT_SECTION, name, budget);
      budget.depth--;
      if (sub === undefined) sub = sec !== DEFAULT_SECTION ? (values.get(name) ?? "") : "";
      value = value.split(ref).join(sub);
    }
    return value;
  }

  /**
   * Stores a value (an empty value is stored, as rclone does). Creates the
   * section if needed; an existing key keeps its place. Returns false for
   * an empty key, which goconfig refuses.
   */
  setValue(section: string, key: string, value: string): boolean {
    if (key === "") return false;
    const sec = norm(section);
    let s = this.data.get(sec);
    if (!s) this.data.set(sec, (s = new Map()));
    s.set(key, value);
    return true;
  }

  /** Makes sure a section exists, as a `[name]` line does. */
  addSection(section: string): void {
    const sec = norm(section);
    if (!this.data.has(sec)) this.data.set(sec, new Map());
  }

  /** Removes a key and its comments; false if it was not there. */
  deleteKey(section: string, key: string): boolean {
    const sec = norm(section);
    const s = this.data.get(sec);
    if (!s || !s.has(key)) return false;
    s.delete(key);
    this.keyComments.get(sec)?.delete(key);
    return true;
  }

  /** Removes a section and its comments; false if it was not there. */
  deleteSection(section: string): boolean {
    const sec = norm(section);
    if (!this.data.delete(sec)) return false;
    this.sectionComments.delete(sec);
    return true;
  }

  /** Comment lines written before a section's header ("" if none). */
  getSectionComments(section: string): string {
    return this.sectionComments.get(norm(section)) ?? "";
  }

  /** Sets a section's comments; lines not starting with # or ; get "; ". "" removes them. */
  setSectionComments(section: string, comments: string): void {
    const sec = norm(section);
    if (comments === "") this.sectionComments.delete(sec);
    else this.sectionComments.set(sec, commentText(comments));
  }

  /** Comment lines written before a key ("" if none). */
  getKeyComments(section: string, key: string): string {
    return this.keyComments.get(norm(section))?.get(key) ?? "";
  }

  /** Sets a key's comments; "" removes them. */
  setKeyComments(section: string, key: string, comments: string): void {
    const sec = norm(section);
    let m = this.keyComments.get(sec);
    if (comments === "") {
      m?.delete(key);
      return;
    }
    if (!m) this.keyComments.set(sec, (m = new Map()));
    m.set(key, commentText(comments));
  }
}

function commentText(c: string): string {
  return c[0] === "#" || c[0] === ";" ? c : "; " + c;
}

function quoteKey(key: string): string {
  // Auto-increment keys ("#1", "#2", …) came from "-" lines and go back as "-".
  if (key[0] === "#") return "-";
  if (!key.includes("=") && !key.includes(":")) return key;
  if (!key.includes("`")) return "`" + key + "`";
  return key.includes('"') ? '"""' + key + '"""' : '"' + key + '"';
}

function quoteValue(value: string): string {
  if (!value.includes("`")) return value;
  return value.includes('"') ? '"""' + value + '"""' : '"' + value + '"';
}

/** Splits a trimmed key line; a string says why goconfig would reject it. */
function splitKeyValue(line: string): { key: string; value: string } | string {
  let keyQuote = "";
  if (line[0] === '"') keyQuote = line.length >= 6 && line.startsWith('"""') ? '"""' : '"';
  else if (line[0] === "`") keyQuote = "`";
  let key: string;
  let sep: number;
  if (keyQuote !== "") {
    const q = keyQuote.length;
    const close = line.indexOf(keyQuote, q);
    if (close < 0) return "unterminated quoted key";
    const rel = indexAny(line.slice(close), "=:");
    if (rel <= 0) return 'no "=" or ":" after the quoted key';
    sep = close + rel;
    // Quoted keys keep their inner spaces.
    key = line.slice(q, close);
  } else {
    sep = indexAny(line, "=:");
    if (sep < 0) return 'no "=" or ":"';
    if (sep === 0) return "empty key";
    key = goTrimSpace(line.slice(0, sep));
  }
  const right = goTrimSpace(line.slice(sep + 1));
  let valQuote = "";
  if (right.length >= 2 && right[0] === "`") valQuote = "`";
  else if (right.length >= 6 && right.startsWith('"""')) valQuote = '"""';
  if (valQuote === "") return { key, value: right };
  const q = valQuote.length;
  const close = right.slice(q).lastIndexOf(valQuote);
  if (close < 0) return "unterminated quoted value";
  return { key, value: right.slice(q, q + close) };
}

function indexAny(s: string, chars: string): number {
  for (let i = 0; i < s.length; i++) if (chars.includes(s[i]!)) return i;
  return -1;
}
