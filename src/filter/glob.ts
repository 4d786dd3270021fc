/**
 * rsync-style globs as regexps, with rclone's semantics (docs: filtering.md).
 *
 * The glob is first rewritten as Go regexp source, exactly as rclone writes
 * it (that text is what `--dump filters` shows and what rules are
 * de-duplicated by), and then compiled through the RE2 → JavaScript
 * translator, so `{{regexp}}` blocks keep Go's meaning.
 */
import { FsError } from "../fs/errors.js";
import { goQuote } from "../lib/goquote.js";
import { GoRegexp, Re2SyntaxError, Re2TranslateError } from "./re2/tojs.js";

export { GoRegexp } from "./re2/tojs.js";

const usage = (message: string): FsError => new FsError("usage", message);

/**
 * Rewrites a glob as Go regexp source.
 * pathMode: `*` stays within one path segment, `**` crosses them, `?` is not `/`,
 * and a leading `/` anchors at the root. addAnchors: wrap in ^…$ (path mode
 * anchors with `(^|/)` unless the glob starts with `/`).
 */
export function globToRegexpSource(glob: string, pathMode: boolean, addAnchors: boolean, ignoreCase: boolean): string {
  const original = glob;
  let re = ignoreCase ? "(?i)" : "";
  if (addAnchors) {
    if (!pathMode) re += "^";
    else if (glob.startsWith("/")) {
      glob = glob.slice(1);
      re += "^";
    } else re += "(^|/)";
  }
  let stars = 0;
  const flushStars = (): void => {
    if (stars === 0) return;
    if (stars === 1) re += pathMode ? "[^/]*" : ".*";
    else if (stars === 2 && pathMode) re += ".*";
    else throw usage(`too many stars in ${goQuote(original)}`);
    stars = 0;
  };
  let braceDepth = 0;
  let brackets = 0;
  let escaped = false;
  let inRegexp = false; // inside {{ … }}
  let regexpClosing = false; // just saw the }} that may end a {{ … }}
  let prev = "";
  for (const c of glob) {
    const last = prev;
    prev = c;
    if (escaped) {
      re += c;
      escaped = false;
      continue;
    }
    if (regexpClosing) {
      if (c === "}") {
        // More braces after }}: the block ends at the last }} of the run.
        re = re.slice(0, -1) + "})";
        continue;
      }
      regexpClosing = false;
    }
    if (inRegexp) {
      if (c === "}" && last === "}") {
        inRegexp = false;
        regexpClosing = true;
        re = re.slice(0, -1) + ")";
      } else re += c;
      continue;
    }
    if (c !== "*") flushStars();
    if (brackets > 0) {
      // Character classes are copied verbatim, counting nested [ ] as rclone does.
      re += c;
      if (c === "[") brackets++;
      else if (c === "]") brackets--;
      continue;
    }
    switch (c) {
      case "\\":
        re += c;
        escaped = true;
        break;
      case "*":
        stars++;
        break;
      case "?":
        re += pathMode ? "[^/]" : ".";
        break;
      case "[":
        re += c;
        brackets++;
        break;
      case "]":
        throw usage(`mismatched ']' in glob ${goQuote(original)}`);
      case "{":
        if (braceDepth > 0 && last === "{") {
          // "{{" opens a raw regexp; the "(" the first brace wrote wraps it.
          inRegexp = true;
          braceDepth--;
        } else {
          braceDepth++;
          re += "(";
        }
        break;
      case "}":
        if (braceDepth <= 0) throw usage(`mismatched '{' and '}' in glob ${goQuote(original)}`);
        re += ")";
        braceDepth--;
        break;
      case ",":
        re += braceDepth > 0 ? "|" : c;
        break;
      case ".":
      case "+":
      case "(":
      case ")":
      case "|":
      case "^":
      case "$":
        re += "\\" + c;
        break;
      default:
        re += c;
    }
  }
  flushStars();
  if (brackets > 0) throw usage(`mismatched '[' and ']' in glob ${goQuote(original)}`);
  if (braceDepth !== 0) throw usage(`mismatched '{' and '}' in glob ${goQuote(original)}`);
  if (inRegexp) throw usage(`mismatched '{{' and '}}' in glob ${goQuote(original)}`);
  if (addAnchors) re += "$";
  return re;
}

function compile(glob: string, source: string): GoRegexp {
  try {
    return GoRegexp.compile(source);
  } catch (err) {
    if (err instanceof Re2SyntaxError || err instanceof Re2TranslateError) {
      throw new FsError("usage", `bad glob pattern ${goQuote(glob)} (regexp ${goQuote(source)}): ${err.message}`, { cause: err });
    }
    throw err;
  }
}

/** A path glob as a regexp (rclone's GlobPathToRegexp). Throws FsError "usage" for a bad glob. */
export function globPathToRegexp(glob: string, ignoreCase: boolean): GoRegexp {
  return compile(glob, globToRegexpSource(glob, true, true, ignoreCase));
}

/**
 * A plain-string glob as a regexp (rclone's GlobStringToRegexp), used for
 * names that are not paths: `*` is `.*`, `?` is `.`, `**` is an error.
 * Without anchors it matches anywhere in the string.
 */
export function globStringToRegexp(glob: string, addAnchors: boolean, ignoreCase: boolean): GoRegexp {
  return compile(glob, globToRegexpSource(glob, false, addAnchors, ignoreCase));
}

// Braces holding / or **, a {{regexp}}, or nested braces: no way to tell which directories matter.
const TOO_HARD = /(\{[^{}]*(\*\*|\/)[^{}]*\})|\{\{|\}\}|\{[^{}]*\{/;

/** True if globToDirGlobs can only answer "every directory" for this glob. */
export function isDirGlobTooHard(glob: string): boolean {
  return TOO_HARD.test(glob);
}

/**
 * The directory globs (each ending in `/`) a file glob implies: a directory
 * matching none of them cannot hold a file the glob matches. `/**` means
 * every directory. The root `/` may be among them.
 */
export function globToDirGlobs(glob: string): string[] {
  if (isDirGlobTooHard(glob)) return ["/**"];
  let g = glob.replace(/\/{2,}/g, "/");
  const out: string[] = [];
  for (;;) {
    let cut = g.lastIndexOf("/");
    const star = g.lastIndexOf("**");
    let what = "";
    if (star > cut) {
      cut = star;
      what = "**";
    }
    if (cut < 0) {
      if (out.length === 0) out.push("/**");
      return out;
    }
    g = g.slice(0, cut);
    const dirGlob = g + what + "/";
    if (out[out.length - 1] !== dirGlob) out.push(dirGlob);
  }
}
