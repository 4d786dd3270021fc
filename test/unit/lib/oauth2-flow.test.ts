/**
 * The browser flow against a loopback OAuth2 provider: its authorization
 * page checks the client, the response type and the redirect, then sends
 * the browser back with a code and the state; its token endpoint takes the
 * code only with the same redirect URI. A fetch that follows redirects
 * plays the browser.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isKind } from "../../../src/fs/errors.js";
import { authCodeFlow } from "../../../src/lib/oauth2/flow.js";
import type { OAuthEndpoint } from "../../../src/lib/oauth2/token.js";

let provider: Server;
let base = "";
/** code -> the redirect URI it was issued for. */
const codes = new Map<string, string>();
/** When set, the provider answers the authorization request with this error. */
let refuse: string | undefined;

beforeAll(async () => {
  provider = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "GET" && url.pathname === "/authorize") {
      const q = url.searchParams;
      const redirect = q.get("redirect_uri") ?? "";
      if (q.get("client_id") !== "cid" || q.get("response_type") !== "code" || !q.get("state") || !redirect.startsWith("http://127.0.0.1:") || q.get("scope") !== "read write") {
        res.writeHead(400);
        return res.end("bad authorization request");
      }
      const back = new URL(redirect);
      if (refuse) back.searchParams.set("error", refuse);
      else {
        const code = randomBytes(8).toString("hex");
        codes.set(code, redirect);
        back.searchParams.set("code", code);
      }
      back.searchParams.set("state", q.get("state")!);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === "POST" && url.pathname === "/token") {
      let body = "";
      req.on("data", (b: Buffer) => (body += b.toString()));
      req.on("end", () => {
        const f = new URLSearchParams(body);
        const code = f.get("code") ?? "";
        const ok = f.get("grant_type") === "authorization_code" && codes.get(code) === f.get("redirect_uri") && req.headers.authorization === "Basic " + Buffer.from("cid:csecret").toString("base64");
        codes.delete(code);
        res.writeHead(ok ? 200 : 400, { "content-type": "application/json" });
        res.end(JSON.stringify(ok ? { access_token: "granted", token_type: "Bearer", refresh_token: "keep", expires_in: 60 } : { error: "invalid_grant" }));
      });
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => provider.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => provider.close(() => r())));

const ep = (): OAuthEndpoint => ({ clientId: "cid", clientSecret: "csecret", authUrl: base + "/authorize", tokenUrl: base + "/token", scopes: ["read", "write"] });

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
    expect(token).toMatchObject({ accessToken: "granted", tokenType: "Bearer", refreshToken: "keep" });
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
    expect((await flow).accessToken).toBe("granted");
  });

  it("fails with an auth error when the provider refuses", async () => {
    refuse = "access_denied";
    try {
      const err = await authCodeFlow(ep(), { bind: "127.0.0.1:0", print: () => undefined, openBrowser: (u) => void fetch(u).catch(() => undefined) }).catch((e: unknown) => e);
      expect(isKind(err, "auth")).toBe(true);
      expect((err as Error).message).toContain("access_denied");
    } finally {
      refuse = undefined;
    }
  });
});
