/**
 * OAuth2 tokens against a loopback token endpoint that checks what a real
 * provider checks: POST, form encoding, the client's credentials (in the
 * Authorization header, or only in the body for some providers), the
 * grant type, the code or refresh token, and answers errors as RFC 6749
 * says (JSON with "error").
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isKind } from "../../../src/fs/errors.js";
import { exchangeCode, refreshToken, tokenExpired, tokenFromJson, tokenToJson, TokenSource, type OAuthEndpoint, type Token } from "../../../src/lib/oauth2/token.js";

const CLIENT_ID = "client id&1";
const CLIENT_SECRET = "s3cr=t";

interface Seen {
  auth: "header" | "params" | "none";
  form: URLSearchParams;
}

let server: Server;
let base = "";
let seen: Seen[] = [];
/** The refresh tokens the provider accepts (/body-only paths take client credentials only in the body). */
let refreshTokens = new Set<string>();
let issued = 0;

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let s = "";
    req.on("data", (b: Buffer) => (s += b.toString()));
    req.on("end", () => resolve(s));
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const form = new URLSearchParams(await body(req));
      const send = (status: number, o: unknown, type = "application/json"): void => {
        res.writeHead(status, { "content-type": type });
        res.end(typeof o === "string" ? o : JSON.stringify(o));
      };
      if (req.method !== "POST" || req.headers["content-type"] !== "application/x-www-form-urlencoded") return send(400, { error: "invalid_request" });
      let auth: Seen["auth"] = "none";
      const h = req.headers["authorization"];
      if (h?.startsWith("Basic ")) {
        const [id, secret] = Buffer.from(h.slice(6), "base64").toString().split(":").map(decodeURIComponent);
        if (id !== CLIENT_ID || secret !== CLIENT_SECRET) return send(401, { error: "invalid_client" });
        auth = "header";
      } else if (form.get("client_id") === CLIENT_ID && form.get("client_secret") === CLIENT_SECRET) {
        auth = "params";
      }
      const bodyOnly = req.url?.startsWith("/body-only");
      if (auth === "none" || (bodyOnly && auth === "header")) return send(401, { error: "invalid_client" });
      seen.push({ auth, form });
      const grant = form.get("grant_type");
      if (grant === "authorization_code") {
        if (form.get("code") !== "good-code" || form.get("redirect_uri") !== "http://127.0.0.1:53682/") return send(400, { error: "invalid_grant" });
      } else if (grant === "refresh_token") {
        if (!refreshTokens.has(form.get("refresh_token") ?? "")) return send(400, { error: "invalid_grant", error_description: "token revoked" });
      } else return send(400, { error: "unsupported_grant_type" });
      issued++;
      if (req.url?.endsWith("/form")) return send(200, `access_token=form-${issued}&token_type=bearer`, "application/x-www-form-urlencoded");
      const rotate = req.url?.endsWith("/rotate");
      const next = rotate ? `refresh-${issued}` : undefined;
      if (next) refreshTokens.add(next);
      send(200, { access_token: `access-${issued}`, token_type: "Bearer", expires_in: 3600, ...(next ? { refresh_token: next } : {}) });
    })();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  seen = [];
  refreshTokens = new Set(["refresh-0"]);
});

const ep = (path = "/token"): OAuthEndpoint => ({
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  authUrl: base + "/auth",
  tokenUrl: base + path,
  redirectUrl: "http://127.0.0.1:53682/",
});
const expired: Token = { accessToken: "old", tokenType: "Bearer", refreshToken: "refresh-0", expiry: BigInt(Date.now() - 1000) * 1_000_000n };

