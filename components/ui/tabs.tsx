"use client";

import * as RadixTabs from "@radix-ui/react-tabs";
import type { ReactNode } from "react";
import { cn } from "./cn";

// Accessible tabs (Radix: roving focus, arrow keys, aria-controls). `marked` flags a tab whose
// panel has an error, so a problem on a hidden tab is still visible.
export function Tabs({
  value,
  onValueChange,
  label,
  tabs,
}: {
  value: string;
  onValueChange: (value: string) => void;
  label: string;
  tabs: { value: string; label: string; marked?: boolean; content: ReactNode }[];
}) {
  return (
    <RadixTabs.Root value={value} onValueChange={onValueChange}>
      <RadixTabs.List aria-label={label} className="flex gap-1 border-b border-slate-200">
        {tabs.map((tab) => (
          <RadixTabs.Trigger
            key={tab.value}
            value={tab.value}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium text-slate-600 focus-visible:outline-2 focus-visible:outline-brand",
              "data-[state=active]:border-brand data-[state=active]:text-slate-900 border-transparent",
            )}
          >
            {tab.label}
            {tab.marked ? (
              <span className="ml-1 text-red-700" aria-label="(has errors)">
                •
              </span>
            ) : null}
          </RadixTabs.Trigger>
        ))}
      </RadixTabs.List>
      {tabs.map((tab) => (
        // forceMount keeps every field (and what was typed) in the form while another tab shows.
        <RadixTabs.Content key={tab.value} value={tab.value} forceMount className="pt-4 data-[state=inactive]:hidden">
          {tab.content}
        </RadixTabs.Content>
      ))}
    </RadixTabs.Root>
  );
}
