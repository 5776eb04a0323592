// Server time as a browser sees it: one GET with the session cookie, timed from the request to the
// last byte of the body (a streamed page counts until its end). Medians and p95 over many requests
// after a warm-up, so a single GC pause or JIT compile does not decide a ratio. The app server's
// CPU time per request (utime + stime from /proc) is kept too: on a machine shared with other work,
// it shows what the app itself spent, which the wall-clock times cannot separate from the noise.
import { cpuMs } from "../proc";
import { percentile } from "../stats";

export type Timed = { ms: number; status: number; bytes: number; body: string };

export async function timedGet(url: string, cookie: string): Promise<Timed> {
  const started = performance.now();
  const res = await fetch(url, { headers: { Cookie: cookie }, redirect: "manual" });
  const body = await res.text();
  return { ms: performance.now() - started, status: res.status, bytes: Buffer.byteLength(body), body };
}

export type Samples = { times: number[]; cpuMs: number; last: Timed };

/** `warmup` untimed requests, then `n` timed ones, one at a time. Every response must pass `check`. */
export async function sample(url: string, cookie: string, options: { warmup: number; n: number; pid: number; check: (r: Timed) => void }): Promise<Samples> {
  for (let i = 0; i < options.warmup; i++) options.check(await timedGet(url, cookie));
  const times: number[] = [];
  let last: Timed | undefined;
  const cpuBefore = cpuMs(options.pid);
  for (let i = 0; i < options.n; i++) {
    last = await timedGet(url, cookie);
    options.check(last);
    times.push(last.ms);
  }
  if (!last) throw new Error("sample: n must be at least 1");
  return { times, cpuMs: cpuMs(options.pid) - cpuBefore, last };
}

export type Series = { median: number; p95: number; n: number; bytes: number; cpuMsPerRequest: number };

export function summarize(parts: Samples[]): Series {
  const sorted = parts.flatMap((p) => p.times).sort((a, b) => a - b);
  const last = parts.at(-1)?.last;
  if (!last || sorted.length === 0) throw new Error("summarize: no samples");
  const cpu = parts.reduce((sum, p) => sum + p.cpuMs, 0);
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), n: sorted.length, bytes: last.bytes, cpuMsPerRequest: cpu / sorted.length };
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
