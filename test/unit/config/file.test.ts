import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isKind } from "../../../src/fs/errors.js";
import { ConfigFile } from "../../../src/config/file.js";
import { getConfigStore, resolveRemote, setConfigStore, setConfigStoreLoader } from "../../../src/fs/newfs.js";
import { registerBackend } from "../../../src/fs/registry.js";
import { configKeyFromPassword, decryptConfig, encryptConfig, ENCRYPTED_HEADER } from "../../../src/config/crypt.js";
import { captureLog, tempDir } from "./helpers.js";

let dir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

const PLAIN = "[one]\ntype = local\nfruit = potato\n\n[two]\ntype = s3\n\n";

async function load(path: string, env: NodeJS.ProcessEnv = {}) {
  const { log, lines } = captureLog();
  const cf = await ConfigFile.load({ path, env, log, askPassword: false, lowLevelRetries: 0 });
  return { cf, lines };
}

describe("ConfigFile: loading", () => {
  it("reads sections, keys and values of a plain file", async () => {
    const p = join(dir, "rclone.conf");
    writeFileSync(p, PLAIN);
    const { cf } = await load(p);
    expect(cf.path).toBe(p);
    expect(cf.sections()).toEqual(["one", "two"]);
    expect(cf.keys("one")).toEqual(["type", "fruit"]);
    expect(cf.get("one", "fruit")).toBe("potato");
    expect(cf.hasSection("two")).toBe(true);
    expect(cf.isEncrypted()).toBe(false);
  });

  it("treats a missing file as empty, with rclone's notice, and sets RCLONE_CONFIG_DIR", async () => {
    const p = join(dir, "sub", "rclone.conf");
    const env: NodeJS.ProcessEnv = {};
    const { cf, lines } = await load(p, env);
    expect(cf.sections()).toEqual([]);
    expect(lines.join("")).toContain(`NOTICE: Config file "${p}" not found - using defaults`);
    expect(env.RCLONE_CONFIG_DIR).toBe(join(dir, "sub"));
  });

  it("keeps an in-memory config off the disk", async () => {
    const env: NodeJS.ProcessEnv = {};
    const { cf } = await load("/dev/null", env);
    expect(cf.path).toBe("");
    expect(env.RCLONE_CONFIG_DIR).toBe(".");
    cf.set("mem", "type", "local");
    expect(cf.get("mem", "type")).toBe("local");
  });

  it("reports a malformed file with the path, as a config error", async () => {
    const p = join(dir, "bad.conf");
    writeFileSync(p, "[a]\nnot a key line\n");
    let caught: unknown;
    try {
      await load(p);
    } catch (err) {
      caught = err;
    }
    expect(isKind(caught, "config")).toBe(true);
    expect((caught as Error).message).toMatch(new RegExp(`^Failed to load config file "${p}": could not parse line 2`));
  });

  it("reloads when another process changes the file", async () => {
    const p = join(dir, "rclone.conf");
    writeFileSync(p, PLAIN);
    const { cf } = await load(p);
    expect(cf.get("one", "fruit")).toBe("potato");
    writeFileSync(p, "[one]\ntype = local\nfruit = banana split\n\n");
    expect(cf.get("one", "fruit")).toBe("banana split");
    expect(cf.sections()).toEqual(["one"]);
  });

  it("keeps the previous config when the changed file can't be read", async () => {
    const p = join(dir, "rclone.conf");
    writeFileSync(p, PLAIN);
    const { cf, lines } = await load(p);
    writeFileSync(p, "[one]\nbroken line here\n");
    expect(cf.get("one", "fruit")).toBe("potato");
    expect(lines.join("")).toContain("Failed to read config file - using previous config");
  });
});

