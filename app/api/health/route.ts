import { getHealth } from "@/lib/health/get-health";

export async function GET(): Promise<Response> {
  const health = await getHealth();
  return Response.json(health, { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
