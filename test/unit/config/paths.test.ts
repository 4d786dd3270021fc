import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  configPaths,
  fileStatus,
  findConfigFile,
  isInMemoryConfigPath,
  resolveConfigPath,
} from "../../../src/config/paths.js";
import { configFileText, configPathsText } from "../../../src/config/show.js";

let root: string;
let home: string;
let xdg: string;
let exe: string;

function put(path: string): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, "[a]\ntype = local\n\n");
  return path;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "tclone-paths-"));
  home = join(root, "home");
  xdg = join(root, "xdg");
  exe = join(root, "bin");
  mkdirSync(home);
  mkdirSync(exe);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("config file search order", () => {
  it("prefers rclone.conf next to the executable", () => {
    const portable = put(join(exe, "rclone.conf"));
    put(join(xdg, "rclone", "rclone.conf"));
    expect(findConfigFile({ env: { HOME: home, XDG_CONFIG_HOME: xdg }, exeDir: exe, platform: "linux" })).toBe(portable);
  });

  it("then $XDG_CONFIG_HOME/rclone/rclone.conf", () => {
    const x = put(join(xdg, "rclone", "rclone.conf"));
    put(join(home, ".config", "rclone", "rclone.conf"));
    expect(findConfigFile({ env: { HOME: home, XDG_CONFIG_HOME: xdg }, exeDir: exe, platform: "linux" })).toBe(x);
  });

  it("then ~/.config/rclone/rclone.conf", () => {
    const dot = put(join(home, ".config", "rclone", "rclone.conf"));
    put(join(home, ".rclone.conf"));
    expect(findConfigFile({ env: { HOME: home, XDG_CONFIG_HOME: xdg }, platform: "linux" })).toBe(dot);
  });

  it("then the legacy ~/.rclone.conf", () => {
    const legacy = put(join(home, ".rclone.conf"));
    expect(findConfigFile({ env: { HOME: home, XDG_CONFIG_HOME: xdg }, platform: "linux" })).toBe(legacy);
  });

  it("with nothing found, uses $XDG_CONFIG_HOME/rclone and creates that directory", () => {
    const p = findConfigFile({ env: { HOME: home, XDG_CONFIG_HOME: xdg }, platform: "linux" });
    expect(p).toBe(join(xdg, "rclone", "rclone.conf"));
    expect(statSync(join(xdg, "rclone")).isDirectory()).toBe(true);
  });

  it("with nothing found and no XDG, uses ~/.config/rclone", () => {
    const p = findConfigFile({ env: { HOME: home }, platform: "linux" });
    expect(p).toBe(join(home, ".config", "rclone", "rclone.conf"));
    expect(statSync(join(home, ".config", "rclone")).isDirectory()).toBe(true);
  });

  it("does not create the directory when a config path was supplied", () => {
    const p = findConfigFile({ env: { HOME: home, XDG_CONFIG_HOME: xdg }, platform: "linux", configSupplied: true });
    expect(p).toBe(join(xdg, "rclone", "rclone.conf"));
    expect(() => statSync(join(xdg, "rclone"))).toThrow();
  });

  it("falls back to ~/.rclone.conf when the directory can't be made", () => {
    writeFileSync(xdg, "not a directory");
    expect(findConfigFile({ env: { HOME: home, XDG_CONFIG_HOME: xdg }, platform: "linux" })).toBe(join(home, ".rclone.conf"));
  });

  it("with no home and no XDG, uses .rclone.conf in the current directory", () => {
    expect(findConfigFile({ env: {}, platform: "linux" })).toBe(".rclone.conf");
  });

  it("on Windows looks in %APPDATA%/rclone first and makes it the default", () => {
    const appdata = join(root, "appdata");
    const p = findConfigFile({ env: { HOME: home, APPDATA: appdata, XDG_CONFIG_HOME: xdg }, platform: "win32" });
    expect(p).toBe(join(appdata, "rclone", "rclone.conf"));
    const found = put(join(xdg, "rclone", "rclone.conf"));
    // An existing XDG file is still found on Windows when APPDATA has none.
    rmSync(join(appdata, "rclone"), { recursive: true });
    expect(findConfigFile({ env: { HOME: home, APPDATA: appdata, XDG_CONFIG_HOME: xdg }, platform: "win32" })).toBe(found);
  });
});

describe("--config and RCLONE_CONFIG", () => {
  it("take a given path over the search, made absolute, --config winning", () => {
    put(join(home, ".rclone.conf"));
    const env = { HOME: home, RCLONE_CONFIG: "/from/env.conf" };
    expect(resolveConfigPath("rel/my.conf", { env })).toBe(resolve("rel/my.conf"));
    expect(resolveConfigPath(undefined, { env })).toBe("/from/env.conf");
    expect(resolveConfigPath(undefined, { env: { HOME: home } })).toBe(join(home, ".rclone.conf"));
  });

  it("mean in-memory for \"\", /dev/null and any …/notfound, including an empty RCLONE_CONFIG", () => {
    for (const p of ["", "/dev/null", "/some/dir/notfound", "notfound"]) {
      expect(isInMemoryConfigPath(p, "linux")).toBe(true);
      expect(resolveConfigPath(p, { env: { HOME: home } })).toBe("");
    }
    expect(isInMemoryConfigPath("NUL", "win32")).toBe(true);
    expect(isInMemoryConfigPath("/tmp/rclone.conf", "linux")).toBe(false);
    expect(resolveConfigPath(undefined, { env: { HOME: home, RCLONE_CONFIG: "" } })).toBe("");
  });
});

describe("config paths / config file", () => {
  it("reports the cache dir from XDG_CACHE_HOME or ~/.cache, and the temp dir from TMPDIR", () => {
    expect(configPaths({ configFile: "/c/rclone.conf", env: { HOME: home }, platform: "linux" })).toEqual({
      configFile: "/c/rclone.conf",
      cacheDir: join(home, ".cache", "rclone"),
      tempDir: "/tmp",
    });
    const p = configPaths({ configFile: "", env: { HOME: home, XDG_CACHE_HOME: "/xc", TMPDIR: "/tt" }, platform: "linux" });
    expect(p.cacheDir).toBe("/xc/rclone");
    expect(p.tempDir).toBe("/tt");
    expect(configPaths({ configFile: "", cacheDir: "cd", tempDir: "td", env: {}, platform: "linux" })).toEqual({
      configFile: "",
      cacheDir: resolve("cd"),
      tempDir: resolve("td"),
    });
    // Without any home the cache goes under the temp dir.
    expect(configPaths({ configFile: "", env: { TMPDIR: "/tt" }, platform: "linux" }).cacheDir).toBe("/tt/rclone");
  });

  it("prints the paths and the file's status in rclone's words", () => {
    expect(configPathsText({ configFile: "/c/r.conf", cacheDir: "/h/.cache/rclone", tempDir: "/tmp" })).toBe(
      "Config file: /c/r.conf\nCache dir:   /h/.cache/rclone\nTemp dir:    /tmp\n",
    );
    const there = put(join(home, "x.conf"));
    expect(configFileText(fileStatus(there))).toBe(`Configuration file is stored at:\n${there}\n`);
    expect(configFileText(fileStatus(join(home, "none.conf")))).toBe(
      `Configuration file doesn't exist, but rclone will use this path:\n${join(home, "none.conf")}\n`,
    );
    expect(configFileText(fileStatus(""))).toBe("Configuration is in memory only\n");
  });
});
