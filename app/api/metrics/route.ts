import { env } from "@/lib/env";
import { renderMetrics } from "@/lib/health/metrics";
import { checkMetricsAccess } from "@/lib/observability/metrics-access";

// Prometheus scrape endpoint: 404 unless METRICS_TOKEN is set, then a bearer token (README, Metrics).
export async function GET(request: Request): Promise<Response> {
  const access = checkMetricsAccess(request.headers.get("authorization"), env().METRICS_TOKEN);
  if (!access.ok) {
    const headers: Record<string, string> = { "Cache-Control": "no-store" };
    if (access.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="metrics"';
    return new Response(access.status === 404 ? "Not found\n" : "Unauthorized\n", { status: access.status, headers });
  }
  const { body, contentType } = await renderMetrics();
  return new Response(body, { status: 200, headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
