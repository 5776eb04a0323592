// How long a bulk move will take, in words. Pure.
import type { BulkProgress } from "@/lib/bulk/service";

/** Seconds as "about 3 min" / "about 40 s". */
export function duration(seconds: number): string {
  return seconds >= 90 ? `about ${Math.ceil(seconds / 60)} min` : `about ${Math.max(1, Math.round(seconds))} s`;
}

/** What the move will cost before it starts: one request per user, at the job's share of the org's limit. */
export function planText(progress: BulkProgress): string {
  const { plan, job } = progress;
  if (plan.requests === 0) return "Nobody to move.";
  const head = `Moving them takes ${plan.requests} requests`;
  if (plan.ratePerMinute !== null && progress.limitPerMinute !== null) {
    return `${head}: ${duration(plan.seconds ?? 0)} at ${Math.round(plan.ratePerMinute)}/min (${job.maxApiCapacity}% of the org's ${progress.limitPerMinute}/min).`;
  }
  // Not learned until the first move: Okta's published per-minute limits for user updates run from 100 to 600.
  const at = (limit: number) => duration((plan.requests / ((limit * job.maxApiCapacity) / 100)) * 60);
  return `${head}: ${at(600)} at ${job.maxApiCapacity}% of 600/min (Okta's Enterprise limit), ${at(100)} at 100/min; the org's own limit is learned with the first move.`;
}
