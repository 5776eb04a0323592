"use client";

import type { BulkJobStatus } from "@/lib/bulk/types";
import { JobActions } from "./job-actions";
import { JobItemsTable } from "./job-items-table";
import { duration, planText } from "./plan-text";
import { useJobProgress } from "./use-job-progress";

type Props = {
  connectionId: string;
  jobId: string;
  canWrite: boolean;
  /** The status the page already knows (see useJobProgress). */
  seenStatus: BulkJobStatus | null;
  onStatus: (jobId: string, status: string) => void;
};

/** One job: its progress (preview, then the move), its actions, and below it the users it holds. */
export function JobPanel({ connectionId, jobId, canWrite, seenStatus, onStatus }: Props) {
  const query = `connectionId=${encodeURIComponent(connectionId)}&jobId=${encodeURIComponent(jobId)}`;
  const { progress, error, setError } = useJobProgress(query, seenStatus, onStatus);

  if (!progress) return <p className="text-sm text-slate-500">{error ?? "Loading job…"}</p>;
  const { counts, job } = progress;
  const done = counts.MOVED + counts.FAILED;
  const toMove = done + progress.remaining;
  const percent = toMove === 0 ? 100 : Math.round((done / toMove) * 100);
  const previewPercent = progress.preview.total === 0 ? 0 : Math.round((progress.preview.resolved / progress.preview.total) * 100);
  return (
    <>
      <section aria-label="Bulk move job" className="space-y-3 rounded-md border border-slate-200 p-4">
        <h2 className="font-medium">
          {job.selectionSummary} → {job.targetRealmName} <span className="text-sm text-slate-500">({job.status.toLowerCase()})</span>
        </h2>
        {job.status === "RESOLVING" ? (
          <>
            <div role="progressbar" aria-label="Preview" aria-valuemin={0} aria-valuemax={100} aria-valuenow={previewPercent} className="h-3 w-full rounded bg-slate-100">
              <div className="h-3 rounded bg-brand" style={{ width: `${previewPercent}%` }} />
            </div>
            <p className="text-sm">
              Previewing: {progress.preview.resolved} of {progress.preview.total} entries resolved · {progress.preview.requests} Okta requests
              {progress.preview.etaSeconds !== null ? ` · ${duration(progress.preview.etaSeconds)} left` : ""}
            </p>
          </>
        ) : job.status === "PREVIEW" ? (
          <>
            <p className="text-sm">
              Preview: <strong>{counts.PENDING}</strong> will move, <strong>{counts.SKIPPED}</strong> already there (or listed twice), <strong>{counts.BLOCKED}</strong> blocked by the realm&apos;s allowed
              domains, <strong>{counts.NOT_FOUND}</strong> not found.
            </p>
            <p className="text-sm text-slate-600">
              The preview spent {job.previewRequests} Okta requests. {planText(progress)}
            </p>
          </>
        ) : (
          <>
            <div role="progressbar" aria-label="Moved" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-3 w-full rounded bg-slate-100">
              <div className="h-3 rounded bg-brand" style={{ width: `${percent}%` }} />
            </div>
            <p className="text-sm">
              Done {counts.MOVED} · skipped {counts.SKIPPED + counts.BLOCKED + counts.NOT_FOUND} · failed {counts.FAILED} · remaining {progress.remaining}
              {counts.CANCELLED > 0 ? ` · cancelled ${counts.CANCELLED}` : ""}
            </p>
            {job.status === "QUEUED" || job.status === "RUNNING" || job.status === "PAUSED" ? (
              <p className="text-sm text-slate-600">
                {progress.ratePerMinute !== null ? `Rate ${progress.ratePerMinute}/min` : "Rate not measured yet"}
                {progress.limitPerMinute ? ` of the org's ${progress.limitPerMinute}/min (this job may use ${job.maxApiCapacity}%)` : ""}
                {progress.etaSeconds !== null && job.status !== "PAUSED" ? ` · ${duration(progress.etaSeconds)} left` : ""}
              </p>
            ) : null}
          </>
        )}
        {job.lastError ? (
          <p role="alert" className="text-sm text-red-700">
            {job.lastError}
          </p>
        ) : null}
        {error ? <p className="text-sm text-red-700">{error}</p> : null}
        <JobActions connectionId={connectionId} progress={progress} canWrite={canWrite} resultsHref={`/api/bulk/results?${query}`} onError={setError} />
      </section>
      <JobItemsTable connectionId={connectionId} jobId={jobId} status={job.status} counts={counts} />
    </>
  );
}
