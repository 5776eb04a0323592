// The sandbox Okta org of a running app (the one scripts/start.ts starts in local mode), over HTTP:
// its control plane (/__sandbox/*, see sandbox/README.md) and its Management API, both with the
// org's API token (`SSWS <token>`). Benches use this because the sandbox lives in the launcher's
// process, not theirs.

export type SandboxRateLimits = {
  buckets: Record<"users-collection" | "user-get" | "user-write" | "api-other" | "oauth2", number>;
  concurrency: number;
  windowSeconds: number;
};

export type SandboxSeeded = {
  connectorApp: { clientId: string; clientSecret: string };
  signInApp: { clientId: string; clientSecret: string };
  admin: { login: string; password: string; id: string };
};

export type SandboxCounters = {
  requests: Record<string, number>;
  statuses: Record<string, number>;
  rateLimited: number;
  faultsInjected: number;
};

export type ApiResponse<T> = { status: number; body: T; headers: Headers };

export class SandboxClient {
  constructor(
    readonly url: string,
    readonly apiToken: string,
  ) {}

  /** One Management API call as the org's super admin (SSWS), or with `bearer` as an OAuth client. */
  api<T = unknown>(method: string, route: string, body?: unknown, bearer?: string): Promise<ApiResponse<T>> {
    return this.request<T>(method, `${this.url}${route}`, body, bearer);
  }

  /**
   * Reads a Management API listing as lib/okta's OktaList does: from `route`, following Link
   * rel="next" as given, until `maxRecords` items; returns how many were read.
   */
  async countListed(route: string, maxRecords: number, bearer?: string): Promise<number> {
    let next: string | undefined = `${this.url}${route}`;
    let total = 0;
    while (next && total < maxRecords) {
      const res: ApiResponse<unknown[]> = await this.request<unknown[]>("GET", next, undefined, bearer);
      if (res.status !== 200) throw new Error(`GET ${route.split("?")[0] ?? route}: HTTP ${res.status}`);
      total += res.body.length;
      next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    }
    return total;
  }

  private async request<T>(method: string, url: string, body?: unknown, bearer?: string): Promise<ApiResponse<T>> {
    const res = await fetch(url, {
      method,
      headers: {
        Authorization: bearer ? `Bearer ${bearer}` : `SSWS ${this.apiToken}`,
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
  }

  private async control<T>(method: string, route: string, body?: unknown): Promise<T> {
    const res = await this.api<T>(method, `/__sandbox${route}`, body);
    if (res.status >= 300) throw new Error(`sandbox control ${method} ${route}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    return res.body;
  }

  state(): Promise<{ url: string; seeded: SandboxSeeded; latencyMs: number; rateLimits: SandboxRateLimits; counts: Record<string, number> }> {
    return this.control("GET", "/state");
  }

  async setLatency(ms: number): Promise<number> {
    return (await this.control<{ latencyMs: number }>("PUT", "/latency", { ms })).latencyMs;
  }

  setRateLimits(overrides: { buckets?: Partial<SandboxRateLimits["buckets"]>; concurrency?: number; windowSeconds?: number }): Promise<SandboxRateLimits> {
    return this.control("PUT", "/rate-limits", overrides);
  }

  counters(): Promise<SandboxCounters> {
    return this.control("GET", "/counters");
  }

  /**
   * Since resetCounters(): the requests to endpoints whose key ("GET /api/v1/users/:id") contains
   * `endpoint`, and the requests of any kind answered 429.
   */
  async requestCount(endpoint: string): Promise<{ requests: number; rateLimited: number }> {
    const counters = await this.counters();
    const requests = Object.entries(counters.requests).reduce((sum, [key, n]) => sum + (key.includes(endpoint) ? n : 0), 0);
    return { requests, rateLimited: counters.rateLimited };
  }

  async resetCounters(): Promise<void> {
    await this.control("DELETE", "/counters");
  }

  /** Adds `count` users (`{n}` in the login pattern) in one request. */
  addUsers(input: { count: number; realmId?: string; loginPattern?: string; start?: number }): Promise<unknown> {
    return this.control("POST", "/users/bulk", input);
  }

  /** An access token for the org's Management API without an OAuth flow (sandbox test shortcut). */
  async mintAccessToken(input: { scopes: string[]; clientId?: string; sub?: string; ttlSeconds?: number }): Promise<string> {
    return (await this.control<{ access_token: string }>("POST", "/tokens", input)).access_token;
  }
}
