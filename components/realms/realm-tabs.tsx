"use client";

import * as RadixTabs from "@radix-ui/react-tabs";
import { useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { REALM_TABS, realmTabOf, type RealmTab } from "./realm-tab";

const TAB_LABELS: Record<RealmTab, string> = { overview: "Overview", users: "Users", assignments: "Assignments" };

/**
 * A realm's page in tabs, so editing never pushes the users list below the fold. The open tab is
 * kept in the URL (?tab=users) without a server round trip, so a reload or a shared link opens it.
 * A panel mounts when first shown (the users and assignments listings ask Okta only when someone
 * looks) and then stays mounted, hidden, so going back to it neither asks Okta again nor loses
 * what was typed there. Panels left out (undefined) get no tab.
 */
export function RealmTabs({ initial, panels }: { initial: RealmTab; panels: Partial<Record<RealmTab, ReactNode>> }) {
  const shown = REALM_TABS.filter((t) => panels[t] !== undefined);
  const [tab, setTab] = useState<RealmTab>(initial);
  const [visited, setVisited] = useState<ReadonlySet<RealmTab>>(() => new Set([initial]));
  return (
    <RadixTabs.Root
      value={tab}
      onValueChange={(value) => {
        const next = realmTabOf(value, shown);
        setTab(next);
        setVisited((v) => (v.has(next) ? v : new Set([...v, next])));
        const url = new URL(window.location.href);
        if (next === "overview") url.searchParams.delete("tab");
        else url.searchParams.set("tab", next);
        // null, not history.state: Next skips its own state (__NA) without syncing its router, and
        // the next server action's refresh would then put the old URL (no ?tab) back.
        window.history.replaceState(null, "", url);
      }}
    >
      <RadixTabs.List aria-label="Realm" className="mb-4 flex gap-1 overflow-x-auto border-b border-slate-200">
        {shown.map((value) => (
          <RadixTabs.Trigger
            key={value}
            value={value}
            className={cn(
              "-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-600 focus-visible:outline-2 focus-visible:outline-brand",
              "data-[state=active]:border-brand data-[state=active]:text-slate-900",
            )}
          >
            {TAB_LABELS[value]}
          </RadixTabs.Trigger>
        ))}
      </RadixTabs.List>
      {shown.map((value) =>
        visited.has(value) ? (
          <RadixTabs.Content key={value} value={value} forceMount hidden={value !== tab} className="flex flex-col gap-6 focus-visible:outline-2 focus-visible:outline-brand">
            {panels[value]}
          </RadixTabs.Content>
        ) : null,
      )}
    </RadixTabs.Root>
  );
}
