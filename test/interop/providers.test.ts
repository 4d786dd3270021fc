/**
 * `config providers` against rclone's: the same JSON shape (keys, their
 * order, value types), and for every option both have, the same type,
 * defaults, flags and examples. Help texts are our own words, and tclone
 * follows rclone 1.76's option set, so those may differ.
 */
import { describe, expect, it } from "vitest";
import { RCLONE, RCLONE_MISSING, rclone, tclone, text } from "../helpers/run.js";

const skipNote = RCLONE ? "" : ` [SKIPPED: ${RCLONE_MISSING}]`;

type Json = Record<string, unknown>;
const shape = (o: Json): string[] => Object.keys(o).filter((k) => k !== "Examples");

describe.skipIf(!RCLONE)(`config providers${skipNote}`, () => {
  it("describes each backend as rclone does", async () => {
    const [r, t] = await Promise.all([rclone(["config", "providers"]), tclone(["config", "providers"])]);
    expect(t.status).toBe(0);
    const ours = JSON.parse(text(t.stdout)) as Json[];
    const theirs = new Map((JSON.parse(text(r.stdout)) as Json[]).map((b) => [b["Name"], b]));
    // Indented four spaces, no final newline, as Go's MarshalIndent prints.
    expect(text(t.stdout).endsWith("\n]")).toBe(true);
    expect(text(t.stdout).split("\n")[1]).toBe("    {");
    expect(ours.map((b) => b["Name"])).toEqual(["alias", "local"]);
    let compared = 0;
    for (const b of ours) {
      const rb = theirs.get(b["Name"])!;
      expect(Object.keys(b)).toEqual(Object.keys(rb));
      for (const k of ["Description", "Prefix", "Aliases", "Hide"]) expect(b[k], `${String(b["Name"])} ${k}`).toEqual(rb[k]);
      const rOpts = new Map((rb["Options"] as Json[]).map((o) => [o["Name"], o]));
      for (const o of b["Options"] as Json[]) {
        const ro = rOpts.get(o["Name"]);
        if (!ro) continue; // an option rclone 1.60 does not have yet
        // rclone 1.60 registers -l/--links on the local backend itself; tclone has it as a global flag.
        if (b["Name"] === "local" && o["Name"] === "links") continue;
        expect(shape(o), String(o["Name"])).toEqual(shape(ro));
        for (const k of ["Default", "DefaultStr", "Type", "Required", "IsPassword", "Advanced", "Exclusive", "Hide", "ShortOpt", "NoPrefix", "Provider"]) {
          expect(o[k], `${String(b["Name"])} ${String(o["Name"])} ${k}`).toEqual(ro[k]);
        }
        expect(((o["Examples"] as Json[] | undefined) ?? []).map((e) => e["Value"])).toEqual(((ro["Examples"] as Json[] | undefined) ?? []).map((e) => e["Value"]));
        compared++;
      }
      if (rb["MetadataInfo"]) expect(Object.keys((b["MetadataInfo"] as Json)["System"] as Json)).toEqual(Object.keys((rb["MetadataInfo"] as Json)["System"] as Json));
    }
    expect(compared).toBeGreaterThan(10);
  });
});
