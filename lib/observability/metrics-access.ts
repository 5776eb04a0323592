import { createHash, timingSafeEqual } from "node:crypto";

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 404 };

const digest = (value: string) => createHash("sha256").update(value).digest();

/**
 * /api/metrics is off (404, as if absent) unless METRICS_TOKEN is set; then it needs
 * `Authorization: Bearer <METRICS_TOKEN>`. Compared as SHA-256 digests in constant time, so neither
 * the token's content nor its length shows in the response time.
 */
export function checkMetricsAccess(authorization: string | null, token: string | undefined): MetricsAccess {
  if (!token) return { ok: false, status: 404 };
  const match = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? "");
  const given = match?.[1] ?? "";
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0 ? { ok: true } : { ok: false, status: 401 };
}
