"use client";

import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { plural } from "@/components/ui/plural";
import { useToast } from "@/components/ui/toast";
import { cancelBulkJob } from "@/lib/actions/bulk/cancel-bulk-job";
import { pauseBulkJob } from "@/lib/actions/bulk/pause-bulk-job";
import { resumeBulkJob } from "@/lib/actions/bulk/resume-bulk-job";
import { startBulkJob } from "@/lib/actions/bulk/start-bulk-job";
import type { BulkProgress } from "@/lib/bulk/service";
import { actionToast, type JobAction } from "./job-toasts";
import { FINISHED } from "./job-status";

const ACTIONS = { start: startBulkJob, pause: pauseBulkJob, resume: resumeBulkJob, cancel: cancelBulkJob } satisfies Record<JobAction, unknown>;

const linkButton =
  "inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-900 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand";

/** Start / pause / resume / cancel (what the job's state allows) and the results download. */
export function JobActions({ connectionId, progress, canWrite, resultsHref, onError }: { connectionId: string; progress: BulkProgress; canWrite: boolean; resultsHref: string; onError: (message: string | null) => void }) {
  const toast = useToast();
  const [acting, startActing] = useTransition();
  const { job, counts } = progress;

  const act = (action: JobAction) =>
    startActing(async () => {
      const result = await ACTIONS[action]({ connectionId, jobId: job.id });
      if (!result.ok) return onError(result.error.message);
      onError(null);
      toast(actionToast(action, progress, "status" in result.data ? result.data.status : undefined));
    });

  return (
    <div className="flex flex-wrap gap-2">
      {canWrite && job.status === "PREVIEW" && counts.PENDING > 0 ? (
        <Button size="sm" disabled={acting} onClick={() => act("start")}>
          Start moving {plural(counts.PENDING, "user")}
        </Button>
      ) : null}
      {canWrite && (job.status === "RUNNING" || job.status === "QUEUED") ? (
        <Button size="sm" variant="secondary" disabled={acting} onClick={() => act("pause")}>
          Pause
        </Button>
      ) : null}
      {canWrite && job.status === "PAUSED" ? (
        <Button size="sm" variant="secondary" disabled={acting} onClick={() => act("resume")}>
          Resume
        </Button>
      ) : null}
      {canWrite && !FINISHED.has(job.status) && job.status !== "CANCELLING" ? (
        <Button size="sm" variant="danger" disabled={acting} onClick={() => act("cancel")}>
          Cancel
        </Button>
      ) : null}
      <a href={resultsHref} className={linkButton}>
        Download results (CSV)
      </a>
    </div>
  );
}
