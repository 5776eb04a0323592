import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { installGracefulShutdown } from "./graceful-shutdown";
import { createLogger, replaceLogger } from "./log";
import { isDraining } from "./shutdown";

describe("SIGTERM", () => {
  // The test runner's own SIGTERM listeners, put back afterwards.
  let saved: NodeJS.SignalsListener[] = [];
  beforeEach(() => {
    saved = process.listeners("SIGTERM");
    process.removeAllListeners("SIGTERM");
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    process.removeAllListeners("SIGTERM");
    for (const listener of saved) process.on("SIGTERM", listener);
  });

  it("turns readiness off and stops background work at once, hands over to the server's handler after the drain, exits at the grace deadline", async () => {
    vi.useFakeTimers();
    replaceLogger(createLogger({ format: "json", write: () => {} }));
    const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
    const serverHandler = vi.fn();
    process.on("SIGTERM", serverHandler); // what Next registers before instrumentation runs
    const stopWork = vi.fn(async () => {});
    installGracefulShutdown({ drainMs: 5_000, graceMs: 25_000, stopWork });

    process.emit("SIGTERM", "SIGTERM");
    expect(isDraining()).toBe(true);
    expect(stopWork).toHaveBeenCalledTimes(1);
    expect(serverHandler).not.toHaveBeenCalled(); // still serving while load balancers notice the 503

    await vi.advanceTimersByTimeAsync(5_000);
    expect(serverHandler).toHaveBeenCalledWith("SIGTERM");
    expect(exit).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(20_000);
    expect(exit).toHaveBeenCalledWith(143);
  });
});
