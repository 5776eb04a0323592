"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useState, useTransition } from "react";
import { cancelBulkJob } from "@/lib/actions/bulk/cancel-bulk-job";
import { pauseBulkJob } from "@/lib/actions/bulk/pause-bulk-job";
import { previewBulkMove } from "@/lib/actions/bulk/preview-bulk-move";
import { resumeBulkJob } from "@/lib/actions/bulk/resume-bulk-job";
import { startBulkJob } from "@/lib/actions/bulk/start-bulk-job";
import type { BulkProgress } from "@/lib/bulk/service";
import { RealmCombobox } from "@/components/realms/realm-combobox";

type Recent = { id: string; status: string; targetRealmName: string; total: number; createdAt: string; selectionSummary: string };

const FINISHED = new Set(["COMPLETED", "CANCELLED", "FAILED"]);

/** Seconds as "about 3 min" / "about 40 s". */
function duration(seconds: number): string {
  return seconds >= 90 ? `about ${Math.ceil(seconds / 60)} min` : `about ${Math.max(1, Math.round(seconds))} s`;
}

export function BulkMove(props: { connectionId: string; canWrite: boolean; missingScopes: string[]; initialJobId: string | null; recent: Recent[] }) {
  const router = useRouter();
  const [jobId, setJobId] = useState<string | null>(props.initialJobId);
  const [state, setState] = useState<Awaited<ReturnType<typeof previewBulkMove>> | null>(null);
  const [previewing, startPreview] = useTransition();
  // Every field is held here, so the form stays as the admin set it after a preview (a form action
  // would reset it, and a second preview would silently use the default share).
  const [source, setSource] = useState<"csv" | "search" | "realm">("csv");
  const [csv, setCsv] = useState("");
  const [fileName, setFileName] = useState<string | undefined>(undefined);
  const [search, setSearch] = useState("");
  const [sourceRealmId, setSourceRealmId] = useState("");
  const [targetRealmId, setTargetRealmId] = useState("");
  const [share, setShare] = useState("90");
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

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startPreview(async () => {
      const result = await previewBulkMove(state, form);
      setState(result);
      if (result.ok) {
        setJobId(result.data.jobId);
        router.refresh();
      }
    });
  };

  const blocked = !props.canWrite || props.missingScopes.length > 0;
  return (
    <div className="space-y-8">
      {props.missingScopes.length > 0 ? (
        <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          This connection lacks {props.missingScopes.join(" and ")}, which moving users needs. Grant it on the OAuth app&apos;s Okta API Scopes tab, then reauthorize the connection.
        </p>
      ) : null}
      <form onSubmit={submit} className="space-y-4 rounded-md border border-slate-200 p-4">
        <input type="hidden" name="connectionId" value={props.connectionId} />
        <input type="hidden" name="source" value={source} />
        {fileName ? <input type="hidden" name="fileName" value={fileName} /> : null}
        <fieldset className="flex gap-4 text-sm">
          <legend className="mb-2 font-medium">Users to move</legend>
          {(
            [
              ["csv", "CSV of logins, emails or ids"],
              ["search", "Okta search expression"],
              ["realm", "All users of a realm"],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="flex items-center gap-1">
              <input type="radio" name="sourceChoice" checked={source === value} onChange={() => setSource(value)} /> {label}
            </label>
          ))}
        </fieldset>
        {source === "csv" ? (
          <div className="space-y-2">
            <label className="block text-sm">
              Upload a CSV{" "}
              <input
                type="file"
                accept=".csv,text/csv,text/plain"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (!file) return;
                  setFileName(file.name);
                  void file.text().then(setCsv);
                }}
              />
            </label>
            <label className="block text-sm">
              or paste logins or user ids (one per line, or a CSV with a login/id column)
              <textarea name="csv" value={csv} onChange={(e) => setCsv(e.target.value)} rows={6} className="mt-1 w-full rounded-md border border-slate-300 p-2 font-mono text-xs" />
            </label>
          </div>
        ) : source === "search" ? (
          <label className="block text-sm">
            Search expression
            <input name="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder='profile.department eq "Sales"' className="mt-1 w-full rounded-md border border-slate-300 p-2 font-mono text-xs" />
          </label>
        ) : (
          <RealmCombobox
            id="bulk-source-realm"
            name="sourceRealmId"
            label="Source realm"
            connectionId={props.connectionId}
            value={sourceRealmId}
            onChange={(realm) => setSourceRealmId(realm?.id ?? "")}
            excludeId={targetRealmId || null}
          />
        )}
        <RealmCombobox
          id="bulk-target-realm"
          name="targetRealmId"
          label="Target realm"
          connectionId={props.connectionId}
          value={targetRealmId}
          onChange={(realm) => setTargetRealmId(realm?.id ?? "")}
          excludeId={source === "realm" ? sourceRealmId || null : null}
        />
        <label className="block text-sm">
          Share of the org&apos;s API budget this job may use (%), the rest stays free for other work
          <input name="maxApiCapacity" type="number" min={10} max={100} value={share} onChange={(e) => setShare(e.target.value)} className="ml-2 w-20 rounded-md border border-slate-300 p-1" />
        </label>
        {state && !state.ok ? (
          <p role="alert" className="text-sm text-red-700">
            {state.error.message}
            {state.error.fieldErrors ? ` ${Object.values(state.error.fieldErrors).flat().join(" ")}` : ""}
          </p>
        ) : null}
        <button type="submit" disabled={blocked || previewing} className="rounded-md bg-brand px-4 py-2 text-sm font-medium text-white disabled:opacity-60">
          {previewing ? "Queuing the preview…" : "Preview (dry run)"}
        </button>
      </form>
      {jobId ? (
        <JobPanel key={jobId} connectionId={props.connectionId} jobId={jobId} canWrite={props.canWrite} onStatus={reportStatus} />
      ) : null}
      {recent.length > 0 ? (
        <section>
          <h2 className="mb-2 text-sm font-medium">Recent jobs</h2>
          <ul className="space-y-1 text-sm">
            {recent.map((j) => (
              <li key={j.id}>
                <button type="button" className="underline" onClick={() => setJobId(j.id)}>
                  {new Date(j.createdAt).toLocaleString()}: {j.total} users → {j.targetRealmName} ({j.status.toLowerCase()})
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function JobPanel({ connectionId, jobId, canWrite, onStatus }: { connectionId: string; jobId: string; canWrite: boolean; onStatus: (jobId: string, status: string) => void }) {
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = `connectionId=${encodeURIComponent(connectionId)}&jobId=${encodeURIComponent(jobId)}`;

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const res = await fetch(`/api/bulk/progress?${query}`, { cache: "no-store" });
        if (!res.ok) throw new Error(`progress unavailable (${res.status})`);
        const next = (await res.json()) as BulkProgress;
        if (stop) return;
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
  }, [query, onStatus]);

  const act = async (fn: typeof startBulkJob) => {
    const result = await fn({ connectionId, jobId });
    if (!result.ok) setError(result.error.message);
  };

  if (!progress) return <p className="text-sm text-slate-500">{error ?? "Loading job…"}</p>;
  const { counts, job } = progress;
  const done = counts.MOVED + counts.FAILED;
  const toMove = done + progress.remaining;
  const percent = toMove === 0 ? 100 : Math.round((done / toMove) * 100);
  const previewPercent = progress.preview.total === 0 ? 0 : Math.round((progress.preview.resolved / progress.preview.total) * 100);
  return (
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
          <div role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-3 w-full rounded bg-slate-100">
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
      <div className="flex gap-2 text-sm">
        {canWrite && job.status === "PREVIEW" && counts.PENDING > 0 ? (
          <button type="button" onClick={() => void act(startBulkJob)} className="rounded-md bg-brand px-3 py-1 text-white">
            Start moving {counts.PENDING} users
          </button>
        ) : null}
        {canWrite && (job.status === "RUNNING" || job.status === "QUEUED") ? (
          <button type="button" onClick={() => void act(pauseBulkJob)} className="rounded-md border px-3 py-1">
            Pause
          </button>
        ) : null}
        {canWrite && job.status === "PAUSED" ? (
          <button type="button" onClick={() => void act(resumeBulkJob)} className="rounded-md border px-3 py-1">
            Resume
          </button>
        ) : null}
        {canWrite && !FINISHED.has(job.status) && job.status !== "CANCELLING" ? (
          <button type="button" onClick={() => void act(cancelBulkJob)} className="rounded-md border border-red-300 px-3 py-1 text-red-700">
            Cancel
          </button>
        ) : null}
        <a href={`/api/bulk/results?${query}`} className="rounded-md border px-3 py-1">
          Download results (CSV)
        </a>
      </div>
    </section>
  );
}

/** What the move will cost before it starts: one request per user, at the job's share of the org's limit. */
function planText(progress: BulkProgress): string {
  const { plan, job } = progress;
  if (plan.requests === 0) return "Nobody to move.";
  const head = `Moving them takes ${plan.requests} requests`;
  if (plan.ratePerMinute !== null && progress.limitPerMinute !== null) {
    return `${head}: ${duration(plan.seconds ?? 0)} at ${Math.round(plan.ratePerMinute)}/min (${job.maxApiCapacity}% of the org's ${progress.limitPerMinute}/min).`;
  }
  // Not learned until the first move: Okta's published per-minute limits for user updates run from 100 to 600.
  const at = (limit: number) => duration((plan.requests / ((limit * job.maxApiCapacity) / 100)) * 60);
  return `${head}: ${at(600)} at ${job.maxApiCapacity}% of 600/min (Okta's Enterprise limit), ${at(100)} at 100/min; the org's own limit is learned with the first move.`;
}
