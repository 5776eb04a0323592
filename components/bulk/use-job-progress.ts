"use client";

import { useEffect, useRef, useState } from "react";
import { useToast } from "@/components/ui/toast";
import type { BulkProgress } from "@/lib/bulk/service";
import type { BulkJobStatus } from "@/lib/bulk/types";
import { transitionToast } from "./job-toasts";
import { FINISHED } from "./job-status";

/**
 * Follows a job's progress (polled every second until it is over) and toasts each transition it
 * sees once. `seenStatus` is the status the page already knows (RESOLVING for a job it has just
 * queued, so a preview that is ready by the first poll still says so; null for a job opened from
 * the list, so opening a finished job says nothing).
 */
export function useJobProgress(query: string, seenStatus: BulkJobStatus | null, onStatus: (jobId: string, status: string) => void) {
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const toast = useToast();
  const last = useRef<BulkJobStatus | null>(seenStatus);

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const res = await fetch(`/api/bulk/progress?${query}`, { cache: "no-store" });
        if (!res.ok) throw new Error(`progress unavailable (${res.status})`);
        const next = (await res.json()) as BulkProgress;
        if (stop) return;
        const message = transitionToast(last.current, next);
        last.current = next.job.status;
        if (message) toast(message);
        setProgress(next);
        onStatus(next.job.id, next.job.status);
        setError(null);
        if (!FINISHED.has(next.job.status)) timer = setTimeout(() => void poll(), 1000);
      } catch (e) {
        if (!stop) {
          setError(e instanceof Error ? e.message : String(e));
          timer = setTimeout(() => void poll(), 3000);
        }
      }
    };
    void poll();
    return () => {
      stop = true;
      if (timer) clearTimeout(timer);
    };
  }, [query, onStatus, toast]);

  return { progress, error, setError };
}
