/**
 * The browser flow against a loopback OAuth2 provider (test/helpers/
 * oauth-provider.ts); a fetch that follows redirects plays the browser.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isKind } from "../../../src/fs/errors.js";
import { authCodeFlow } from "../../../src/lib/oauth2/flow.js";
import type { OAuthEndpoint } from "../../../src/lib/oauth2/token.js";
import { startOAuthProvider, type OAuthProvider } from "../../helpers/oauth-provider.js";

let provider: OAuthProvider;
beforeAll(async () => {
  provider = await startOAuthProvider();
});
afterAll(() => provider.stop());

const ep = (): OAuthEndpoint => ({ clientId: "cid", clientSecret: "csecret", authUrl: provider.base + "/authorize", tokenUrl: provider.base + "/token", scopes: ["read", "write"] });

describe("authCodeFlow", () => {
  it("gets a token through the local server, the provider and back", async () => {
    const lines: string[] = [];
    let page = "";
    const token = await authCodeFlow(ep(), {
      bind: "127.0.0.1:0",
      print: (l) => lines.push(l),
      openBrowser: async (url) => {
        const res = await fetch(url);
        page = await res.text();
        expect(res.status).toBe(200);
      },
    });
    expect(token).toMatchObject({ tokenType: "Bearer" });
    expect(token.accessToken).toMatch(/^access-\d+$/);
    expect(page).toContain("Success!");
    expect(lines[0]).toMatch(/^If your browser doesn't open automatically go to the following link: http:\/\/127\.0\.0\.1:\d+\/auth\?state=[\w-]+$/);
    expect(lines.slice(1)).toEqual(["Log in and authorize tclone for access", "Waiting for code...", "Got code"]);
  });

  it("refuses answers with another state and keeps waiting for the right one", async () => {
    let local = "";
    const flow = authCodeFlow(ep(), { bind: "127.0.0.1:0", print: (l) => (local = /(http\S+)$/.exec(l)?.[1] ?? local) });
    while (local === "") await new Promise((r) => setTimeout(r, 10));
    const origin = new URL(local).origin;
    const forged = await fetch(`${origin}/?code=stolen&state=guess`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("Auth state doesn't match");
    const noState = await fetch(`${origin}/auth`, { redirect: "manual" });
    expect(noState.status).toBe(400);
    const res = await fetch(local);
    expect(res.status).toBe(200);
    expect((await flow).accessToken).toMatch(/^access-\d+$/);
  });

  it("fails with an auth error when the provider refuses", async () => {
    provider.refuse = "access_denied";
    try {
      const err = await authCodeFlow(ep(), { bind: "127.0.0.1:0", print: () => undefined, openBrowser: (u) => void fetch(u).catch(() => undefined) }).catch((e: unknown) => e);
      expect(isKind(err, "auth")).toBe(true);
      expect((err as Error).message).toContain("access_denied");
    } finally {
      provider.refuse = undefined;
    }
  });
});
