/**
 * The OAuth browser flow once in a real browser: headless Chromium (Debian's
 * package) is opened at the link tclone prints, follows the provider's
 * redirects as a person's browser would, and lands on tclone's page, whose
 * final DOM it prints (--dump-dom).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authCodeFlow } from "../../../src/lib/oauth2/flow.js";
import { startOAuthProvider, type OAuthProvider } from "../../helpers/oauth-provider.js";
import { onPath } from "../../helpers/path.js";

const CHROMIUM = onPath("chromium");
if (!CHROMIUM) console.warn("[tclone tests] `chromium` is not on PATH: the real-browser OAuth test is skipped");

let provider: OAuthProvider;
const profile = mkdtempSync(join(tmpdir(), "tclone-chromium-"));
beforeAll(async () => {
  provider = await startOAuthProvider();
});
afterAll(async () => {
  await provider.stop();
  rmSync(profile, { recursive: true, force: true });
});

/** Runs headless Chromium at url; resolves with the DOM it ends on. */
function chromiumDom(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--user-data-dir=${profile}`, "--dump-dom", url];
    const child = spawn(CHROMIUM!, args, { stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

describe.skipIf(!CHROMIUM)(`OAuth in headless Chromium${CHROMIUM ? "" : " [SKIPPED: chromium not on PATH]"}`, () => {
  it("logs in through the browser and lands on tclone's success page", async () => {
    let dom = "";
    const token = await authCodeFlow(
      { clientId: "cid", clientSecret: "csecret", authUrl: provider.base + "/authorize", tokenUrl: provider.base + "/token", scopes: ["read", "write"] },
      {
        bind: "127.0.0.1:0",
        print: () => undefined,
        openBrowser: (url) => void chromiumDom(url).then((d) => (dom = d)),
      },
    );
    expect(token.accessToken).toMatch(/^access-\d+$/);
    while (dom === "") await new Promise((r) => setTimeout(r, 50));
    expect(dom).toContain("<h1>Success!</h1>");
  }, 90_000);
});
