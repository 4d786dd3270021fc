import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isKind } from "../../../src/fs/errors.js";
import { registerBackend } from "../../../src/fs/registry.js";
import { ConfigFile } from "../../../src/config/file.js";
import {
  argsToParams,
  createRemote,
  deleteRemote,
  dumpConfig,
  encryptionCheck,
  encryptionRemove,
  filterRemotes,
  formatRemotes,
  listRemotes,
  orderRemotes,
  passwordRemote,
  redactedConfig,
  showConfig,
  showRemote,
  touchConfig,
  trimRemoteName,
  unsetRemote,
  updateRemote,
  type BackendConfigRequest,
} from "../../../src/config/commands.js";
import { reveal } from "../../../src/config/obscure.js";
import { captureLog, tempDir } from "./helpers.js";

beforeAll(() => {
  registerBackend({
    name: "cfgtest",
    description: "Config test backend",
    options: [
      { name: "host", help: "Host", type: "string", default: "" },
      { name: "user", help: "User", type: "string", default: "", sensitive: true },
      { name: "pass", help: "Password", type: "string", default: "", isPassword: true },
    ],
    newFs: () => Promise.reject(new Error("not used in config tests")),
  });
});

let dir: string;
let cleanup: () => void;
let path: string;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  path = join(dir, "rclone.conf");
});
afterEach(() => cleanup());

async function loadText(text: string | undefined): Promise<ConfigFile> {
  if (text !== undefined) writeFileSync(path, text);
  return ConfigFile.load({ path, env: {}, log: captureLog().log, askPassword: false, lowLevelRetries: 0 });
}

const OBSCURED_POTATO = "YWFhYWFhYWFhYWFhYWFhYXMaGgIlEQ";

describe("config show / redacted / dump", () => {
  it("shows the whole file, or '; empty config'", async () => {
    expect(showConfig(await loadText(undefined))).toBe("; empty config\n");
    const text = "# mine\n[b]\ntype = cfgtest\n\n[a]\ntype = local\n\n";
    expect(showConfig(await loadText(text))).toBe(text);
  });

  it("shows one remote with passwords hidden and environment overrides applied", async () => {
    const cf = await loadText(`[r]\ntype = cfgtest\nhost = h1\npass = ${OBSCURED_POTATO}\nuser = \n\n`);
    expect(showRemote(cf, "r", {})).toBe("[r]\ntype = cfgtest\nhost = h1\npass = *** ENCRYPTED ***\nuser = \n");
    expect(showRemote(cf, "r", { RCLONE_CONFIG_R_HOST: "from-env" })).toContain("host = from-env\n");
  });

  it("notes a remote whose type is unknown or missing", async () => {
    const cf = await loadText("[odd]\ntype = nosuchbackend\nx = 1\n\n");
    expect(showRemote(cf, "odd", {})).toBe('[odd]\n# didn\'t find backend called "nosuchbackend"\ntype = nosuchbackend\nx = 1\n');
    expect(showRemote(cf, "ghost", {})).toBe('[ghost]\n# couldn\'t find type of fs for "ghost"\n');
    expect(trimRemoteName("odd::")).toBe("odd");
  });

  it("redacts passwords and sensitive options, sorts remotes and ends with the warning", async () => {
    const cf = await loadText(`[zed]\ntype = cfgtest\nuser = bob\npass = ${OBSCURED_POTATO}\nhost = h\n\n[alpha]\ntype = cfgtest\n\n`);
    expect(redactedConfig(cf, undefined, {})).toBe(
      "[alpha]\ntype = cfgtest\n\n[zed]\ntype = cfgtest\nuser = XXX\npass = XXX\nhost = h\n" +
        "### Double check the config for sensitive info before posting publicly\n",
    );
    expect(redactedConfig(cf, "alpha", {})).toBe(
      "[alpha]\ntype = cfgtest\n### Double check the config for sensitive info before posting publicly\n",
    );
    expect(redactedConfig(await loadText("\n"), undefined, {})).toBe(
      "; empty config\n### Double check the config for sensitive info before posting publicly\n",
    );
  });

  it("dumps JSON with sorted keys, 4-space indent, Go's escaping and no trailing newline", async () => {
    const cf = await loadText("[b]\ntype = local\nurl = http://x/?a=1&b=<2>\n\n[a]\n\n");
    expect(dumpConfig(cf, {})).toBe(
      '{\n    "a": {},\n    "b": {\n        "type": "local",\n        "url": "http://x/?a=1\\u0026b=\\u003c2\\u003e"\n    }\n}',
    );
    expect(dumpConfig(await loadText(""), {})).toBe("{}");
  });
});

