// The resident memory of one process, sampled from /proc/<pid>/status (VmRSS) every 100 ms while
// something runs: what the app server really holds, not what the bench thinks it sent.
import { rssMb } from "../proc";

export type RssSummary = { baselineMb: number; peakMb: number; deltaMb: number };

/** Runs `work` while sampling; the baseline is the reading just before it starts. */
export async function sampleRssDuring<T>(pid: number, work: () => Promise<T>, everyMs = 100): Promise<{ result: T; rss: RssSummary }> {
  const baselineMb = rssMb(pid);
  let peakMb = baselineMb;
  const timer = setInterval(() => {
    try {
      peakMb = Math.max(peakMb, rssMb(pid));
    } catch {
      // the process is gone: the work will fail and say so
    }
  }, everyMs);
  try {
    const result = await work();
    peakMb = Math.max(peakMb, rssMb(pid));
    return { result, rss: { baselineMb, peakMb, deltaMb: peakMb - baselineMb } };
  } finally {
    clearInterval(timer);
  }
}