describe("ConfigFile: saving", () => {
  it("creates a new file 0600 and persists set(); an empty value deletes the key", async () => {
    const p = join(dir, "new", "rclone.conf");
    const { cf } = await load(p);
    cf.set("r", "type", "local");
    cf.set("r", "nounc", "true");
    expect(statSync(p).mode & 0o777).toBe(0o600);
    expect(readFileSync(p, "utf8")).toBe("[r]\ntype = local\nnounc = true\n\n");
    cf.set("r", "nounc", "");
    expect(readFileSync(p, "utf8")).toBe("[r]\ntype = local\n\n");
  });

  it("never stores on-the-fly sections or config_ keys", async () => {
    const p = join(dir, "rclone.conf");
    const { cf, lines } = await load(p);
    cf.set(":s3", "token", "x");
    cf.set("r", "type", "local");
    cf.set("r", "config_is_local", "true");
    expect(cf.hasSection(":s3")).toBe(false);
    expect(cf.keys("r")).toEqual(["type"]);
    expect(readFileSync(p, "utf8")).toBe("[r]\ntype = local\n\n");
    expect(lines.join("")).toContain(`Can't save config "token" for on the fly backend ":s3"`);
  });

  it("keeps the existing file's mode and leaves no temp files behind", async () => {
    const p = join(dir, "rclone.conf");
    writeFileSync(p, PLAIN);
    chmodSync(p, 0o640);
    const { cf } = await load(p);
    cf.set("two", "region", "eu");
    expect(statSync(p).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(["rclone.conf"]);
    expect(readFileSync(p, "utf8")).toBe("[one]\ntype = local\nfruit = potato\n\n[two]\ntype = s3\nregion = eu\n\n");
  });

  it("replaces the file by rename, so a reader never sees a partial file", async () => {
    const p = join(dir, "rclone.conf");
    writeFileSync(p, PLAIN);
    const before = statSync(p).ino;
    const { cf } = await load(p);
    cf.set("one", "x", "1");
    expect(statSync(p).ino).not.toBe(before);
  });

  it("writes through a symlink to its target and keeps the link", async () => {
    const real = join(dir, "real");
    mkdirSync(real);
    const target = join(real, "rclone.conf");
    writeFileSync(target, PLAIN);
    chmodSync(target, 0o600);
    const link = join(dir, "link.conf");
    symlinkSync("real/rclone.conf", link);
    const { cf } = await load(link);
    cf.set("one", "fruit", "apple");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toContain("fruit = apple");
    expect(readdirSync(real)).toEqual(["rclone.conf"]);
    expect(readdirSync(dir).sort()).toEqual(["link.conf", "real"]);
  });

  it("does not see its own save as an external change", async () => {
    const p = join(dir, "rclone.conf");
    const { cf, lines } = await load(p);
    cf.set("r", "type", "local");
    lines.length = 0;
    cf.get("r", "type");
    expect(lines.join("")).not.toContain("changed externally");
    // But a later change by someone else is seen, even with the same size.
    writeFileSync(p, "[r]\ntype = lokal\n\n");
    utimesSync(p, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    expect(cf.get("r", "type")).toBe("lokal");
  });

  it("reports a failed save as a config error from save(), and set() logs it instead", async () => {
    const sub = join(dir, "sub");
    mkdirSync(sub);
    const p = join(sub, "rclone.conf");
    writeFileSync(p, PLAIN);
    const { cf, lines } = await load(p);
    // Replace the directory by a plain file: no one, not even root, can create a file inside it now.
    rmSync(sub, { recursive: true });
    writeFileSync(sub, "in the way");
    let caught: unknown;
    try {
      cf.save();
    } catch (err) {
      caught = err;
    }
    expect(isKind(caught, "config")).toBe(true);
    expect((caught as Error).message).toMatch(/^Failed to save config after 0 tries: failed to resolve config file path: ENOTDIR/);
    cf.set("one", "fruit", "fig");
    expect(lines.join("")).toContain("ERROR : Failed to save config after 0 tries");
    expect(cf.get("one", "fruit")).toBe("fig");
  });
});

describe("ConfigFile: encryption", () => {
  const key = configKeyFromPassword("asdf");

  it("decrypts with RCLONE_CONFIG_PASS and saves encrypted again", async () => {
    const p = join(dir, "rclone.conf");
    writeFileSync(p, encryptConfig(PLAIN, key));
    const { cf } = await load(p, { RCLONE_CONFIG_PASS: "asdf" });
    expect(cf.isEncrypted()).toBe(true);
    expect(cf.get("one", "fruit")).toBe("potato");
    cf.set("one", "fruit", "kiwi");
    const raw = readFileSync(p, "utf8");
    expect(raw.startsWith(ENCRYPTED_HEADER)).toBe(true);
    expect(raw).not.toContain("kiwi");
    expect(decryptConfig(raw, key)).toContain("fruit = kiwi");
  });

  it("fails with rclone's message for a wrong RCLONE_CONFIG_PASS, without the password in it", async () => {
    const p = join(dir, "rclone.conf");
    writeFileSync(p, encryptConfig(PLAIN, key));
    let caught: unknown;
    const { log, lines } = captureLog();
    try {
      await ConfigFile.load({ path: p, env: { RCLONE_CONFIG_PASS: "hunter2" }, log });
    } catch (err) {
      caught = err;
    }
    expect(isKind(caught, "badPassword")).toBe(true);
    expect((caught as Error).message).toBe(
      `Failed to load config file "${p}": using RCLONE_CONFIG_PASS env password, unable to decrypt configuration`,
    );
    expect(lines.join("")).toContain("Couldn't decrypt configuration, most likely wrong password.");
    expect(lines.join("") + (caught as Error).message).not.toContain("hunter2");
  });

  it("with --ask-password=false and no password, fails with rclone's message", async () => {
    const p = join(dir, "rclone.conf");
    writeFileSync(p, encryptConfig(PLAIN, key));
    await expect(load(p)).rejects.toThrow(
      "unable to decrypt configuration and not allowed to ask for password - set RCLONE_CONFIG_PASS to your configuration password",
    );
  });

  it("removing the password saves plain text; setting one encrypts", async () => {
    const p = join(dir, "rclone.conf");
    writeFileSync(p, encryptConfig(PLAIN, key));
    const { cf } = await load(p, { RCLONE_CONFIG_PASS: "asdf" });
    cf.removePassword();
    expect(readFileSync(p, "utf8")).toBe(PLAIN);
    cf.setPassword("n3w");
    cf.save();
    expect(decryptConfig(readFileSync(p, "utf8"), configKeyFromPassword("n3w"))).toBe(PLAIN);
  });

  it("hands the key to a child through a 0600 key file that is deleted after use", async () => {
    const p = join(dir, "rclone.conf");
    writeFileSync(p, encryptConfig(PLAIN, key));
    const { cf } = await load(p, { RCLONE_CONFIG_PASS: "asdf" });
    const keyFile = cf.writeKeyFile(dir);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    // The key file wins even over a wrong RCLONE_CONFIG_PASS.
    const { cf: child } = await load(p, { _RCLONE_CONFIG_KEY_FILE: keyFile, RCLONE_CONFIG_PASS: "wrong" });
    expect(child.get("one", "fruit")).toBe("potato");
    expect(existsSync(keyFile)).toBe(false);
  });

  it("reloads an encrypted file changed elsewhere using the key it already has", async () => {
    const p = join(dir, "rclone.conf");
    writeFileSync(p, encryptConfig(PLAIN, key));
    const { cf } = await load(p, { RCLONE_CONFIG_PASS: "asdf" });
    writeFileSync(p, encryptConfig("[three]\ntype = local\n\n", key));
    expect(cf.sections()).toEqual(["three"]);
  });
});

describe("ConfigFile as the engine's ConfigStore", () => {
  it("loads synchronously for a store loader, decrypting with RCLONE_CONFIG_PASS or a command", () => {
    const p = join(dir, "rclone.conf");
    writeFileSync(p, encryptConfig(PLAIN, configKeyFromPassword("asdf")));
    const { log } = captureLog();
    expect(ConfigFile.loadSync({ path: p, env: { RCLONE_CONFIG_PASS: "asdf" }, log }).get("one", "fruit")).toBe("potato");
    const viaCommand = ConfigFile.loadSync({ path: p, env: {}, log, passwordCommand: ["sh", "-c", "echo asdf"] });
    expect(viaCommand.isEncrypted()).toBe(true);
    expect(() => ConfigFile.loadSync({ path: p, env: {}, log })).toThrow(/can't be asked for now/);
  });

  it("answers remote lookups made through newfs", () => {
    registerBackend({
      name: "storetest",
      description: "store test",
      options: [{ name: "region", help: "", type: "string", default: "" }],
      newFs: () => Promise.reject(new Error("not used")),
    });
    const p = join(dir, "rclone.conf");
    writeFileSync(p, "[box]\ntype = storetest\nregion = eu\n\n");
    setConfigStoreLoader(() => ConfigFile.loadSync({ path: p, env: {}, log: captureLog().log }));
    try {
      const r = resolveRemote("box:some/path", {});
      expect(r.reg.name).toBe("storetest");
      expect(r.config.get("region")).toBe("eu");
      expect(getConfigStore()).toBeInstanceOf(ConfigFile);
    } finally {
      setConfigStore(ConfigFile.inMemory());
    }
  });
});

describe("the library's default store", () => {
  it("reads the file named by RCLONE_CONFIG, decrypting with RCLONE_CONFIG_PASS", async () => {
    const { loadDefaultConfigStore } = await import("../../../src/config/default-store.js");
    const p = join(dir, "lib.conf");
    writeFileSync(p, encryptConfig(PLAIN, configKeyFromPassword("asdf")));
    const saved = { c: process.env.RCLONE_CONFIG, p: process.env.RCLONE_CONFIG_PASS };
    process.env.RCLONE_CONFIG = p;
    process.env.RCLONE_CONFIG_PASS = "asdf";
    try {
      const store = loadDefaultConfigStore();
      expect(store.sections()).toEqual(["one", "two"]);
      delete process.env.RCLONE_CONFIG_PASS;
      expect(() => loadDefaultConfigStore()).toThrow(/unable to decrypt configuration and not allowed to ask for password/);
    } finally {
      for (const [k, v] of [["RCLONE_CONFIG", saved.c], ["RCLONE_CONFIG_PASS", saved.p]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
