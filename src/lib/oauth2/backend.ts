/**
 * What an OAuth backend shares: rclone's common options (client_id,
 * client_secret, token, auth_url, token_url), its endpoint with any custom
 * values from the config, and a token source that writes refreshed tokens
 * back to the config file (ConfigMapper.set persists, atomically, 0600).
 */
import { FsError } from "../../fs/errors.js";
import type { ConfigGetter, ConfigMapper, OptionSpec } from "../../fs/options.js";
import type { AuthFlowOptions } from "./flow.js";
import { tokenFromJson, tokenToJson, TokenSource, type OAuthEndpoint, type Token } from "./token.js";

/** A provider's built-in client and URLs, which the config may override. */
export interface OAuthDefaults {
  authUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes?: string[];
  /** Extra parameters for the authorization URL. */
  authParams?: Record<string, string>;
}

/** The options every OAuth backend has, in rclone's order and words. */
export const OAUTH_OPTIONS: OptionSpec[] = [
  { name: "client_id", help: "OAuth Client Id.\n\nLeave blank normally.", type: "string", default: "", sensitive: true },
  { name: "client_secret", help: "OAuth Client Secret.\n\nLeave blank normally.", type: "string", default: "", sensitive: true },
  { name: "token", help: "OAuth Access Token as a JSON blob.", type: "string", default: "", advanced: true, sensitive: true },
  { name: "auth_url", help: "Auth server URL.\n\nLeave blank to use the provider defaults.", type: "string", default: "", advanced: true },
  { name: "token_url", help: "Token server url.\n\nLeave blank to use the provider defaults.", type: "string", default: "", advanced: true },
];

/** The endpoint for a remote: its own client and URLs where set, else the provider's. */
export function endpointFor(config: ConfigGetter, d: OAuthDefaults): OAuthEndpoint {
  const pick = (key: string, def: string): string => {
    const v = config.get(key);
    return v === undefined || v === "" ? def : v;
  };
  return {
    clientId: pick("client_id", d.clientId),
    clientSecret: pick("client_secret", d.clientSecret),
    authUrl: pick("auth_url", d.authUrl),
    tokenUrl: pick("token_url", d.tokenUrl),
    ...(d.scopes ? { scopes: d.scopes } : {}),
  };
}

/** A token source for a configured remote; refreshed tokens are saved into its config. */
export function tokenSourceFor(name: string, config: ConfigMapper, d: OAuthDefaults): TokenSource {
  const raw = config.get("token");
  if (raw === undefined || raw === "") {
    throw new FsError("config", `failed to get token for "${name}": empty token found - please run "tclone config" and edit the remote to log in again`);
  }
  return new TokenSource(endpointFor(config, d), tokenFromJson(raw), (t) => config.set("token", tokenToJson(t)));
}

/**
 * Logs in through the browser for a backend (the wizard's auto config and
 * `tclone authorize`): its endpoint with the remote's own client and URLs,
 * its extra authorization parameters, and the auth server where
 * TCLONE_AUTH_BIND puts it (default 127.0.0.1:53682). The flow's web
 * server code loads only here, not with every backend's registration.
 */
export async function browserLogin(d: OAuthDefaults, config: ConfigGetter, opts: Omit<AuthFlowOptions, "authParams">): Promise<Token> {
  const { authCodeFlow } = await import("./flow.js");
  const bind = opts.bind ?? process.env["TCLONE_AUTH_BIND"];
  return authCodeFlow(endpointFor(config, d), { ...opts, ...(bind ? { bind } : {}), ...(d.authParams ? { authParams: d.authParams } : {}) });
}
