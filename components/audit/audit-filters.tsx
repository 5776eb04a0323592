import Link from "next/link";
import { SelectField, TextField } from "@/components/ui/field";

type Props = {
  values: { connection?: string; actor?: string; operation?: string; outcome?: string };
  connections: { id: string; nickname: string }[];
  operations: string[];
};

/** A plain GET form: filters live in the URL, so a filtered view can be bookmarked and shared. */
export function AuditFilters({ values, connections, operations }: Props) {
  return (
    <form method="get" action="/audit" role="search" aria-label="Filter audit events" className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-5 sm:items-start">
      <SelectField
        id="audit-connection"
        name="connection"
        label="Connection"
        defaultValue={values.connection ?? ""}
        options={[{ value: "", label: "Any" }, ...connections.map((c) => ({ value: c.id, label: c.nickname }))]}
      />
      <TextField id="audit-actor" name="actor" label="Actor email contains" defaultValue={values.actor ?? ""} autoComplete="off" />
      <SelectField
        id="audit-operation"
        name="operation"
        label="Operation"
        defaultValue={values.operation ?? ""}
        options={[{ value: "", label: "Any" }, ...operations.map((o) => ({ value: o, label: o }))]}
      />
      <SelectField
        id="audit-outcome"
        name="outcome"
        label="Outcome"
        defaultValue={values.outcome ?? ""}
        options={[
          { value: "", label: "Any" },
          { value: "SUCCESS", label: "Success" },
          { value: "FAILURE", label: "Failure" },
          { value: "DENIED", label: "Denied" },
        ]}
      />
      <div className="flex gap-2 sm:mt-6">
        <button type="submit" className="rounded-md bg-brand px-4 py-2 text-sm font-medium text-white hover:bg-brand-dark">
          Filter
        </button>
        <Link href="/audit" className="rounded-md border border-slate-300 px-4 py-2 text-sm hover:bg-slate-100">
          Clear
        </Link>
      </div>
    </form>
  );
}