describe("config create / update / password", () => {
  it("creates a remote, obscuring a plain password, saving, and printing it", async () => {
    const cf = await loadText(undefined);
    const out = await createRemote(cf, "r", "cfgtest", argsToParams(["host", "h", "pass=potato"]));
    expect(out).toBe("[r]\ntype = cfgtest\nhost = h\npass = *** ENCRYPTED ***\n");
    const stored = cf.get("r", "pass")!;
    expect(stored).not.toBe("potato");
    expect(reveal(stored)).toBe("potato");
    expect(readFileSync(path, "utf8")).toBe(`[r]\ntype = cfgtest\nhost = h\npass = ${stored}\n\n`);
  });

  it("keeps an already-obscured password unless --obscure, and stores it as given with --no-obscure", async () => {
    const cf = await loadText(undefined);
    await createRemote(cf, "r", "cfgtest", [["pass", OBSCURED_POTATO]]);
    expect(cf.get("r", "pass")).toBe(OBSCURED_POTATO);
    await updateRemote(cf, "r", [["pass", OBSCURED_POTATO]], { obscure: true });
    expect(reveal(reveal(cf.get("r", "pass")!))).toBe("potato");
    await updateRemote(cf, "r", [["pass", "plain"]], { noObscure: true });
    expect(cf.get("r", "pass")).toBe("plain");
    await expect(updateRemote(cf, "r", [], { obscure: true, noObscure: true })).rejects.toThrow(
      "can't use --obscure and --no-obscure together",
    );
  });

  it("replaces an existing remote of the same name and stores empty values", async () => {
    const cf = await loadText("[r]\ntype = cfgtest\nhost = old\nuser = u\n\n");
    await createRemote(cf, "r", "cfgtest", [["host", ""]]);
    expect(readFileSync(path, "utf8")).toBe("[r]\ntype = cfgtest\nhost = \n\n");
  });

  it("rejects CR/LF, bad names and unknown types, leaving the file alone", async () => {
    const before = "[r]\ntype = cfgtest\n\n";
    const cf = await loadText(before);
    await expect(updateRemote(cf, "r", [["host", "a\nb"]])).rejects.toThrow(
      "update remote: invalid key or value contains \\n or \\r",
    );
    await expect(createRemote(cf, "-bad", "cfgtest", [])).rejects.toThrow(/config name contains invalid characters/);
    await expect(createRemote(cf, "x", "zzz", [])).rejects.toThrow('couldn\'t find backend for type "zzz"');
    await expect(updateRemote(cf, "ghost", [["a", "b"]])).rejects.toThrow("couldn't find type field in config");
    expect(readFileSync(path, "utf8")).toBe(before);
  });

  it("passes config_ answers to the state machine but never stores them", async () => {
    const cf = await loadText(undefined);
    const seen: BackendConfigRequest[] = [];
    const out = await createRemote(cf, "r", "cfgtest", [["config_is_local", "false"], ["host", "h"]], {
      nonInteractive: true,
      runBackendConfig: async (req) => {
        seen.push(req);
        return undefined;
      },
    });
    expect(seen[0]?.choices.get("config_is_local")).toBe("false");
    expect(seen[0]?.nonInteractive).toBe(true);
    expect(cf.keys("r")).toEqual(["type", "host"]);
    expect(out).toBe('{\n\t"State": "",\n\t"Option": null,\n\t"Error": "",\n\t"Result": ""\n}\n');
  });

  it("prints nothing with --no-output", async () => {
    const cf = await loadText(undefined);
    expect(await createRemote(cf, "r", "cfgtest", [], { noOutput: true })).toBe("");
    expect(cf.get("r", "type")).toBe("cfgtest");
  });

  it("password obscures every value, even ones that look obscured", async () => {
    const cf = await loadText("[r]\ntype = cfgtest\n\n");
    const out = await passwordRemote(cf, "r", [["pass", OBSCURED_POTATO]]);
    expect(out).toBe("[r]\ntype = cfgtest\npass = *** ENCRYPTED ***\n");
    expect(reveal(cf.get("r", "pass")!)).toBe(OBSCURED_POTATO);
  });

  it("parses key value pairs and key=value words", () => {
    expect(argsToParams(["a", "1", "b=2=3", "c", ""])).toEqual([
      ["a", "1"],
      ["b", "2=3"],
      ["c", ""],
    ]);
    let caught: unknown;
    try {
      argsToParams(["a", "1", "lonely"]);
    } catch (err) {
      caught = err;
    }
    expect(isKind(caught, "usage")).toBe(true);
    expect((caught as Error).message).toBe("found key without value");
  });
});

