"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { BulkMoveForm } from "./bulk-move-form";
import { FINISHED } from "./job-status";
import { JobPanel } from "./job-panel";
import { RecentJobsTable, type RecentJob } from "./recent-jobs-table";

type Props = { connectionId: string; canWrite: boolean; missingScopes: string[]; initialJobId: string | null; recent: RecentJob[] };

/** The bulk move page: the form, the open job (progress, actions, its users) and the recent jobs. */
export function BulkMove(props: Props) {
  const router = useRouter();
  const [jobId, setJobId] = useState<string | null>(props.initialJobId);
  // The job this page has just queued: its panel knows it started as a preview (and says when it's ready).
  const [queuedJobId, setQueuedJobId] = useState<string | null>(null);
  // What the open job's panel last saw, so the list below never contradicts it.
  const [seen, setSeen] = useState<Record<string, string>>({});

  // Stable, so the job panel's polling does not restart on every render.
  const reportStatus = useCallback((id: string, status: string) => setSeen((s) => (s[id] === status ? s : { ...s, [id]: status })), []);
  const recent = props.recent.map((j) => ({ ...j, status: seen[j.id] ?? j.status }));
  const live = recent.some((j) => !FINISHED.has(j.status));
  useEffect(() => {
    if (!live) return;
    // The list is the server's: re-read it while any job on it can still change.
    const timer = setInterval(() => router.refresh(), 3000);
    return () => clearInterval(timer);
  }, [live, router]);

  const previewQueued = (id: string) => {
    setQueuedJobId(id);
    setJobId(id);
    router.refresh();
  };
  const openJob = (id: string) => {
    setQueuedJobId(null);
    setJobId(id);
  };

  return (
    <div className="space-y-8">
      {props.missingScopes.length > 0 ? (
        <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          This connection lacks {props.missingScopes.join(" and ")}, which moving users needs. Grant it on the OAuth app&apos;s Okta API Scopes tab, then reauthorize the connection.
        </p>
      ) : null}
      <BulkMoveForm connectionId={props.connectionId} disabled={!props.canWrite || props.missingScopes.length > 0} onPreviewQueued={previewQueued} />
      {jobId ? (
        <div className="space-y-4">
          <JobPanel key={jobId} connectionId={props.connectionId} jobId={jobId} canWrite={props.canWrite} seenStatus={jobId === queuedJobId ? "RESOLVING" : null} onStatus={reportStatus} />
        </div>
      ) : null}
      {recent.length > 0 ? <RecentJobsTable jobs={recent} openJobId={jobId} onOpen={openJob} /> : null}
    </div>
  );
}
