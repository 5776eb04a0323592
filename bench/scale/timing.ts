// Server time as a browser sees it: one GET with the session cookie, timed from the request to the
// last byte of the body (a streamed page counts until its end). Medians and p95 over many requests
// after a warm-up, so a single GC pause or JIT compile does not decide a ratio.

export type Timed = { ms: number; status: number; bytes: number; body: string };

export async function timedGet(url: string, cookie: string): Promise<Timed> {
  const started = performance.now();
  const res = await fetch(url, { headers: { Cookie: cookie }, redirect: "manual" });
  const body = await res.text();
  return { ms: performance.now() - started, status: res.status, bytes: Buffer.byteLength(body), body };
}

export type Series = { median: number; p95: number; min: number; max: number; n: number; bytes: number; last: Timed };

/** `warmup` untimed requests, then `n` timed ones, one at a time. Every response must pass `check`. */
export async function measure(url: string, cookie: string, options: { warmup: number; n: number; check: (r: Timed) => void }): Promise<Series> {
  let last: Timed | undefined;
  for (let i = 0; i < options.warmup; i++) options.check(await timedGet(url, cookie));
  const times: number[] = [];
  for (let i = 0; i < options.n; i++) {
    last = await timedGet(url, cookie);
    options.check(last);
    times.push(last.ms);
  }
  if (!last) throw new Error("measure: n must be at least 1");
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  return { median: at(0.5), p95: at(0.95), min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN, n: times.length, bytes: last.bytes, last };
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
