import { describe, expect, it } from "vitest";
import "../../../src/backends/index.js";
import { resolveRemote } from "../../../src/fs/newfs.js";

describe("resolveRemote: overridden options name the config as rclone does", () => {
  // rclone 1.60 -vv: `detected overridden config - adding "{x_ABl}" suffix to name`
  it("adds rclone's {hash} suffix for a connection string with options", () => {
    expect(resolveRemote(":local,case_insensitive=true:/etc/ssl", {}).name).toBe(":local{x_ABl}");
  });

  it("adds no suffix without overrides, and the same suffix for the same overrides", () => {
    expect(resolveRemote(":local:/etc/ssl", {}).name).toBe(":local");
    expect(resolveRemote(":local,case_insensitive=true:/tmp", {}).name).toBe(":local{x_ABl}");
    expect(resolveRemote(":local,case_insensitive=false:/tmp", {}).name).not.toBe(":local{x_ABl}");
  });
});
