// A scripted stand-in for Okta's HTTP layer, injected as the client's `fetch`: each test says what the
// org answers and then inspects exactly what the client sent.

export type SentRequest = {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  redirect: RequestRedirect | undefined;
};

export type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { hang: true }
  | { networkError: string };

export type Responder = (req: SentRequest, index: number) => Reply;

export const ORIGIN = "https://acme.okta.com";

export function fakeOkta(respond: Responder) {
  const sent: SentRequest[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const req: SentRequest = {
      url,
      method: init?.method ?? "GET",
      headers,
      body: typeof init?.body === "string" ? init.body : undefined,
      redirect: init?.redirect,
    };
    sent.push(req);
    const reply = respond(req, sent.length - 1);
    if ("hang" in reply) {
      return new Promise<Response>((_, reject) => {
        const signal = init?.signal;
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    }
    if ("networkError" in reply) {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error(reply.networkError), { code: reply.networkError }) });
    }
    const text = reply.body === undefined ? null : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
    return new Response(reply.status === 204 ? null : text, {
      status: reply.status,
      headers: { "Content-Type": "application/json", ...reply.headers },
    });
  };
  return { fetch: fetchImpl, sent };
}

export const realmJson = (id: string, name = `Realm ${id}`) => ({
  id,
  created: "2026-01-01T00:00:00.000Z",
  lastUpdated: "2026-01-02T00:00:00.000Z",
  isDefault: false,
  profile: { name, realmType: "PARTNER", domains: ["atko.com"] },
  _links: { self: { href: `${ORIGIN}/api/v1/realms/${id}`, hints: { allow: ["GET"] } } },
  somethingOktaAddedLater: { nested: true },
});

export const userJson = (id: string, login = `${id}@example.com`, realmId = "guoDefault") => ({
  id,
  status: "ACTIVE",
  created: "2026-01-01T00:00:00.000Z",
  activated: null,
  statusChanged: null,
  lastLogin: null,
  lastUpdated: "2026-01-01T00:00:00.000Z",
  passwordChanged: null,
  realmId,
  profile: { login, email: login, firstName: "Ada", lastName: "Lovelace" },
  credentials: { provider: { type: "OKTA", name: "OKTA" } },
  _links: {},
});

export const oktaError = (errorCode: string, errorSummary: string, causes: string[] = []) => ({
  errorCode,
  errorSummary,
  errorLink: errorCode,
  errorId: "oae1234567890",
  errorCauses: causes.map((errorSummary) => ({ errorSummary })),
});

/** A sleep that only records, plus a clock it moves forward. */
export function fakeTime(startMs = Date.parse("2026-06-01T12:00:00.000Z")) {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}
