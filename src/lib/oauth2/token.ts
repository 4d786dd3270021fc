/**
 * OAuth2 tokens as rclone keeps them in rclone.conf: the JSON of Go's
 * oauth2.Token, `{"access_token":…,"token_type":…,"refresh_token":…,
 * "expiry":"2006-01-02T15:04:05.999999999Z07:00"}`, and the token
 * endpoint's two grants: exchanging an authorization code and refreshing.
 *
 * Tokens are secrets: nothing here logs them, and errors name the endpoint
 * and the provider's error code, never a token.
 */
import { FsError } from "../../fs/errors.js";
import { goJsonStringify } from "../gojson.js";
import { formatGoTime, GoLayout } from "../gotime.js";
import { parseGoTime } from "../gotime-parse.js";

/** A token. expiry is ns since the epoch; undefined means it never expires (Go's zero time). */
export interface Token {
  accessToken: string;
  tokenType: string;
  refreshToken: string;
  expiry: bigint | undefined;
}

/** Where and as whom to ask for tokens. */
export interface OAuthEndpoint {
  clientId: string;
  clientSecret: string;
  authUrl: string;
  tokenUrl: string;
  /** Where the provider sends the browser back with the code. */
  redirectUrl?: string;
  scopes?: string[];
}

const GO_ZERO_TIME = "0001-01-01T00:00:00Z";
/** A token this close to its expiry counts as expired, as in Go's oauth2 package. */
export const EXPIRY_DELTA_NS = 10_000_000_000n;

/** The token as rclone writes it into the config file. */
export function tokenToJson(t: Token): string {
  return goJsonStringify({
    access_token: t.accessToken,
    ...(t.tokenType !== "" ? { token_type: t.tokenType } : {}),
    ...(t.refreshToken !== "" ? { refresh_token: t.refreshToken } : {}),
    expiry: t.expiry === undefined ? GO_ZERO_TIME : formatGoTime(t.expiry, GoLayout.RFC3339Nano, { utc: true }),
  });
}

/** Reads a token from the config file's `token` value. */
export function tokenFromJson(s: string): Token {
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch {
    throw new FsError("config", "failed to get token: invalid token in config file: not JSON");
  }
  if (typeof v !== "object" || v === null) throw new FsError("config", "failed to get token: invalid token in config file");
  const o = v as Record<string, unknown>;
  const str = (k: string): string => (typeof o[k] === "string" ? (o[k] as string) : "");
  let expiry: bigint | undefined;
  const e = str("expiry");
  if (e !== "" && e !== GO_ZERO_TIME) {
    try {
      expiry = parseGoTime(e, GoLayout.RFC3339Nano);
    } catch {
      throw new FsError("config", "failed to get token: invalid expiry in config file token");
    }
  }
  return { accessToken: str("access_token"), tokenType: str("token_type"), refreshToken: str("refresh_token"), expiry };
}

/** True if the token is missing, or expires within EXPIRY_DELTA of now. */
export function tokenExpired(t: Token | undefined, nowNs: bigint = BigInt(Date.now()) * 1_000_000n): boolean {
  if (!t || t.accessToken === "") return true;
  return t.expiry !== undefined && t.expiry - EXPIRY_DELTA_NS <= nowNs;
}

/** How the client authenticates to the token endpoint. */
type AuthStyle = "header" | "params";
/** What worked per token URL, as Go's oauth2 remembers it (auto-detect: header first). */
const authStyles = new Map<string, AuthStyle>();

async function post(ep: OAuthEndpoint, form: Record<string, string>, style: AuthStyle): Promise<Response> {
  const body = new URLSearchParams(form);
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", accept: "application/json" };
  if (style === "header") {
    const id = encodeURIComponent(ep.clientId);
    const secret = encodeURIComponent(ep.clientSecret);
    headers["authorization"] = "Basic " + Buffer.from(`${id}:${secret}`).toString("base64");
  } else {
    body.set("client_id", ep.clientId);
    if (ep.clientSecret !== "") body.set("client_secret", ep.clientSecret);
  }
  try {
    return await fetch(ep.tokenUrl, { method: "POST", headers, body, redirect: "error" });
  } catch (err) {
    throw new FsError("auth", `oauth2: cannot fetch token: ${(err as Error).message}`, { cause: err, retry: true });
  }
}

