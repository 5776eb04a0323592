// Polling for something another process or the sandbox does on its own clock (a worker moving users,
// a child reaching the token endpoint).

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Checks every `intervalMs` until `check` holds; past `timeoutMs`, fails with `message`. */
export async function waitUntil(check: () => boolean, timeoutMs: number, message: string, intervalMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(message);
    await sleep(intervalMs);
  }
}
