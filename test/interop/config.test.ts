/**
 * Cross-checks of the config layer against the real rclone binary (the
 * Debian package, v1.60): files, obscured passwords and encrypted configs
 * must pass both ways unchanged. Each rclone run gets its own --config and
 * a private HOME so nothing of the machine's own setup leaks in.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerBackend } from "../../src/fs/registry.js";
import { ConfigFile } from "../../src/config/file.js";
import { configKeyFromPassword, decryptConfig } from "../../src/config/crypt.js";
import { obscure, reveal } from "../../src/config/obscure.js";
import { configPaths, fileStatus, resolveConfigPath } from "../../src/config/paths.js";
import {
  configFileText,
  configPathsText,
  createRemote,
  deleteRemote,
  dumpConfig,
  formatRemotes,
  listRemotes,
  passwordRemote,
  showConfig,
  showRemote,
  updateRemote,
} from "../../src/config/commands.js";
import { captureLog, tempDir } from "../unit/config/helpers.js";
import { onPath } from "../helpers/path.js";

const RCLONE = onPath("rclone");
const SKIP_REASON = RCLONE ? "" : " [SKIPPED: `rclone` is not on PATH]";
if (!RCLONE) console.warn("test/interop/config.test.ts: skipped — `rclone` is not on PATH");

let dir: string;
let cleanup: () => void;
let home: string;

interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Runs rclone with a private HOME and only the given RCLONE_* variables. */
function rclone(args: string[], extraEnv: NodeJS.ProcessEnv = {}, input?: string): Run {
  const r = spawnSync(RCLONE!, args, {
    env: { PATH: process.env.PATH, HOME: home, ...extraEnv },
    input,
    encoding: "utf8",
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/**
 * rclone's stdout for a command that must succeed and print something; a
 * failure shows rclone's status and stderr.
 */
function rcloneOk(args: string[], extraEnv: NodeJS.ProcessEnv = {}): string {
  const r = rclone(args, extraEnv);
  const what = args.filter((a) => !a.startsWith("-") && !a.includes("/")).join(" ");
  expect(r.status, `rclone ${what}: ${r.stderr}`).toBe(0);
  expect(r.stdout, `rclone ${what} printed nothing: ${r.stderr}`).not.toBe("");
  return r.stdout;
}

async function ours(path: string, env: NodeJS.ProcessEnv = {}): Promise<ConfigFile> {
  return ConfigFile.load({ path, env: { HOME: home, ...env }, log: captureLog().log, askPassword: false, lowLevelRetries: 0 });
}

beforeAll(() => {
  // Only the option metadata matters here: which options are passwords.
  registerBackend({
    name: "sftp",
    description: "SSH/SFTP",
    options: [
      { name: "host", help: "", type: "string", default: "" },
      { name: "user", help: "", type: "string", default: "", sensitive: true },
      { name: "port", help: "", type: "int", default: 22 },
      { name: "pass", help: "", type: "string", default: "", isPassword: true },
    ],
    newFs: () => Promise.reject(new Error("not used")),
  });
  registerBackend({
    name: "local",
    description: "Local Disk",
    options: [{ name: "nounc", help: "", type: "bool", default: false }],
    newFs: () => Promise.reject(new Error("not used")),
  });
});

beforeEach(() => {
  ({ dir, cleanup } = tempDir("tclone-interop-config-"));
  home = join(dir, "home");
  mkdirSync(home);
});
afterEach(() => cleanup());

// Comments, DEFAULT keys, quoted keys, backticks, `-` keys, %(x)s and a.b fallback: goconfig's corners.
const TRICKY = [
  "; made by hand",
  "user = bob",
  "[a]",
  "type = local",
  "p = /home/%(user)s/x%(pass)s%(zz)s",
  "pa = PA",
  "[a.b]",
  "type = local",
  "# about c",
  "[c]",
  "type = local",
  "`k:1` = `v``",
  '"""q"k=""" = """x"y"""',
  "url = http://h/?a=1&b=<2>",
  "- = one",
  "- = two",
  "",
].join("\n");

describe.skipIf(!RCLONE)(`config files shared with rclone${SKIP_REASON}`, () => {
  it("a hand-written tricky file serialises and dumps identically in both", async () => {
    const p = join(dir, "tricky.conf");
    writeFileSync(p, TRICKY);
    const cf = await ours(p);
    expect(showConfig(cf)).toBe(rcloneOk(["--config", p, "config", "show"]));
    expect(dumpConfig(cf, {})).toBe(rcloneOk(["--config", p, "config", "dump"]));
  });

  it("a config written by us is read by rclone show / listremotes / dump the same way", async () => {
    const p = join(dir, "ours.conf");
    const cf = await ours(p);
    await createRemote(cf, "box", "sftp", [["host", "example.com"], ["user", "bob"], ["pass", "s3cret <&>"]]);
    await createRemote(cf, "disk", "local", [["nounc", "true"], ["description", "my disk"]]);
    cf.setValue("box", "token", '{"access_token":"a<b","expiry":"2024-01-02T15:04:05Z"}');
    cf.save();
    expect(rcloneOk(["--config", p, "config", "show"])).toBe(showConfig(cf));
    expect(rcloneOk(["--config", p, "config", "show", "box"])).toBe(showRemote(cf, "box", {}));
    expect(rcloneOk(["--config", p, "listremotes"])).toBe(formatRemotes(listRemotes(cf, {})));
    expect(rcloneOk(["--config", p, "config", "dump"])).toBe(dumpConfig(cf, {}));
    // And rclone reveals the password we obscured ("--": an obscured value may begin with "-").
    expect(rcloneOk(["reveal", "--", cf.get("box", "pass")!])).toBe("s3cret <&>\n");
  });

  it("a config made by `rclone config create` is read by us, byte for byte", async () => {
    const p = join(dir, "theirs.conf");
    const made = rclone(["--config", p, "config", "create", "sf", "sftp", "host", "example.com", "user", "bob", "pass", "pa ss"]);
    expect(made.status).toBe(0);
    const cf = await ours(p);
    expect(cf.get("sf", "type")).toBe("sftp");
    expect(reveal(cf.get("sf", "pass")!)).toBe("pa ss");
    expect(cf.serialize()).toBe(readFileSync(p, "utf8"));
    expect(showRemote(cf, "sf", {})).toBe(rcloneOk(["--config", p, "config", "show", "sf"]));
  });

  it("create, password, update and delete print and store what rclone's do", async () => {
    const theirs = join(dir, "t.conf");
    const mine = join(dir, "m.conf");
    const cf = await ours(mine);
    const steps: Array<[string[], () => Promise<string>]> = [
      [["config", "create", "box", "sftp", "pass", "pw"], () => createRemote(cf, "box", "sftp", [["pass", "pw"]])],
      [["config", "update", "box", "host", "h.example"], () => updateRemote(cf, "box", [["host", "h.example"]])],
      [["config", "password", "box", "pass", "other"], () => passwordRemote(cf, "box", [["pass", "other"]])],
      [["config", "create", "gone", "local"], () => createRemote(cf, "gone", "local", [])],
      [["config", "delete", "gone"], async () => (deleteRemote(cf, "gone"), "")],
    ];
    for (const [args, mineStep] of steps) {
      const r = rclone(["--config", theirs, ...args]);
      expect(r.status).toBe(0);
      expect(await mineStep()).toBe(r.stdout);
    }
    const strip = (t: string): string => t.replace(/^pass = .*$/m, "pass = <obscured>");
    expect(strip(readFileSync(mine, "utf8"))).toBe(strip(readFileSync(theirs, "utf8")));
    expect(reveal(cf.get("box", "pass")!)).toBe("other");
  });

  it("sees a change rclone makes to the file while we hold it", async () => {
    const p = join(dir, "live.conf");
    const cf = await ours(p);
    await createRemote(cf, "disk", "local", []);
    expect(rclone(["--config", p, "config", "update", "disk", "nounc", "true"]).status).toBe(0);
    expect(cf.get("disk", "nounc")).toBe("true");
  });
});

describe.skipIf(!RCLONE)(`obscure / reveal against rclone${SKIP_REASON}`, () => {
  const samples = ["potato", "", "pa ss<&>", "blåbær 🍓", "x".repeat(100)];

  it.each(samples)("rclone obscure → our reveal, our obscure → rclone reveal (%j)", (s) => {
    const theirs = rcloneOk(["obscure", s]).replace(/\n$/, "");
    expect(reveal(theirs)).toBe(s);
    // "--": the obscured value is random base64url and begins with "-" one time in 64.
    expect(rcloneOk(["reveal", "--", obscure(s)])).toBe(s + "\n");
  });

  it.each(["YmJiYmJiYmJiYmJiYmJiYp*gcEWbAw", "aGVsbG8", "YWFhYWFhYWFhYWFhYWFhY"])("fails like rclone on %j", (bad) => {
    const r = rclone(["reveal", bad]);
    let ourMessage = "";
    try {
      reveal(bad);
    } catch (err) {
      ourMessage = (err as Error).message;
    }
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`Failed to reveal: ${ourMessage}`);
  });
});

/** Drives rclone's interactive menu through a pseudo-terminal to add a config password. */
async function encryptWithRclone(path: string, password: string): Promise<void> {
  const script = onPath("script");
  if (!script) throw new Error("no `script` command for a pty");
  const child = spawn(script, ["-qefc", `'${RCLONE!}' --config '${path}' config`, "/dev/null"], {
    env: { PATH: process.env.PATH, HOME: home, TERM: "dumb" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let seen = "";
  let pos = 0;
  const waiters: Array<() => void> = [];
  const onOut = (b: Buffer): void => {
    seen += b.toString("utf8");
    for (const w of waiters.splice(0)) w();
  };
  child.stdout.on("data", onOut);
  child.stderr.on("data", onOut);
  const answer = async (prompt: string, reply: string): Promise<void> => {
    const deadline = Date.now() + 15_000;
    while (seen.indexOf(prompt, pos) < 0) {
      if (Date.now() > deadline) throw new Error(`rclone never asked ${JSON.stringify(prompt)}; saw ${JSON.stringify(seen.slice(-300))}`);
      await new Promise<void>((res) => {
        waiters.push(res);
        setTimeout(res, 200);
      });
    }
    pos = seen.indexOf(prompt, pos) + prompt.length;
    child.stdin.write(reply + "\r");
  };
  const done = new Promise<number | null>((res) => child.on("close", res));
  await answer("e/n/d/r/c/s/q>", "s");
  await answer("a/q>", "a");
  await answer("password:", password);
  await answer("password:", password);
  await answer("c/u/q>", "q");
  await answer("e/n/d/r/c/s/q>", "q");
  expect(await done).toBe(0);
}

describe.skipIf(!RCLONE)(`encrypted configs shared with rclone${SKIP_REASON}`, () => {
  it("an encrypted config written by us is decrypted by rclone with RCLONE_CONFIG_PASS", async () => {
    const p = join(dir, "enc.conf");
    const cf = await ours(p);
    await createRemote(cf, "box", "sftp", [["host", "h"], ["pass", "pw"]]);
    cf.setPassword("correct horse");
    cf.save();
    expect(readFileSync(p, "utf8")).toMatch(/^# Encrypted rclone configuration File\n\nRCLONE_ENCRYPT_V0:\n[A-Za-z0-9+/=]+$/);
    expect(rcloneOk(["--config", p, "config", "show"], { RCLONE_CONFIG_PASS: "correct horse" })).toBe(showConfig(cf));
    const wrong = rclone(["--config", p, "config", "show"], { RCLONE_CONFIG_PASS: "wrong horse" });
    expect(wrong.status).not.toBe(0);
  });

  it("a config encrypted by rclone's own menu is decrypted by us", async (ctx) => {
    if (!onPath("script")) {
      ctx.skip(); // no pty helper: the RCLONE_ENCRYPT_V0 reference vector (unit tests) covers this direction
      return;
    }
    const p = join(dir, "theirs-enc.conf");
    expect(rclone(["--config", p, "config", "create", "disk", "local", "nounc", "true"]).status).toBe(0);
    await encryptWithRclone(p, "s3cr3t pass");
    const raw = readFileSync(p, "utf8");
    expect(raw.startsWith("# Encrypted rclone configuration File\n\nRCLONE_ENCRYPT_V0:\n")).toBe(true);
    expect(decryptConfig(raw, configKeyFromPassword("s3cr3t pass"))).toBe("[disk]\ntype = local\nnounc = true\n\n");
    const cf = await ours(p, { RCLONE_CONFIG_PASS: "s3cr3t pass" });
    expect(cf.isEncrypted()).toBe(true);
    expect(cf.get("disk", "nounc")).toBe("true");
    // And what we save with that key, rclone still reads.
    cf.set("disk", "description", "re-saved by tclone");
    expect(rcloneOk(["--config", p, "config", "show", "disk"], { RCLONE_CONFIG_PASS: "s3cr3t pass" })).toBe(
      "[disk]\ntype = local\nnounc = true\ndescription = re-saved by tclone\n",
    );
  });
});

describe.skipIf(!RCLONE)(`finding the config file like rclone${SKIP_REASON}`, () => {
  const layouts: Array<[string, string[]]> = [
    ["legacy ~/.rclone.conf only", ["home/.rclone.conf"]],
    ["~/.config beats legacy", ["home/.rclone.conf", "home/.config/rclone/rclone.conf"]],
    ["XDG beats ~/.config", ["home/.config/rclone/rclone.conf", "xdg/rclone/rclone.conf"]],
    ["nothing yet: the XDG default", []],
  ];

  it.each(layouts)("%s", (_name, files) => {
    for (const f of files) {
      mkdirSync(join(dir, f, ".."), { recursive: true });
      writeFileSync(join(dir, f), "");
    }
    const env = { HOME: home, XDG_CONFIG_HOME: join(dir, "xdg"), XDG_CACHE_HOME: join(dir, "cache"), TMPDIR: dir };
    const path = resolveConfigPath(undefined, { env, platform: "linux" });
    expect(rcloneOk(["config", "file"], env)).toBe(configFileText(fileStatus(path)));
    expect(rcloneOk(["config", "paths"], env)).toBe(configPathsText(configPaths({ configFile: path, env })));
  });

  it("treats /dev/null and …/notfound as in-memory", () => {
    for (const p of ["/dev/null", join(dir, "notfound")]) {
      expect(rcloneOk(["--config", p, "config", "file"])).toBe(configFileText(fileStatus(resolveConfigPath(p, {}))));
    }
  });
});
