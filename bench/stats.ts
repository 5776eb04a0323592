/**
 * Nearest-rank percentile of ascending `sorted` (q from 0 to 1): a value that was measured, never an
 * interpolation between two. NaN when there is nothing to rank.
 */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
}
