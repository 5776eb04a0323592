"use client";

import { Button } from "@/components/ui/button";
import { plural } from "@/components/ui/plural";
import type { StreamState } from "./use-ndjson-stream";

/** Count, progress and the Stop button of a streamed listing (announced politely as it grows). `noun` is singular: "realm". */
export function StreamStatus({ state, noun, onStop }: { state: Pick<StreamState<unknown>, "rows" | "status" | "truncated">; noun: string; onStop: () => void }) {
  const count = plural(state.rows.length, noun);
  const text =
    state.status === "idle"
      ? ""
      : state.status === "streaming"
        ? `Loading… ${count} so far`
        : state.status === "stopped"
          ? `Stopped at ${count}.`
          : state.status === "failed"
            ? `${count} loaded before the error.`
            : `${count}${state.truncated ? " (more exist in Okta)" : ""}.`;
  return (
    <div className="flex min-h-9 items-center gap-3">
      <p role="status" aria-live="polite" className="text-sm text-slate-700" data-testid="stream-count">
        {text}
      </p>
      {state.status === "streaming" ? (
        <Button variant="secondary" size="sm" onClick={onStop}>
          Stop
        </Button>
      ) : null}
    </div>
  );
}
