import type { Clock } from "./contract";

/** The sandbox clock: wall time plus an offset that tests (and the control plane) can advance. */
export interface SandboxClock extends Clock {
  /** How far the clock has been advanced, in ms. */
  offsetMs(): number;
}

export function createClock(offsetMs = 0): SandboxClock {
  let offset = offsetMs;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      // Time only moves forward: rate-limit windows and token expiry assume monotonic time.
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError("advance(ms) needs a non-negative number");
      offset += ms;
    },
    offsetMs: () => offset,
  };
}

export const iso = (ms: number): string => new Date(ms).toISOString();
