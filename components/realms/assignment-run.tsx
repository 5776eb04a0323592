"use client";

import { useEffect, useRef, useState } from "react";
import { plural } from "@/components/ui/plural";
import { useToast } from "@/components/ui/toast";
import { getAssignmentOperation } from "@/lib/actions/realms/get-assignment-operation";
import { fromActionResult, type RealmFailure } from "@/lib/realms/outcome";
import { isOperationFinished, type OperationView } from "@/lib/realms/views";
import { FailureNotice } from "./failure-notice";

const POLL_MS = 1000;
const MAX_POLLS = 120;

const subject = (o: OperationView) => (o.assignmentName ? `“${o.assignmentName}”` : "all active assignments");

/**
 * Follows a realm assignment run until Okta says it completed (or failed), announcing each change;
 * a completed run is also a toast (a failed one stays here, as its status). Pass a stable
 * onFinished: a new one restarts the polling.
 */
export function AssignmentRun({ connectionId, operation, onFinished }: { connectionId: string; operation: OperationView; onFinished: () => void }) {
  const [current, setCurrent] = useState(operation);
  const [failure, setFailure] = useState<RealmFailure>();
  const toast = useToast();
  const toasted = useRef(false);

  useEffect(() => {
    if (toasted.current || current.status !== "COMPLETED") return;
    toasted.current = true;
    toast(`Run of ${subject(current)} finished: ${plural(current.numUserMoved ?? 0, "user")} moved.`);
  }, [current, toast]);

  useEffect(() => {
    let polls = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const poll = async () => {
      polls += 1;
      const outcome = fromActionResult(await getAssignmentOperation({ connectionId, operationId: operation.id }));
      if (cancelled) return;
      if (!outcome.ok) return setFailure(outcome.failure);
      setCurrent(outcome.value);
      if (isOperationFinished(outcome.value.status)) return onFinished();
      if (polls < MAX_POLLS) timer = setTimeout(() => void poll(), POLL_MS);
    };
    if (!isOperationFinished(operation.status)) timer = setTimeout(() => void poll(), POLL_MS);
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [connectionId, operation, onFinished]);

  return (
    <div className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm">
      <p role="status" aria-live="polite" data-testid="assignment-run-status">
        Run {current.assignmentName ? `of ${current.assignmentName}` : "of all active assignments"}: <strong>{current.status}</strong>
        {current.status === "COMPLETED" ? ` — ${plural(current.numUserMoved ?? 0, "user")} moved.` : "…"}
      </p>
      {failure ? <FailureNotice failure={failure} className="mt-2" /> : null}
    </div>
  );
}
