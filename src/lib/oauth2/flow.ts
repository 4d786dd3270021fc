/**
 * The browser half of OAuth2, as rclone does it: a web server on
 * 127.0.0.1:53682 whose /auth page sends the browser to the provider with
 * a random state, and whose / page receives the provider's redirect with
 * the code. The state must come back unchanged; a request with another
 * state (or none) is refused and the flow goes on waiting for the right one.
 */
import { randomBytes } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FsError } from "../../fs/errors.js";
import { exchangeCode, type OAuthEndpoint, type Token } from "./token.js";

/** Where rclone's (and so tclone's) auth server listens. */
export const DEFAULT_BIND = "127.0.0.1:53682";

export interface AuthFlowOptions {
  /** host:port to listen on (default 127.0.0.1:53682; port 0 picks a free one). */
  bind?: string;
  /** Opens the user's browser at the URL; without it the user is only told where to go. */
  openBrowser?: (url: string) => void | Promise<void>;
  /** Where the messages for the user go (one line each). */
  print: (line: string) => void;
  /** Extra parameters for the provider's authorization URL (access_type=offline…). */
  authParams?: Record<string, string>;
  signal?: AbortSignal;
}

function page(res: ServerResponse, status: number, title: string, text: string): void {
  const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(`<!DOCTYPE html>\n<html><head><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1><p>${esc(text)}</p></body></html>\n`);
}

/** The provider's authorization URL for this client, redirect and state. */
export function authCodeUrl(ep: OAuthEndpoint, redirectUrl: string, state: string, extra: Record<string, string> = {}): string {
  const u = new URL(ep.authUrl);
  u.searchParams.set("client_id", ep.clientId);
  u.searchParams.set("redirect_uri", redirectUrl);
  u.searchParams.set("response_type", "code");
  if (ep.scopes && ep.scopes.length > 0) u.searchParams.set("scope", ep.scopes.join(" "));
  u.searchParams.set("state", state);
  for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
  return u.toString();
}

/** Opens a URL in the desktop's browser (xdg-open, open, start); false if there is no way to. */
export async function openInBrowser(url: string): Promise<void> {
  const { spawn } = await import("node:child_process");
  const [cmd, args] =
    process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "ignore", detached: true });
    child.once("error", reject);
    child.once("spawn", () => {
      child.unref();
      resolve();
    });
  });
}

/** Runs the authorization-code flow through a local web server and returns the token. */
export async function authCodeFlow(ep: OAuthEndpoint, opts: AuthFlowOptions): Promise<Token> {
  const state = randomBytes(16).toString("base64url");
  const [host, portText] = (opts.bind ?? DEFAULT_BIND).split(/:(?=\d+$)/) as [string, string];
  let redirectUrl = ep.redirectUrl ?? "";
  let settle: { resolve: (code: string) => void; reject: (err: unknown) => void } | undefined;
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const q = url.searchParams;
    if (url.pathname === "/auth") {
      if (q.get("state") !== state) return page(res, 400, "Auth state doesn't match", "Start again from the link tclone printed.");
      res.writeHead(307, { location: authCodeUrl(ep, redirectUrl, state, opts.authParams) });
      return res.end();
    }
    if (url.pathname !== "/") return page(res, 404, "Not found", "");
    if (q.get("state") !== state) return page(res, 400, "Auth state doesn't match", "This answer was not for the request tclone made; it is ignored.");
    const error = q.get("error");
    if (error) {
      page(res, 400, "Failure!", `Error: ${error} ${q.get("error_description") ?? ""}`.trim());
      return settle!.reject(new FsError("auth", `oauth2: the provider refused: ${error}`));
    }
    const c = q.get("code");
    if (!c) return page(res, 400, "Failure!", "No code returned by remote server");
    page(res, 200, "Success!", "All done. Please go back to tclone.");
    settle!.resolve(c);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err) => reject(new FsError("auth", `failed to start auth webserver: ${(err as Error).message}`, { cause: err })));
    server.listen(Number(portText), host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  if (redirectUrl === "") redirectUrl = `http://${host}:${port}/`;
  const onAbort = (): void => settle!.reject(new FsError("aborted", "oauth2: authorization aborted"));
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const local = `http://${host}:${port}/auth?state=${encodeURIComponent(state)}`;
    opts.print(opts.openBrowser ? `If your browser doesn't open automatically go to the following link: ${local}` : `Please go to the following link: ${local}`);
    opts.print("Log in and authorize tclone for access");
    opts.print("Waiting for code...");
    if (opts.openBrowser) {
      try {
        await opts.openBrowser(local);
      } catch (err) {
        opts.print(`Failed to open browser automatically (${(err as Error).message}) - please go to the following link: ${local}`);
      }
    }
    const got = await code;
    opts.print("Got code");
    return await exchangeCode({ ...ep, redirectUrl }, got);
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}
