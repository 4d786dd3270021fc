/**
 * The tokens of Go's reference layouts ("2006", "Jan", "Z07:00", ".000", …)
 * and how Go finds them in a layout string, shared by formatting and
 * parsing.
 */

/** A layout token, named by its reference text; fractions are "frac0" (keep zeros) and "frac9" (trim). */
export type Std =
  | "January" | "Jan" | "1" | "01" | "Monday" | "Mon" | "2" | "_2" | "02" | "__2" | "002"
  | "15" | "3" | "03" | "4" | "04" | "5" | "05" | "2006" | "06" | "PM" | "pm" | "MST"
  | "Z0700" | "Z070000" | "Z07" | "Z07:00" | "Z07:00:00"
  | "-0700" | "-070000" | "-07" | "-07:00" | "-07:00:00"
  | "frac0" | "frac9";

/** One step through a layout: literal text, then a token (if any), then the rest. */
export interface Chunk {
  /** Literal text before the token. */
  prefix: string;
  /** The token, or undefined at the end of the layout. */
  std?: Std;
  /** For fractions: digit count and separator. */
  digits?: number;
  sep?: string;
  /** The layout text of the token itself (for error messages). */
  text: string;
  /** The layout after the token. */
  rest: string;
}

const ZERO_X: Std[] = ["01", "02", "03", "04", "05", "06"];
const ZONES: Std[] = ["-070000", "-07:00:00", "-0700", "-07:00", "-07"];
const ISO_ZONES: Std[] = ["Z070000", "Z07:00:00", "Z0700", "Z07:00", "Z07"];

function isLowerAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x61 && c <= 0x7a;
}

/** True if s[i] exists and is an ASCII digit. */
export function isDigitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** Finds the first token in a layout, by Go's precedence rules. */
export function nextChunk(layout: string): Chunk {
  const found = (i: number, std: Std, len: number, extra?: Partial<Chunk>): Chunk => ({
    prefix: layout.slice(0, i),
    std,
    text: layout.slice(i, i + len),
    rest: layout.slice(i + len),
    ...extra,
  });
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i]!;
    const at = (s: string): boolean => layout.startsWith(s, i);
    switch (c) {
      case "J":
        if (at("January")) return found(i, "January", 7);
        if (at("Jan") && !isLowerAt(layout, i + 3)) return found(i, "Jan", 3);
        break;
      case "M":
        if (at("Monday")) return found(i, "Monday", 6);
        if (at("Mon") && !isLowerAt(layout, i + 3)) return found(i, "Mon", 3);
        if (at("MST")) return found(i, "MST", 3);
        break;
      case "0": {
        const d = layout.charCodeAt(i + 1);
        if (d >= 0x31 && d <= 0x36) return found(i, ZERO_X[d - 0x31]!, 2);
        if (at("002")) return found(i, "002", 3);
        break;
      }
      case "1":
        return at("15") ? found(i, "15", 2) : found(i, "1", 1);
      case "2":
        return at("2006") ? found(i, "2006", 4) : found(i, "2", 1);
      case "_":
        if (layout[i + 1] === "2") {
          // "_2006" is a literal underscore and then the year.
          if (layout.startsWith("2006", i + 1)) return { ...found(i + 1, "2006", 4), prefix: layout.slice(0, i + 1) };
          return found(i, "_2", 2);
        }
        if (at("__2")) return found(i, "__2", 3);
        break;
      case "3":
        return found(i, "3", 1);
      case "4":
        return found(i, "4", 1);
      case "5":
        return found(i, "5", 1);
      case "P":
        if (at("PM")) return found(i, "PM", 2);
        break;
      case "p":
        if (at("pm")) return found(i, "pm", 2);
        break;
      case "-":
        for (const z of ZONES) if (at(z)) return found(i, z, z.length);
        break;
      case "Z":
        for (const z of ISO_ZONES) if (at(z)) return found(i, z, z.length);
        break;
      case ".":
      case ",": {
        const d = layout[i + 1];
        if (d === "0" || d === "9") {
          let j = i + 1;
          while (j < layout.length && layout[j] === d) j++;
          if (!isDigitAt(layout, j)) {
            return found(i, d === "0" ? "frac0" : "frac9", j - i, { digits: j - i - 1, sep: c });
          }
        }
        break;
      }
    }
  }
  return { prefix: layout, text: "", rest: "" };
}


/** English day and month names, as Go prints them. */
export const LONG_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
export const LONG_MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];
