/**
 * Go's time.Time.String() for the `--dump filters` age lines:
 * "2006-01-02 15:04:05.999999999 -0700 MST" in the local zone. Go also
 * appends a monotonic clock reading ("m=+0.001"); it means nothing outside
 * the Go process and is left out.
 */

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

// ICU has no call for the tzdata abbreviation Go prints; these locales between
// them know the common ones (EST, CET, IST, AEDT…).
const ZONE_LOCALES = ["en-US", "en-GB", "en-IN", "en-AU"];

function zoneName(d: Date, offsetMin: number): string {
  for (const locale of ZONE_LOCALES) {
    try {
      const part = new Intl.DateTimeFormat(locale, { timeZoneName: "short" }).formatToParts(d).find((p) => p.type === "timeZoneName");
      const name = part?.value ?? "";
      if (/^[A-Z]{2,5}$/.test(name)) return name;
    } catch {
      break; // no Intl zone data: use the numeric form
    }
  }
  if (offsetMin === 0) return "UTC";
  // tzdata writes zones without a letter abbreviation as "+01" or "+0530".
  const sign = offsetMin < 0 ? "-" : "+";
  const a = Math.abs(offsetMin);
  return sign + pad(Math.floor(a / 60)) + (a % 60 === 0 ? "" : pad(a % 60));
}

/** Formats nanoseconds since the epoch as Go's Time.String() does, in local time. */
export function formatGoTime(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  let frac = ns % 1_000_000_000n;
  if (frac < 0n) frac += 1_000_000_000n;
  const d = new Date(ms - (ms % 1000 < 0 ? 1000 + (ms % 1000) : ms % 1000));
  const offsetMin = -d.getTimezoneOffset();
  const sign = offsetMin < 0 ? "-" : "+";
  const a = Math.abs(offsetMin);
  const fracStr = frac === 0n ? "" : "." + frac.toString().padStart(9, "0").replace(/0+$/, "");
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${fracStr} ` +
    `${sign}${pad(Math.floor(a / 60))}${pad(a % 60)} ${zoneName(d, offsetMin)}`
  );
}
