"use client";

import * as RadixTabs from "@radix-ui/react-tabs";
import { useState, type ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export type RealmTab = "overview" | "users";

const TAB_LABELS: Record<RealmTab, string> = { overview: "Overview", users: "Users" };

/**
 * A realm's page in tabs, so editing never pushes the users list below the fold. The open tab is
 * kept in the URL (?tab=users) without a server round trip, so a reload or a shared link opens it.
 * A panel mounts when first shown (the users listing asks Okta only when someone looks).
 */
export function RealmTabs({ initial, panels }: { initial: RealmTab; panels: Record<RealmTab, ReactNode> }) {
  const [tab, setTab] = useState<RealmTab>(initial);
  return (
    <RadixTabs.Root
      value={tab}
      onValueChange={(value) => {
        const next = value === "users" ? "users" : "overview";
        setTab(next);
        const url = new URL(window.location.href);
        if (next === "overview") url.searchParams.delete("tab");
        else url.searchParams.set("tab", next);
        window.history.replaceState(window.history.state, "", url);
      }}
    >
      <RadixTabs.List aria-label="Realm" className="mb-4 flex gap-1 border-b border-slate-200">
        {(Object.keys(TAB_LABELS) as RealmTab[]).map((value) => (
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
      {(Object.keys(TAB_LABELS) as RealmTab[]).map((value) => (
        <RadixTabs.Content key={value} value={value} className="flex flex-col gap-6 focus-visible:outline-2 focus-visible:outline-brand">
          {panels[value]}
        </RadixTabs.Content>
      ))}
    </RadixTabs.Root>
  );
}
