import { vi } from "vitest";

/**
 * Collects what the app's logger (lib/observability/log.ts) writes to stdout while a suite runs,
 * still passing it through, so suites that scan logs for secrets see every line.
 */
export function captureAppLogs(push: (line: string) => void): void {
  const original = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
    push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
    return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write);
}
