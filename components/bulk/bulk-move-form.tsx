"use client";

import { useState, useTransition } from "react";
import { RealmCombobox } from "@/components/realms/realm-combobox";
import { Button } from "@/components/ui/button";
import { previewBulkMove } from "@/lib/actions/bulk/preview-bulk-move";

type PreviewResult = Awaited<ReturnType<typeof previewBulkMove>>;

/** Who to move (CSV, search expression or a realm's users), where, at what share of the API budget; queues the preview. */
export function BulkMoveForm({ connectionId, disabled, onPreviewQueued }: { connectionId: string; disabled: boolean; onPreviewQueued: (jobId: string) => void }) {
  const [state, setState] = useState<PreviewResult | null>(null);
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

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startPreview(async () => {
      const result = await previewBulkMove(state, form);
      setState(result);
      if (result.ok) onPreviewQueued(result.data.jobId);
    });
  };

  return (
    <form onSubmit={submit} className="space-y-4 rounded-md border border-slate-200 p-4">
      <input type="hidden" name="connectionId" value={connectionId} />
      <input type="hidden" name="source" value={source} />
      {fileName ? <input type="hidden" name="fileName" value={fileName} /> : null}
      <fieldset className="flex flex-wrap gap-4 text-sm">
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
          connectionId={connectionId}
          value={sourceRealmId}
          onChange={(realm) => setSourceRealmId(realm?.id ?? "")}
          excludeId={targetRealmId || null}
        />
      )}
      <RealmCombobox
        id="bulk-target-realm"
        name="targetRealmId"
        label="Target realm"
        connectionId={connectionId}
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
      <Button type="submit" disabled={disabled || previewing}>
        {previewing ? "Queuing the preview…" : "Preview (dry run)"}
      </Button>
    </form>
  );
}
