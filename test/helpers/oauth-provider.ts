/**
 * A loopback OAuth2 provider for tests: its authorization page checks the
 * client, the response type, the scopes and the redirect, then sends the
 * browser back with a fresh code and the state; its token endpoint takes a
 * code only with the redirect URI it was issued for, and a refresh token
 * only if it issued it, and checks the client's credentials (Basic auth).
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface OAuthProvider {
  base: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  /** When set, the authorization page answers with this error instead of a code. */
  refuse: string | undefined;
  /** Every grant the token endpoint answered, in order. */
  grants: string[];
  stop(): Promise<void>;
}

export async function startOAuthProvider(clientId = "cid", clientSecret = "csecret", scopes = ["read", "write"]): Promise<OAuthProvider> {
  const codes = new Map<string, string>();
  const refreshTokens = new Set<string>();
  let issued = 0;
  const p: OAuthProvider = { base: "", clientId, clientSecret, scopes, refuse: undefined, grants: [], stop: () => Promise.resolve() };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "GET" && url.pathname === "/authorize") {
      const q = url.searchParams;
      const redirect = q.get("redirect_uri") ?? "";
      if (q.get("client_id") !== clientId || q.get("response_type") !== "code" || !q.get("state") || !redirect.startsWith("http://127.0.0.1:") || q.get("scope") !== scopes.join(" ")) {
        res.writeHead(400);
        return res.end("bad authorization request");
      }
      const back = new URL(redirect);
      if (p.refuse) back.searchParams.set("error", p.refuse);
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
        const client = req.headers.authorization === "Basic " + Buffer.from(`${clientId}:${clientSecret}`).toString("base64");
        const grant = f.get("grant_type") ?? "";
        let ok = false;
        if (grant === "authorization_code") {
          const code = f.get("code") ?? "";
          ok = client && codes.get(code) === f.get("redirect_uri");
          codes.delete(code);
        } else if (grant === "refresh_token") {
          ok = client && refreshTokens.has(f.get("refresh_token") ?? "");
        }
        if (ok) p.grants.push(grant);
        issued++;
        const refresh = `refresh-${issued}`;
        if (ok) refreshTokens.add(refresh);
        res.writeHead(ok ? 200 : 400, { "content-type": "application/json" });
        res.end(JSON.stringify(ok ? { access_token: `access-${issued}`, token_type: "Bearer", refresh_token: refresh, expires_in: 3600 } : { error: "invalid_grant" }));
      });
      return;
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  p.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  p.stop = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return p;
}
