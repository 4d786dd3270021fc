/**
 * The wizard's OAuth step ("Use auto config?") and the token's life in the
 * config file, with a test backend that logs in to the loopback provider of
 * test/helpers/oauth-provider.ts.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Output } from "../../../src/cli/output.js";
import { LineReader } from "../../../src/cli/prompt.js";
import { ConfigWizard } from "../../../src/cli/wizard.js";
import { ConfigFile } from "../../../src/config/file.js";
import { OAUTH_OPTIONS, tokenSourceFor, type OAuthDefaults } from "../../../src/lib/oauth2/backend.js";
import { tokenFromJson, tokenToJson } from "../../../src/lib/oauth2/token.js";
import { registerBackend } from "../../../src/fs/registry.js";
import { startOAuthProvider, type OAuthProvider } from "../../helpers/oauth-provider.js";

let provider: OAuthProvider;
const defaults: OAuthDefaults = { authUrl: "", tokenUrl: "", clientId: "cid", clientSecret: "csecret", scopes: ["read", "write"] };
const dir = mkdtempSync(join(tmpdir(), "tclone-oauth-"));

beforeAll(async () => {
  provider = await startOAuthProvider();
  defaults.authUrl = provider.base + "/authorize";
  defaults.tokenUrl = provider.base + "/token";
  registerBackend({ name: "oauthtest", description: "A backend that logs in with OAuth2", options: OAUTH_OPTIONS, oauth: defaults, newFs: () => Promise.reject(new Error("not for listing")) });
});
afterAll(async () => {
  await provider.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function converse(cf: ConfigFile, answers: string[], browser?: (url: string) => Promise<void>): Promise<{ shown: string; notices: string[] }> {
  const shownStream = new PassThrough();
  let shown = "";
  shownStream.on("data", (b: Buffer) => (shown += b.toString()));
  const input = new PassThrough();
  input.end(answers.map((a) => a + "\n").join(""));
  const out = new Output(shownStream);
  const notices: string[] = [];
  await new ConfigWizard(cf, out, new LineReader(input), new PassThrough(), {
    notice: (l) => notices.push(l),
    bind: "127.0.0.1:0",
    ...(browser ? { openBrowser: browser } : {}),
  }).run();
  await out.flush();
  return { shown, notices };
}

describe("config wizard: OAuth backends", () => {
  it("logs in through the browser with auto config, and saves the token", async () => {
    const cf = ConfigFile.inMemory("");
    const browse = async (url: string): Promise<void> => {
      expect((await fetch(url)).status).toBe(200);
    };
    const { shown, notices } = await converse(cf, ["n", "cloud", "oauthtest", "", "", "n", "y", "y", "q"], browse);
    expect(shown).toContain("Use auto config?\n * Say Y if not sure\n * Say N if you are working on a remote or headless machine\n\ny) Yes (default)\nn) No\ny/n> ");
    expect(notices).toContain("Got code");
    const token = tokenFromJson(cf.get("cloud", "token")!);
    expect(token.accessToken).toMatch(/^access-\d+$/);
    expect(provider.grants).toContain("authorization_code");
  });

  it("takes a pasted token on a headless machine, re-asking after one that does not parse", async () => {
    const cf = ConfigFile.inMemory("");
    const pasted = '{"access_token":"pasted","token_type":"Bearer","refresh_token":"r","expiry":"2030-01-02T03:04:05Z"}';
    const { shown } = await converse(cf, ["n", "cloud", "oauthtest", "", "", "n", "n", "not json", pasted, "y", "q"]);
    expect(shown).toContain('\ttclone authorize "oauthtest"\nThen paste the result.\nEnter a value.\nconfig_token> ');
    expect(shown).toContain("Couldn't decode response - try again");
    expect(cf.get("cloud", "token")).toBe(pasted);
  });

  it("asks before replacing the token of a remote being edited", async () => {
    const token = '{"access_token":"keep-me","expiry":"0001-01-01T00:00:00Z"}';
    const cf = ConfigFile.inMemory(`[cloud]\ntype = oauthtest\ntoken = ${token}\n`);
    const { shown } = await converse(cf, ["e", "cloud", "", "", "n", "n", "y", "q"]);
    expect(shown).toContain("Already have a token - refresh?\ny) Yes (default)\nn) No\ny/n> ");
    expect(cf.get("cloud", "token")).toBe(token);
  });
});

describe("tokens in the config file", () => {
  it("refreshes an expired token and writes it back, atomically and 0600", async () => {
    // First get a refresh token the provider knows, through the browser flow.
    const path = join(dir, "rclone.conf");
    const cf = await ConfigFile.load({ path });
    await converse(cf, ["n", "cloud", "oauthtest", "", "", "n", "y", "y", "q"], async (url) => void (await fetch(url)));
    const stale = { ...tokenFromJson(cf.get("cloud", "token")!), accessToken: "stale", expiry: 1_000_000_000_000_000_000n };
    cf.set("cloud", "token", tokenToJson(stale));
    const mapper = { get: (k: string) => cf.get("cloud", k), set: (k: string, v: string) => cf.set("cloud", k, v) };
    const fresh = await tokenSourceFor("cloud", mapper, defaults).get();
    expect(fresh.accessToken).toMatch(/^access-\d+$/);
    const onDisk = readFileSync(path, "utf8");
    expect(onDisk).toContain(`"access_token":"${fresh.accessToken}"`);
    expect(onDisk).not.toContain("stale");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(provider.grants).toContain("refresh_token");
  });

  it("says how to fix a remote with no token", () => {
    expect(() => tokenSourceFor("cloud", { get: () => undefined, set: () => undefined }, defaults)).toThrow(/empty token found - please run "tclone config" and edit the remote/);
  });
});

describe("tclone authorize", () => {
  it("logs in and prints the token between rclone's paste markers", async () => {
    const { runAuthorize } = await import("../../../src/cli/commands/authorize.js");
    const shownStream = new PassThrough();
    let shown = "";
    shownStream.on("data", (b: Buffer) => (shown += b.toString()));
    const out = new Output(shownStream);
    const notices: string[] = [];
    process.env["TCLONE_AUTH_BIND"] = "127.0.0.1:0";
    // The parts of Cli that authorize uses; --auth-no-open-browser is on, and the test plays the browser.
    const cli = {
      out,
      flags: { bool: (name: string) => name === "auth-no-open-browser" },
      ctx: {
        signal: new AbortController().signal,
        log: {
          notice: (_subject: unknown, line: string) => {
            notices.push(line);
            const link = /^Please go to the following link: (\S+)$/.exec(line);
            if (link) void fetch(link[1]!).catch(() => undefined);
          },
        },
      },
    } as unknown as Parameters<typeof runAuthorize>[0];
    try {
      await runAuthorize(cli, ["oauthtest"]);
    } finally {
      delete process.env["TCLONE_AUTH_BIND"];
    }
    await out.flush();
    const m = /^Paste the following into your remote machine --->\n(.*)\n<---End paste\n$/.exec(shown);
    expect(m).not.toBeNull();
    expect(tokenFromJson(m![1]!).accessToken).toMatch(/^access-\d+$/);
    expect(notices).toContain("Got code");
  });
});
