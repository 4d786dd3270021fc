import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isKind } from "../../../src/fs/errors.js";
import { ConfigFile, type LoadConfigOptions } from "../../../src/config/file.js";
import { configKeyFromPassword, decryptConfig, encryptConfig } from "../../../src/config/crypt.js";
import { readHiddenLine, runPasswordCommand } from "../../../src/config/password.js";
import { captureLog, Collect, pipedIO, scriptedIO, tempDir } from "./helpers.js";

let dir: string;
let cleanup: () => void;
let path: string;
const PLAIN = "[one]\ntype = local\n\n";

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  path = join(dir, "rclone.conf");
  writeFileSync(path, encryptConfig(PLAIN, configKeyFromPassword("asdf")));
});
afterEach(() => cleanup());

async function loadWith(opts: Omit<LoadConfigOptions, "path" | "log">) {
  const { log, lines } = captureLog();
  const cf = await ConfigFile.load({ path, env: {}, log, lowLevelRetries: 0, ...opts });
  return { cf, lines };
}

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a failure");
}

describe("asking for the config password", () => {
  it("prompts on stderr and asks again after a wrong password", async () => {
    const io = scriptedIO(["Xyzzy-9", "asdf"]);
    const { cf, lines } = await loadWith({ io });
    expect(cf.get("one", "type")).toBe("local");
    expect(io.output.text).toBe("Enter configuration password:\npassword:Enter configuration password:\npassword:");
    expect(lines.join("")).toContain("ERROR : Couldn't decrypt configuration, most likely wrong password.");
    expect(lines.join("")).not.toContain("Xyzzy-9");
  });

  it("reads lines from stdin when it is not a terminal, re-asking after a blank one", async () => {
    const io = pipedIO("   \nasdf\n[rest of stdin]\n");
    const { cf } = await loadWith({ io });
    expect(cf.sections()).toEqual(["one"]);
    expect(io.output.text).toBe(
      "Enter configuration password:\npassword:Bad password: no characters in password\npassword:",
    );
  });

  it("fails when stdin ends before a password", async () => {
    const err = await failure(loadWith({ io: pipedIO("") }));
    expect(err.message).toMatch(/Failed to read line: EOF$/);
  });

  it("reads a terminal password without echo, honouring backspace", async () => {
    const tty = Object.assign(new PassThrough(), {
      isTTY: true,
      isRaw: false,
      modes: [] as boolean[],
      setRawMode(mode: boolean) {
        this.modes.push(mode);
        this.isRaw = mode;
        return this;
      },
    });
    const out = new Collect();
    const p = readHiddenLine(tty, out);
    tty.write("se\u007fcr");
    tty.write("et\r");
    expect(await p).toBe("scret");
    expect(tty.modes).toEqual([true, false]);
    expect(out.text).toBe("\n");
    const aborted = readHiddenLine(tty, out);
    tty.write("x\u0003");
    await expect(aborted).rejects.toThrow("interrupted");
  });
});

describe("--password-command", () => {
  it("takes the password from the command's output, less CR/LF", async () => {
    const { cf } = await loadWith({ passwordCommand: ["sh", "-c", "printf 'asdf\\r\\n'"] });
    expect(cf.isEncrypted()).toBe(true);
  });

  it("passes stdin through to the command", async () => {
    const stdin = new PassThrough();
    stdin.end("asdf\n");
    const { cf } = await loadWith({
      passwordCommand: ["sh", "-c", 'read x; echo "$x"'],
      io: { stdin, output: new Collect(), stdout: new Collect() },
    });
    expect(cf.sections()).toEqual(["one"]);
  });

  it("does not fall back to a prompt when its password is wrong", async () => {
    const io = scriptedIO(["asdf"]);
    const err = await failure(loadWith({ passwordCommand: ["sh", "-c", "echo nope"], io }));
    expect(isKind(err, "badPassword")).toBe(true);
    expect(err.message).toMatch(/using --password-command derived password, unable to decrypt configuration$/);
    expect(io.asked()).toBe(0);
  });

  it("reports a failing command with its exit status and logs its stderr", async () => {
    const { log, lines } = captureLog();
    const err = await failure(runPasswordCommand({ command: ["sh", "-c", "echo oops >&2; exit 3"], log }));
    expect(err.message).toBe("password command failed: exit status 3");
    expect(lines.join("")).toContain("--password-command stderr: oops");
    const missing = await failure(runPasswordCommand({ command: ["no-such-command-tclone"] }));
    expect(missing.message).toBe('password command failed: exec: "no-such-command-tclone": executable file not found in $PATH');
    const empty = await failure(runPasswordCommand({ command: ["sh", "-c", "echo"] }));
    expect(empty.message).toBe("--password-command returned empty string");
  });

  it("sets RCLONE_PASSWORD_CHANGE=1 only when a new password is wanted", async () => {
    const cmd = ["sh", "-c", 'if [ "$RCLONE_PASSWORD_CHANGE" = 1 ]; then echo n3w; else echo asdf; fi'];
    const { cf } = await loadWith({ passwordCommand: cmd, env: { RCLONE_PASSWORD_CHANGE: "1" } });
    expect(await cf.changePassword()).toBe("Read password using --password-command\n");
    expect(decryptConfig(readFileSync(path, "utf8"), configKeyFromPassword("n3w"))).toBe(PLAIN);
  });
});

describe("changing the password by prompt", () => {
  it("asks twice, repeating on a mismatch, then saves encrypted with the new password", async () => {
    const io = scriptedIO(["asdf", "one", "two", "fresh", "fresh"]);
    const { cf } = await loadWith({ io });
    io.output.text = "";
    expect(await cf.changePassword()).toBe("");
    expect(io.stdout.text).toBe("Passwords do not match!\n");
    expect(io.output.text).toBe(
      "Enter NEW configuration password:\npassword:Confirm NEW configuration password:\npassword:".repeat(2),
    );
    expect(decryptConfig(readFileSync(path, "utf8"), configKeyFromPassword("fresh"))).toBe(PLAIN);
  });
});
