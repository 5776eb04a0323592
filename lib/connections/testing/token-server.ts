// A small OAuth 2.0 authorization server for tests: discovery plus a token endpoint with Okta's
// refresh behaviour (client_secret_basic, rotation with leeway 0, invalid_grant on reuse, optional
// reuse detection that kills the whole chain). It counts every token request.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { orgMetadata } from "./org-metadata";

export type TokenServerOptions = {
  clientId: string;
  clientSecret: string;
  /** ROTATE (new refresh token each time, old one dead at once) or STATIC (no refresh_token in answers). */
  rotation?: "ROTATE" | "STATIC";
  /** Like Okta: reusing a rotated refresh token invalidates the newest one too. Default true. */
  reuseDetection?: boolean;
  /** Delay before answering a token request (widens race windows, or provokes client timeouts). */
  delayMs?: number;
  scope?: string;
};

type Canned = { status: number; body: unknown };

export type TokenServer = {
  origin: string;
  /** Token requests received (any outcome). */
  readonly tokenRequests: number;
  readonly invalidGrants: number;
  readonly revocations: number;
  readonly currentRefreshToken: string | undefined;
  readonly lastAccessToken: string | undefined;
  /** A fresh token set as if from an authorization-code exchange (starts a new refresh chain). */
  issueInitial(): { access_token: string; token_type: string; expires_in: number; refresh_token: string; scope: string };
  /** The next token requests get these answers instead (e.g. 503s). */
  failNext(...answers: Canned[]): void;
  /** Revoke the refresh token chain (admin revoked consent, user deactivated…). */
  revokeAll(): void;
  setDelay(ms: number): void;
  close(): Promise<void>;
};

/** RFC 6749 §2.3.1: both parts are form-urlencoded before base64 (openid-client encodes even "-"). */
function basicCredentialsMatch(header: string | undefined, clientId: string, clientSecret: string): boolean {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? "");
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const formDecode = (v: string) => decodeURIComponent(v.replace(/\+/g, " "));
  return colon > 0 && formDecode(decoded.slice(0, colon)) === clientId && formDecode(decoded.slice(colon + 1)) === clientSecret;
}

const token = (prefix: string) => `${prefix}-${randomBytes(12).toString("base64url")}`;

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  let tokenRequests = 0;
  let invalidGrants = 0;
  let revocations = 0;
  let current: string | undefined;
  let lastAccessToken: string | undefined;
  let delayMs = options.delayMs ?? 0;
  const used = new Set<string>();
  const canned: Canned[] = [];
  const scope = options.scope ?? "openid offline_access okta.users.read";
  let origin = "";

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };
  const issueAccess = () => (lastAccessToken = token("at"));

  const handleToken = async (req: http.IncomingMessage, res: http.ServerResponse, body: string) => {
    tokenRequests++;
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    const next = canned.shift();
    if (next) return send(res, next.status, next.body);
    if (!basicCredentialsMatch(req.headers.authorization, options.clientId, options.clientSecret)) {
      return send(res, 401, { error: "invalid_client", error_description: "Client authentication failed." });
    }
    const form = new URLSearchParams(body);
    if (form.get("grant_type") !== "refresh_token") return send(res, 400, { error: "unsupported_grant_type" });
    const presented = form.get("refresh_token") ?? "";
    if (current === undefined || presented !== current) {
      invalidGrants++;
      if (used.has(presented) && (options.reuseDetection ?? true)) current = undefined; // Okta's reuse detection
      return send(res, 400, { error: "invalid_grant", error_description: "The refresh token is invalid or expired." });
    }
    const answer: Record<string, unknown> = { token_type: "Bearer", expires_in: 3600, access_token: issueAccess(), scope };
    if ((options.rotation ?? "ROTATE") === "ROTATE") {
      used.add(current);
      current = token("rt"); // leeway 0: the presented token is dead from now on
      answer.refresh_token = current;
    }
    send(res, 200, answer);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      if (req.method === "GET" && req.url === "/.well-known/openid-configuration") {
        return send(res, 200, orgMetadata(origin, { subject_types_supported: ["public"], id_token_signing_alg_values_supported: ["RS256"] }));
      }
      if (req.method === "POST" && req.url === "/oauth2/v1/token") {
        handleToken(req, res, body).catch(() => send(res, 500, { error: "server_error" }));
        return;
      }
      if (req.method === "POST" && req.url === "/oauth2/v1/revoke") {
        // Okta: 200 whether or not the token was valid. Revoking the refresh token ends the chain.
        if (!basicCredentialsMatch(req.headers.authorization, options.clientId, options.clientSecret)) return send(res, 401, { error: "invalid_client" });
        revocations++;
        if (new URLSearchParams(body).get("token") === current) current = undefined;
        res.writeHead(200).end();
        return;
      }
      send(res, 404, { error: "not_found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    get tokenRequests() {
      return tokenRequests;
    },
    get invalidGrants() {
      return invalidGrants;
    },
    get revocations() {
      return revocations;
    },
    get currentRefreshToken() {
      return current;
    },
    get lastAccessToken() {
      return lastAccessToken;
    },
    issueInitial() {
      if (current) used.add(current);
      current = token("rt");
      return { access_token: issueAccess(), token_type: "Bearer", expires_in: 3600, refresh_token: current, scope };
    },
    failNext: (...answers) => void canned.push(...answers),
    revokeAll: () => void (current = undefined),
    setDelay: (ms) => void (delayMs = ms),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
