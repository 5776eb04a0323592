// Failure injection for tests and demos: added latency, a share of 5xx answers, requests that
// never get an answer (timeouts), and bursts of 429s. Rules match by method and path prefix.

export interface FaultRule {
  /** e.g. "GET"; absent = any method. */
  method?: string;
  /** e.g. "/api/v1/users"; absent = every path. */
  pathPrefix?: string;
  /** Extra latency before the request is handled (ms, real time). */
  latencyMs?: number;
  /** Share of matching requests (0–1) answered with `errorStatus`. */
  errorRate?: number;
  /** The next N matching requests are answered with `errorStatus` (deterministic for tests). */
  failNext?: number;
  /** Default 500 (Okta E0000009); 400 when `errorCauses` is set. */
  errorStatus?: number;
  /** Answer the failed requests with 400 E0000001 carrying these errorCauses (Okta's refusal shape). */
  errorCauses?: string[];
  /** Matching requests never get an answer (the client times out). */
  hang?: boolean;
  /** The next N matching requests get 429 E0000047 regardless of the buckets. */
  rateLimitNext?: number;
}

export interface FaultDecision {
  latencyMs: number;
  hang: boolean;
  errorStatus: number | null;
  /** With errorStatus: the E0000001 causes to answer with (null: a plain E0000009). */
  errorCauses: string[] | null;
  rateLimited: boolean;
}

export class Faults {
  private rules: FaultRule[] = [];

  set(rules: FaultRule[]): void {
    this.rules = rules.map((r) => ({ ...r }));
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule });
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  decide(method: string, path: string, random: () => number = Math.random): FaultDecision {
    const d: FaultDecision = { latencyMs: 0, hang: false, errorStatus: null, errorCauses: null, rateLimited: false };
    for (const r of this.rules) {
      if (r.method && r.method.toUpperCase() !== method) continue;
      if (r.pathPrefix && !path.startsWith(r.pathPrefix)) continue;
      d.latencyMs += r.latencyMs ?? 0;
      if (r.hang) d.hang = true;
      if (r.rateLimitNext && r.rateLimitNext > 0) {
        r.rateLimitNext--;
        d.rateLimited = true;
      }
      if (d.errorStatus === null) {
        const status = r.errorStatus ?? (r.errorCauses ? 400 : 500);
        if (r.failNext && r.failNext > 0) {
          r.failNext--;
          d.errorStatus = status;
        } else if (r.errorRate && random() < r.errorRate) d.errorStatus = status;
        if (d.errorStatus !== null) d.errorCauses = r.errorCauses ? [...r.errorCauses] : null;
      }
    }
    return d;
  }
}
