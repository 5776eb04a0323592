// Liveness: the process is up and serving. No dependency is checked (a database outage must not get
// every instance restarted); /api/health is readiness.
export function GET(): Response {
  return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
}
