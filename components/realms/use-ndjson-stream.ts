"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { RealmFailure } from "@/lib/realms/outcome";
import type { StreamLine } from "@/lib/realms/stream-protocol";

export type StreamState<V> = {
  rows: V[];
  status: "idle" | "streaming" | "done" | "stopped" | "failed";
  /** Okta had more records than were asked for (first 200, a record limit). */
  truncated: boolean;
  failure?: RealmFailure;
};

type GuardRefusal = { ok: false; error: { code: string; message: string } };

function isRefusal(value: unknown): value is GuardRefusal {
  return typeof value === "object" && value !== null && "ok" in value && (value as { ok: unknown }).ok === false && "error" in value;
}

/**
 * Reads one of the NDJSON listing routes: rows arrive page by page, `stop()` aborts the request
 * (the server then stops fetching from Okta). A guard refusal (session, role) reads as a failure.
 */
export function useNdjsonStream<V>() {
  const [state, setState] = useState<StreamState<V>>({ rows: [], status: "idle", truncated: false });
  const controller = useRef<AbortController | null>(null);

  const stop = useCallback(() => {
    controller.current?.abort();
  }, []);

  useEffect(() => () => controller.current?.abort(), []);

  const start = useCallback(async (url: string) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setState({ rows: [], status: "streaming", truncated: false });
    const fail = (failure: RealmFailure) => setState((s) => ({ ...s, status: "failed", failure }));
    try {
      const response = await fetch(url, { signal: abort.signal, headers: { Accept: "application/x-ndjson" } });
      const reader = response.body?.getReader();
      if (!reader) return fail({ code: "internal", message: "The server sent no answer. Try again." });
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { done, value } = await reader.read();
        buffer += decoder.decode(value, { stream: !done });
        const lines = buffer.split("\n");
        buffer = done ? "" : (lines.pop() ?? "");
        for (const text of lines) {
          if (text.trim() === "") continue;
          const parsed: unknown = JSON.parse(text);
          if (isRefusal(parsed)) {
            fail({ code: parsed.error.code === "FORBIDDEN" ? "role_forbidden" : parsed.error.code === "UNAUTHENTICATED" ? "signed_out" : "invalid_input", message: parsed.error.message });
            continue;
          }
          const line = parsed as StreamLine<V>;
          if (line.type === "page") setState((s) => ({ ...s, rows: [...s.rows, ...line.items] }));
          else if (line.type === "done") setState((s) => ({ ...s, status: line.stopped ? "stopped" : "done", truncated: line.truncated }));
          else fail(line.failure);
        }
        if (done) break;
      }
      setState((s) => (s.status === "streaming" ? { ...s, status: "done" } : s));
    } catch (error) {
      // A newer start() aborted this one: its state belongs to the newer listing now.
      if (abort.signal.aborted) {
        if (controller.current === abort) setState((s) => ({ ...s, status: "stopped" }));
      }
      else fail({ code: "internal", message: `The listing was interrupted${error instanceof Error ? ` (${error.message})` : ""}. Try again.` });
    }
  }, []);

  return { ...state, start, stop };
}

/** A listing route's URL from fixed parameters plus the form's non-empty answers for `keys`. */
export function listingUrl(path: string, fixed: Record<string, string>, form: FormData, keys: readonly string[]): string {
  const params = new URLSearchParams(fixed);
  for (const key of keys) {
    const value = form.get(key);
    if (typeof value === "string" && value !== "") params.set(key, value);
  }
  return `${path}?${params.toString()}`;
}