describe("token JSON as rclone stores it", () => {
  it("round-trips rclone's format byte for byte", () => {
    const s = '{"access_token":"a.b-c","token_type":"Bearer","refresh_token":"r/1","expiry":"2024-01-02T15:04:05.123456789Z"}';
    const t = tokenFromJson(s);
    expect(t.expiry).toBe(1704207845123456789n);
    expect(tokenToJson(t)).toBe(s);
  });

  it("reads other zones and Go's zero time (never expires)", () => {
    expect(tokenFromJson('{"access_token":"a","expiry":"2024-01-02T16:04:05+01:00"}').expiry).toBe(1704207845000000000n);
    const never = tokenFromJson('{"access_token":"a","token_type":"Bearer","expiry":"0001-01-01T00:00:00Z"}');
    expect(never.expiry).toBeUndefined();
    expect(tokenExpired(never)).toBe(false);
    expect(tokenToJson(never)).toBe('{"access_token":"a","token_type":"Bearer","expiry":"0001-01-01T00:00:00Z"}');
  });

  it("counts a token as expired ten seconds early", () => {
    const now = 1_000_000_000_000_000_000n;
    const t = (inNs: bigint): Token => ({ accessToken: "a", tokenType: "", refreshToken: "", expiry: now + inNs });
    expect(tokenExpired(t(11_000_000_000n), now)).toBe(false);
    expect(tokenExpired(t(9_000_000_000n), now)).toBe(true);
  });

  it("refuses a token that is not JSON with a config error", () => {
    expect(() => tokenFromJson("{nope")).toThrow(/invalid token in config file/);
  });
});

describe("the token endpoint", () => {
  it("exchanges a code, sending the redirect URI and the client in the Authorization header", async () => {
    const t = await exchangeCode(ep(), "good-code");
    expect(t.accessToken).toMatch(/^access-\d+$/);
    expect(t.expiry! > BigInt(Date.now()) * 1_000_000n).toBe(true);
    expect(seen[0]!.auth).toBe("header");
    expect(seen[0]!.form.get("client_id")).toBeNull();
  });

  it("falls back to credentials in the body when the header is refused, and remembers it", async () => {
    await refreshToken(ep("/body-only"), expired);
    await refreshToken(ep("/body-only"), expired);
    expect(seen.map((s) => s.auth)).toEqual(["params", "params"]);
  });

  it("keeps the old refresh token unless a new one comes, and takes a new one when it does", async () => {
    expect((await refreshToken(ep(), expired)).refreshToken).toBe("refresh-0");
    const rotated = await refreshToken(ep("/rotate"), expired);
    expect(rotated.refreshToken).toMatch(/^refresh-\d+$/);
    expect(rotated.refreshToken).not.toBe("refresh-0");
  });

  it("reads form-encoded answers", async () => {
    const t = await refreshToken(ep("/form"), expired);
    expect(t.accessToken).toMatch(/^form-\d+$/);
    expect(t.expiry).toBeUndefined();
  });

  it("fails with an auth error that names the provider's code but no token", async () => {
    const err = await refreshToken(ep(), { ...expired, refreshToken: "revoked-secret" }).catch((e: unknown) => e);
    expect(isKind(err, "auth")).toBe(true);
    expect((err as Error).message).toMatch(/invalid_grant token revoked/);
    expect((err as Error).message).not.toContain("revoked-secret");
    const bad = await exchangeCode(ep(), "wrong-code").catch((e: unknown) => e);
    expect((bad as Error).message).toMatch(/400 Bad Request: invalid_grant/);
  });
});

describe("TokenSource", () => {
  it("refreshes an expired token once for many callers and saves it", async () => {
    const saved: string[] = [];
    const src = new TokenSource(ep(), expired, (t) => void saved.push(tokenToJson(t)));
    const got = await Promise.all(Array.from({ length: 5 }, () => src.get()));
    expect(new Set(got.map((t) => t.accessToken)).size).toBe(1);
    expect(got[0]!.accessToken).not.toBe("old");
    expect(saved).toHaveLength(1);
    expect(tokenFromJson(saved[0]!).accessToken).toBe(got[0]!.accessToken);
    expect(seen).toHaveLength(1);
    // Still valid: no second refresh.
    await src.get();
    expect(seen).toHaveLength(1);
  });

  it("refreshes when the server refused a token that looked valid", async () => {
    const fresh: Token = { ...expired, accessToken: "revoked", expiry: BigInt(Date.now() + 3_600_000) * 1_000_000n };
    const src = new TokenSource(ep(), fresh, () => undefined);
    expect((await src.get()).accessToken).toBe("revoked");
    expect((await src.invalidate()).accessToken).toMatch(/^access-\d+$/);
  });
});
