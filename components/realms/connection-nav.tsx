import Link from "next/link";
import type { ConnectionSummary } from "@/lib/connections";
import { cn } from "@/components/ui/cn";

const TABS = [
  { key: "realms", label: "Realms", path: "realms" },
  { key: "move", label: "Update realm for user", path: "users/move" },
  { key: "assignments", label: "Realm assignments", path: "assignments" },
] as const;

/** The realm administration tabs of one connection. */
export function ConnectionNav({ connection, current }: { connection: Pick<ConnectionSummary, "id" | "nickname" | "oktaDomain">; current: (typeof TABS)[number]["key"] }) {
  return (
    <div className="mb-6">
      <p className="text-sm text-slate-500">
        <Link href="/connections" className="underline">
          Connections
        </Link>{" "}
        / {connection.nickname} <span className="text-slate-500">({connection.oktaDomain})</span>
      </p>
      <nav aria-label="Realm administration" className="mt-2 border-b border-slate-200">
        <ul className="flex gap-1">
          {TABS.map((tab) => (
            <li key={tab.key}>
              <Link
                href={`/connections/${encodeURIComponent(connection.id)}/${tab.path}`}
                aria-current={tab.key === current ? "page" : undefined}
                className={cn("inline-block rounded-t-md px-3 py-2 text-sm", tab.key === current ? "border-b-2 border-brand font-medium text-slate-900" : "text-slate-600 hover:bg-slate-100")}
              >
                {tab.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