/** Reads a token endpoint's answer, JSON or form-encoded. */
async function readTokenResponse(res: Response, previous: Token | undefined): Promise<Token> {
  const text = await res.text();
  const type = res.headers.get("content-type") ?? "";
  let o: Record<string, unknown>;
  if (type.includes("application/x-www-form-urlencoded") || type.includes("text/plain")) {
    o = Object.fromEntries(new URLSearchParams(text));
  } else {
    try {
      o = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new FsError("auth", `oauth2: server response is not JSON (HTTP ${res.status})`);
    }
  }
  if (res.status < 200 || res.status > 299 || typeof o["error"] === "string") {
    const code = typeof o["error"] === "string" ? o["error"] : "";
    const desc = typeof o["error_description"] === "string" ? ` ${o["error_description"]}` : "";
    throw new FsError("auth", `oauth2: cannot fetch token: ${res.status} ${res.statusText}${code ? `: ${code}${desc}` : ""}`);
  }
  const access = typeof o["access_token"] === "string" ? o["access_token"] : "";
  if (access === "") throw new FsError("auth", "oauth2: server response missing access_token");
  const expiresIn = Number(o["expires_in"] ?? 0);
  return {
    accessToken: access,
    tokenType: typeof o["token_type"] === "string" ? o["token_type"] : "",
    // A refresh answer may leave the refresh token out: the old one stays good.
    refreshToken: typeof o["refresh_token"] === "string" && o["refresh_token"] !== "" ? o["refresh_token"] : (previous?.refreshToken ?? ""),
    expiry: Number.isFinite(expiresIn) && expiresIn > 0 ? BigInt(Date.now() + expiresIn * 1000) * 1_000_000n : undefined,
  };
}

/** One grant against the token endpoint, trying the client authentication styles as Go does. */
async function grant(ep: OAuthEndpoint, form: Record<string, string>, previous: Token | undefined): Promise<Token> {
  const known = authStyles.get(ep.tokenUrl);
  const styles: AuthStyle[] = known ? [known] : ["header", "params"];
  let last: unknown;
  for (const style of styles) {
    const res = await post(ep, form, style);
    try {
      const t = await readTokenResponse(res, previous);
      authStyles.set(ep.tokenUrl, style);
      return t;
    } catch (err) {
      last = err;
      // Only a refused client is worth the other style; anything else is the answer.
      if (known || !(res.status === 400 || res.status === 401)) throw err;
    }
  }
  throw last;
}

/** Exchanges an authorization code (from the redirect) for a token. */
export function exchangeCode(ep: OAuthEndpoint, code: string): Promise<Token> {
  return grant(ep, { grant_type: "authorization_code", code, ...(ep.redirectUrl ? { redirect_uri: ep.redirectUrl } : {}) }, undefined);
}

/** Gets a new access token with the refresh token. */
export function refreshToken(ep: OAuthEndpoint, t: Token): Promise<Token> {
  if (t.refreshToken === "") throw new FsError("auth", "oauth2: token expired and refresh token is not set");
  return grant(ep, { grant_type: "refresh_token", refresh_token: t.refreshToken }, t);
}

/**
 * Hands out a valid token, refreshing it shortly before it expires (or
 * when a server refused it), one refresh at a time, and passing every new
 * token to save (which writes it back to the config file).
 */
export class TokenSource {
  private inflight: Promise<Token> | undefined;

  constructor(
    private readonly ep: OAuthEndpoint,
    private token: Token,
    private readonly save: (t: Token) => void | Promise<void>,
  ) {}

  /** A token good for at least EXPIRY_DELTA. */
  async get(): Promise<Token> {
    if (!tokenExpired(this.token)) return this.token;
    return this.refresh();
  }

  /** Call when the server answered 401 with the token from get(): forces a refresh. */
  invalidate(): Promise<Token> {
    return this.refresh();
  }

  private refresh(): Promise<Token> {
    this.inflight ??= (async () => {
      try {
        const t = await refreshToken(this.ep, this.token);
        this.token = t;
        await this.save(t);
        return t;
      } finally {
        this.inflight = undefined;
      }
    })();
    return this.inflight;
  }
}
