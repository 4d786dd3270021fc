/**
 * The config wizard's password options, which no backend built so far has
 * (so the conversations in test/cli/wizard.test.ts cannot reach them):
 * typed in twice, generated, or left blank, and always stored obscured.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { ConfigWizard } from "../../../src/cli/wizard.js";
import { LineReader } from "../../../src/cli/prompt.js";
import { Output } from "../../../src/cli/output.js";
import { ConfigFile } from "../../../src/config/file.js";
import { reveal } from "../../../src/config/obscure.js";
import { registerBackend } from "../../../src/fs/registry.js";

registerBackend({
  name: "pwtest",
  description: "A backend with a password option",
  options: [{ name: "pass", help: "The password.", type: "string", default: "", isPassword: true }],
  newFs: () => Promise.reject(new Error("not for listing")),
});

async function converse(answers: string[]): Promise<{ cf: ConfigFile; shown: string; prompts: string }> {
  const cf = ConfigFile.inMemory("");
  const shownStream = new PassThrough();
  const promptStream = new PassThrough();
  let shown = "";
  let prompts = "";
  shownStream.on("data", (b: Buffer) => (shown += b.toString()));
  promptStream.on("data", (b: Buffer) => (prompts += b.toString()));
  const input = new PassThrough();
  input.end(answers.map((a) => a + "\n").join(""));
  const out = new Output(shownStream);
  await new ConfigWizard(cf, out, new LineReader(input), promptStream).run();
  await out.flush();
  return { cf, shown, prompts };
}

describe("config wizard: password options", () => {
  it("asks for the password twice and stores it obscured", async () => {
    const { cf, shown, prompts } = await converse(["n", "p1", "pwtest", "y", "secret one", "secret one", "y", "q"]);
    expect(shown).toContain("Option pass.\nThe password.\nChoose an alternative below. Press Enter for the default (n).\n");
    expect(shown).toContain("y) Yes, type in my own password\ng) Generate random password\nn) No, leave this optional password blank (default)\ny/g/n> ");
    expect(prompts).toBe("Enter the password:\npassword:Confirm the password:\npassword:");
    const stored = cf.get("p1", "pass")!;
    expect(stored).not.toBe("secret one");
    expect(reveal(stored)).toBe("secret one");
    expect(shown).toContain("- pass: *** ENCRYPTED ***");
    expect(shown).not.toContain("secret one");
  });

  it("generates a password of the strength asked, re-asking out of range", async () => {
    const { cf, shown } = await converse(["n", "p2", "pwtest", "g", "10", "x", "128", "y", "y", "q"]);
    expect(shown).toContain("Bits> Out of range - 64 to 1024 inclusive\nBits> Bad number:");
    const m = /Your password is: (\S+)\n/.exec(shown);
    expect(m).not.toBeNull();
    expect(m![1]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(reveal(cf.get("p2", "pass")!)).toBe(m![1]);
  });

  it("leaves an optional password blank on Enter", async () => {
    const { cf } = await converse(["n", "p3", "pwtest", "", "y", "q"]);
    expect(cf.get("p3", "type")).toBe("pwtest");
    expect(cf.get("p3", "pass")).toBeUndefined();
  });
});