describe("config delete / unset / touch", () => {
  it("deletes a remote and saves", async () => {
    const cf = await loadText("[a]\ntype = local\n\n[b]\ntype = local\n\n");
    deleteRemote(cf, "a");
    deleteRemote(cf, "not-there");
    expect(readFileSync(path, "utf8")).toBe("[b]\ntype = local\n\n");
  });

  it("unsets keys, but never the type, and only on existing remotes", async () => {
    const cf = await loadText("[r]\ntype = cfgtest\nhost = h\nuser = u\n\n");
    const r = unsetRemote(cf, "r", ["host", "nope"], {});
    expect(r.removed).toEqual(["host"]);
    expect(r.text).toBe("[r]\ntype = cfgtest\nuser = u\n");
    expect(readFileSync(path, "utf8")).toBe("[r]\ntype = cfgtest\nuser = u\n\n");
    expect(() => unsetRemote(cf, "r", ["type"], {})).toThrow(/can't unset the "type" of a remote/);
    expect(() => unsetRemote(cf, "ghost", ["x"], {})).toThrow('remote "ghost" doesn\'t exist');
  });

  it("touch creates the config file", async () => {
    const cf = await loadText(undefined);
    expect(existsSync(path)).toBe(false);
    touchConfig(cf);
    expect(readFileSync(path, "utf8")).toBe("");
  });
});

describe("listremotes", () => {
  it("lists environment remotes first, then typed file sections in order", async () => {
    const cf = await loadText(
      "[zz]\ntype = s3\ndescription = my bucket\n\n[notype]\nx = 1\n\n[aa]\ntype = local\n\n[envone]\ntype = local\n\n",
    );
    const env = { RCLONE_CONFIG_ENVONE_TYPE: "SFTP", RCLONE_CONFIG_PASS: "x", OTHER: "1" };
    const remotes = listRemotes(cf, env);
    expect(remotes).toEqual([
      { name: "envone", type: "sftp", source: "environment", description: "" },
      { name: "zz", type: "s3", source: "file", description: "my bucket" },
      { name: "aa", type: "local", source: "file", description: "" },
    ]);
    expect(formatRemotes(remotes)).toBe("envone:\nzz:\naa:\n");
    expect(formatRemotes(remotes, { long: true })).toBe(
      "envone: sftp  \nzz:     s3    my bucket\naa:     local \n",
    );
    expect(formatRemotes(remotes.slice(1, 2), { json: true })).toBe(
      '[\n{"name":"zz","type":"s3","source":"file","description":"my bucket"}\n]\n',
    );
    expect(formatRemotes([], { json: true })).toBe("[\n]\n");
  });

  it("orders by fields and directions, and filters by pattern", () => {
    const rs = [
      { name: "b", type: "s3", source: "file" as const, description: "" },
      { name: "a", type: "s3", source: "file" as const, description: "" },
      { name: "c", type: "local", source: "file" as const, description: "" },
    ];
    expect(orderRemotes(rs, "type,name").map((r) => r.name)).toEqual(["c", "a", "b"]);
    expect(orderRemotes(rs, "type=desc,name=descending").map((r) => r.name)).toEqual(["b", "a", "c"]);
    expect(() => orderRemotes(rs, "size")).toThrow('unknown --order-by field "size"');
    expect(() => orderRemotes(rs, "name=up")).toThrow('unknown --order-by direction "up"');
    expect(filterRemotes(rs, { type: /3/g }).map((r) => r.name)).toEqual(["b", "a"]);
    expect(filterRemotes(rs, { all: /^loc/ }).map((r) => r.name)).toEqual(["c"]);
  });
});

describe("config encryption", () => {
  it("check fails on a plain config; remove leaves it plain", async () => {
    const cf = await loadText("[a]\ntype = local\n\n");
    expect(() => encryptionCheck(cf)).toThrow("config file is NOT encrypted");
    encryptionRemove(cf);
    expect(readFileSync(path, "utf8")).toBe("[a]\ntype = local\n\n");
    cf.setPassword("pw");
    expect(() => encryptionCheck(cf)).not.toThrow();
  });
});
