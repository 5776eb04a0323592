// The fetch every outbound call of the app goes through (Okta's Management API, openid-client's
// discovery/token/revocation, Auth.js sign-in issuers). It keeps the server from being used to reach
// its own network (SSRF):
//   - the connection is opened by an undici Agent whose connector refuses IP literals that aren't
//     public and resolves names with the guarded lookup (every answer must be public, and the socket
//     goes to the address that was checked: no DNS-rebinding window);
//   - redirects are never followed (a 3xx comes back to the caller, which refuses it), so a public
//     host cannot bounce a request to 169.254.169.254 or 127.0.0.1;
//   - the only exemption is an explicit list of origins (DEV_OKTA_HTTP_ORIGINS: the sandbox on
//     http://127.0.0.1:<port>), matched exactly on scheme, host and port.
import { Agent, buildConnector } from "undici";
import { classifyAddress, isIpLiteral } from "./address-policy";
import { DisallowedAddressError, createGuardedLookup, type Resolver } from "./guarded-lookup";

export type OutboundPolicy = {
  /** Exact origins allowed to be on non-public addresses (DEV_OKTA_HTTP_ORIGINS); nothing else is. */
  exemptOrigins?: readonly string[];
  /** Name resolution; the system resolver unless a test injects one. */
  resolve?: Resolver;
};

/** TCP/TLS connect timeout. */
const CONNECT_TIMEOUT_MS = 10_000;

/** `http://127.0.0.1:4010/` → `http://127.0.0.1:4010`; entries that aren't an http(s) origin are dropped, never widened. */
function normaliseOrigins(origins: readonly string[] | undefined): string[] {
  return (origins ?? []).flatMap((entry) => {
    try {
      const url = new URL(entry.trim());
      return url.protocol === "http:" || url.protocol === "https:" ? [url.origin] : [];
    } catch {
      return [];
    }
  });
}

function originOf(options: buildConnector.Options): string | undefined {
  const host = options.host ?? (options.hostname.includes(":") ? `[${options.hostname}]` : options.hostname) + (options.port ? `:${options.port}` : "");
  try {
    return new URL(`${options.protocol}//${host}`).origin;
  } catch {
    return undefined;
  }
}

/** An undici Agent that only connects to public addresses (or to an exempt origin). */
function createOutboundAgent(policy: OutboundPolicy = {}): Agent {
  const exempt = new Set(normaliseOrigins(policy.exemptOrigins));
  const direct = buildConnector({ timeout: CONNECT_TIMEOUT_MS });
  const guarded = buildConnector({ timeout: CONNECT_TIMEOUT_MS, lookup: createGuardedLookup(policy.resolve) });
  const refuse = (callback: buildConnector.Callback, error: Error): void => queueMicrotask(() => callback(error, null));

  return new Agent({
    connect(options, callback) {
      const origin = originOf(options);
      if (origin !== undefined && exempt.has(origin)) return direct(options, callback);
      const hostname = options.hostname;
      if (isIpLiteral(hostname)) {
        // net.connect skips `lookup` for IP literals, so they are judged here.
        const verdict = classifyAddress(hostname);
        if (!verdict.allowed) return refuse(callback, new DisallowedAddressError(hostname, hostname, verdict.kind));
        return direct(options, callback);
      }
      return guarded(options, callback);
    },
  });
}

const sharedAgents = new Map<string, Agent>();

/** One Agent (one connection pool) per exemption list when the system resolver is used. */
function agentFor(policy: OutboundPolicy): Agent {
  if (policy.resolve !== undefined) return createOutboundAgent(policy);
  const key = normaliseOrigins(policy.exemptOrigins).sort().join(" ");
  let agent = sharedAgents.get(key);
  if (!agent) {
    agent = createOutboundAgent(policy);
    sharedAgents.set(key, agent);
  }
  return agent;
}

/**
 * A fetch with the outbound policy. `redirect` is forced to "manual" whatever the caller asked: the
 * 3xx is returned as is and no second request is made.
 */
export function createOutboundFetch(policy: OutboundPolicy = {}): typeof fetch {
  const agent = agentFor(policy);
  return (input, init) => {
    const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    let url: URL;
    try {
      url = new URL(href);
    } catch {
      return Promise.reject(new TypeError("Refused an outbound request to an invalid URL"));
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      return Promise.reject(new TypeError(`Refused an outbound ${url.protocol} request: only http(s) is fetched`));
    }
    // Node's fetch (undici) takes the dispatcher per request; the DOM RequestInit type doesn't name it.
    const options: RequestInit & { dispatcher: Agent } = { ...init, redirect: "manual", dispatcher: agent };
    return fetch(input, options);
  };
}
