/** Requests seen per endpoint ("GET /api/v1/users/:id") and per outcome, for tests and the control plane. */
export class RequestCounters {
  requests: Record<string, number> = {};
  statuses: Record<string, number> = {};
  rateLimited = 0;
  faultsInjected = 0;

  count(endpoint: string): void {
    this.requests[endpoint] = (this.requests[endpoint] ?? 0) + 1;
  }

  status(code: number): void {
    this.statuses[String(code)] = (this.statuses[String(code)] ?? 0) + 1;
  }

  reset(): void {
    this.requests = {};
    this.statuses = {};
    this.rateLimited = 0;
    this.faultsInjected = 0;
  }
}
