/**
 * `tclone config`, the interactive conversation, replayed against the real
 * rclone: the same answers, through a pipe and through a pseudo-terminal,
 * must give the same transcript and the same config file, and rclone must
 * read what tclone wrote.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stripLogTime } from "../helpers/normalise.js";
import { RCLONE, RCLONE_MISSING, REPO_ROOT, TCLONE_BIN, rclone, tclone, testEnv, text } from "../helpers/run.js";
import { tempDir } from "../helpers/tree.js";

const skipNote = RCLONE ? "" : ` [SKIPPED: ${RCLONE_MISSING}]`;
const ANSWER = join(REPO_ROOT, "test", "helpers", "answer.py");

const t = tempDir("tclone-wizard-");
afterAll(() => t.cleanup());
let serial = 0;

interface Talk {
  status: number | null;
  transcript: string;
  conf: string | undefined;
}

/** Runs `config` of one tool on its own copy of the starting file, answering as given. */
async function talk(tool: "rclone" | "tclone", answers: string[], start: string | undefined, pty = false): Promise<Talk> {
  const conf = join(t.dir, `${tool}-${++serial}.conf`);
  if (start !== undefined) writeFileSync(conf, start, { mode: 0o600 });
  const prog = tool === "rclone" ? [RCLONE!] : [process.execPath, TCLONE_BIN];
  const child = spawn("python3", [ANSWER, ...(pty ? ["--pty"] : []), ...prog, "--config", conf, "config", "--", ...answers], {
    env: testEnv(),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const chunks: Buffer[] = [];
  child.stdout.on("data", (b: Buffer) => chunks.push(b));
  const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
  const transcript = text(Buffer.concat(chunks))
    .split(/\r?\n/)
    .map(stripLogTime)
    .map((l) => l.replace(conf, "CONFIG"))
    // The list of storage types: rclone has every backend, tclone those built so far.
    .filter((l) => !/^ *\d* [/|\\] /.test(l))
    // rclone 1.76's rule for names (which tclone follows) allows more than 1.60's.
    .map((l) => l.replace(/(Can't use ".*" as config name contains invalid characters).*/, "$1 ..."))
    .join("\n");
  return { status, transcript, conf: existsSync(conf) ? readFileSync(conf, "utf8") : undefined };
}

/** Both tools, the same answers: the same transcript, exit status and (unless encrypted, with its random nonce) file. */
async function same(answers: string[], start?: string, pty = false): Promise<{ r: Talk; o: Talk }> {
  const [r, o] = await Promise.all([talk("rclone", answers, start, pty), talk("tclone", answers, start, pty)]);
  expect(o.transcript).toBe(r.transcript);
  expect(o.status).toBe(r.status);
  if (!r.conf?.includes("RCLONE_ENCRYPT_V0:")) expect(o.conf).toBe(r.conf);
  return { r, o };
}

const ONE_ALIAS = "[photos]\ntype = alias\nremote = /srv/photos\n\n";

describe.skipIf(!RCLONE).concurrent(`config conversations read as rclone's${skipNote}`, () => {
  it("makes an alias remote, re-asking after bad answers", async () => {
    const { o } = await same(["n", "bad name!", "", "myalias", "nosuch", "999", "0", "alias", "", "/srv/x", "y", "q"]);
    expect(o.conf).toBe("[myalias]\ntype = alias\nremote = /srv/x\n\n");
    expect(o.transcript).toContain('Bad remote "nosuch": didn\'t find backend called "nosuch"');
    expect(o.transcript).toContain("No choices with this number.");
  });

  it("makes a local remote, skipping the advanced options", async () => {
    const { o } = await same(["n", "disk", "local", "", "", "q"]);
    expect(o.conf).toBe("[disk]\ntype = local\n\n");
  });

  it("edits, renames, copies and deletes remotes", async () => {
    const { o } = await same(["e", "photos", "/srv/pictures", "y", "r", "1", "pics", "c", "pics", "pics2", "c", "pics", "pics2", "pics3", "d", "2", "q"], ONE_ALIAS);
    expect(o.conf).toBe("[pics]\ntype = alias\nremote = /srv/pictures\n\n[pics3]\ntype = alias\nremote = /srv/pictures\n\n");
    expect(o.transcript).toContain('Remote "pics2" already exists.');
  });

  it("edits a remote from the summary, then deletes another from its summary", async () => {
    await same(["n", "x", "alias", "/a", "e", "/b", "y", "n", "y2", "alias", "/c", "d", "q"], ONE_ALIAS);
  });

  it("sets, changes and removes the config password through a pipe", async () => {
    const { o } = await same(["s", "a", "first pass", "first pass", "c", "second", "second", "u", "q", "q"], ONE_ALIAS);
    expect(o.conf).toBe(ONE_ALIAS);
    expect(o.transcript).toContain("Password changed");
  });

  it("sets a config password on a terminal without echoing it, in a file rclone opens", async () => {
    const { o } = await same(["s", "a", "hidden-pass", "hidden-pass", "q", "q"], ONE_ALIAS, true);
    expect(o.transcript).not.toContain("hidden-pass");
    expect(o.conf).toMatch(/^# Encrypted rclone configuration File\n\nRCLONE_ENCRYPT_V0:\n/);
    const conf = join(t.dir, "encrypted.conf");
    writeFileSync(conf, o.conf!);
    const shown = spawnSync(RCLONE!, ["--config", conf, "config", "show"], { env: testEnv({ env: { RCLONE_CONFIG_PASS: "hidden-pass" } }) });
    expect(text(shown.stdout)).toBe("[photos]\ntype = alias\nremote = /srv/photos\n\n");
    const wrong = spawnSync(RCLONE!, ["--config", conf, "config", "show"], { env: testEnv({ env: { RCLONE_CONFIG_PASS: "not-it" } }) });
    expect(wrong.status).not.toBe(0);
  });

  it("the file it writes is what rclone config show reads", async () => {
    const o = await talk("tclone", ["n", "a1", "alias", "/srv/a", "y", "n", "d1", "local", "", "", "q"], undefined);
    expect(o.status).toBe(0);
    const conf = join(t.dir, "written.conf");
    writeFileSync(conf, o.conf!);
    const shown = await rclone(["--config", conf, "config", "show"]);
    expect(text(shown.stdout)).toBe("[a1]\ntype = alias\nremote = /srv/a\n\n[d1]\ntype = local\n\n");
  });
});

describe.skipIf(!RCLONE)(`config create/update --non-interactive, question by question, as rclone${skipNote}`, () => {
  it.each([
    [
      "alias: asked, skipped, answered, then updated",
      [
        ["create", "x", "alias", "--non-interactive", "--all"],
        ["create", "x", "alias", "--continue", "--state", "*all-set,0,false", "--result", ""],
        ["create", "x", "alias", "--continue", "--state", "*all-set,0,false", "--result", "/srv/x"],
        ["update", "x", "--non-interactive", "--all"],
      ],
    ],
    [
      "local: the advanced question, no and yes, and the first advanced options",
      [
        ["create", "y", "local", "--non-interactive", "--all"],
        ["create", "y", "local", "--continue", "--state", "*all-advanced", "--result", "false"],
        ["update", "y", "--continue", "--state", "*all-advanced", "--result", "true"],
        ["update", "y", "--continue", "--state", "*all-set,0,true", "--result", "true"],
      ],
    ],
  ])("%s", async (_label, steps) => {
    const outputs: Record<string, string[]> = { rclone: [], tclone: [] };
    const confs: Record<string, string> = {};
    for (const tool of ["rclone", "tclone"] as const) {
      const conf = join(t.dir, `ni-${tool}-${++serial}.conf`);
      for (const step of steps) {
        const r = await (tool === "rclone" ? rclone : tclone)(["--config", conf, "config", ...step]);
        // Help texts are in our own words.
        outputs[tool]!.push(`${r.status} ${text(r.stdout).replace(/^\t+"Help": .*\n/gm, "")}`);
      }
      confs[tool] = readFileSync(conf, "utf8");
    }
    expect(outputs["tclone"]).toEqual(outputs["rclone"]);
    expect(confs["tclone"]).toBe(confs["rclone"]);
  });
});

it("re-asks a non-interactive answer that does not parse, with the reason (rclone 1.60 stores it)", async () => {
  const conf = join(t.dir, "ni-bad.conf");
  await tclone(["--config", conf, "config", "create", "y", "local", "--non-interactive", "--all"]);
  const r = await tclone(["--config", conf, "config", "update", "y", "--continue", "--state", "*all-set,1,true", "--result", "not-a-bool"]);
  expect(r.status).toBe(0);
  const out = JSON.parse(text(r.stdout)) as { State: string; Error: string; Option: { Name: string } };
  expect(out.State).toBe("*all-set,1,true");
  expect(out.Option.Name).toBe("copy_links");
  expect(out.Error).toBe('failed to parse "not-a-bool": strconv.ParseBool: parsing "not-a-bool": invalid syntax');
  expect(readFileSync(conf, "utf8")).toBe("[y]\ntype = local\n\n");
});

describe("authorize", () => {
  it.each([
    ["local", 'can\'t authorize fs "local"'],
    ["nosuch", 'didn\'t find backend called "nosuch"'],
  ])("refuses %s in one line with rclone's exit code", async (type, words) => {
    const [r, o] = await Promise.all([RCLONE ? rclone(["authorize", type, "--auth-no-open-browser"]) : undefined, tclone(["authorize", type, "--auth-no-open-browser"])]);
    if (r) expect(o.status).toBe(r.status);
    const lines = text(o.stderr).trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(words);
  });
});

describe("config conversations that end early", () => {
  it.each([
    [["n", "half", "alias"]],
    [["e", "photos", "/changed"]],
    [["s", "a", "only-once"]],
  ])("leave the file as it was when input ends (%j)", async (answers) => {
    const o = await talk("tclone", answers, ONE_ALIAS);
    expect(o.status).toBe(1);
    expect(o.conf).toBe(ONE_ALIAS);
    const last = o.transcript.trim().split("\n").pop()!;
    expect(last).toMatch(/Failed to read line: EOF$/);
    expect(o.transcript).not.toMatch(/\n\s+at /);
  });

  it("quits at once with q, writing nothing", async () => {
    const o = await talk("tclone", ["q"], undefined);
    expect(o.status).toBe(0);
    expect(o.conf).toBeUndefined();
  });
});

