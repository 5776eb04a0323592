// Faults the sandbox can't inject by itself: its rules answer *instead of* handling the request, so
// they model failures before Okta applied anything. These fetch wrappers model the other half: Okta
// applied the write, then the answer was lost (a 5xx from a proxy, or no answer before the timeout).
export type LossRule = {
  method: string;
  /** Matches the URL's path by prefix. */
  pathPrefix: string;
  /** And, when given, only URLs containing this (e.g. "after=": the pages after the first). */
  urlIncludes?: string;
  /** "5xx": a 502 after the write was applied; "hang": no answer until the caller's signal aborts. */
  kind: "5xx" | "hang";
  /** How many matching requests lose their answer. */
  times: number;
};

export type LossyFetch = { fetch: typeof fetch; lose(rule: LossRule): void; clear(): void; sent(method: string, pathPrefix: string): number };

export function lossyFetch(): LossyFetch {
  let rules: LossRule[] = [];
  const seen: { method: string; path: string }[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const method = (init?.method ?? "GET").toUpperCase();
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const path = url.pathname;
    seen.push({ method, path });
    const rule = rules.find((r) => r.times > 0 && r.method === method && path.startsWith(r.pathPrefix) && (r.urlIncludes === undefined || url.href.includes(r.urlIncludes)));
    // The real request goes out and is applied, whatever happens to its answer.
    const response = await fetch(input, { ...init, signal: rule ? undefined : init?.signal });
    if (!rule) return response;
    rule.times -= 1;
    await response.text();
    if (rule.kind === "5xx") {
      return new Response(JSON.stringify({ errorCode: "E0000009", errorSummary: "Internal Server Error" }), {
        status: 502,
        headers: { "content-type": "application/json", "x-okta-request-id": "lost-answer" },
      });
    }
    return new Promise<Response>((_, reject) => {
      const signal = init?.signal;
      if (!signal) return reject(new Error("a hang needs the caller's timeout signal"));
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
  };
  return {
    fetch: wrapped,
    lose: (rule) => rules.push({ ...rule }),
    clear: () => {
      rules = [];
    },
    sent: (method, pathPrefix) => seen.filter((s) => s.method === method && s.path.startsWith(pathPrefix)).length,
  };
}
