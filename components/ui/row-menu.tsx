"use client";

import * as Menu from "@radix-ui/react-dropdown-menu";
import Link from "next/link";
import { useState, type Ref } from "react";
import { cn } from "./cn";

// A row's actions behind one "⋯" button (Radix DropdownMenu: arrow keys, typeahead, Escape, focus
// return). Links navigate; commands run `onSelect` (e.g. open a dialog, which then owns focus).

export type RowMenuItem =
  | { kind: "link"; label: string; href: string }
  | { kind: "command"; label: string; onSelect: () => void; danger?: boolean; disabled?: boolean }
  | { kind: "separator" };

const item = "flex cursor-pointer items-center rounded px-3 py-1.5 text-sm text-slate-900 outline-none select-none data-[disabled]:opacity-50 data-[highlighted]:bg-slate-100";

export function RowMenu({ label, items, triggerRef }: { label: string; items: RowMenuItem[]; triggerRef?: Ref<HTMLButtonElement> }) {
  // The open menu is placed in the page's <main> (not at the end of <body>), so it stays inside a
  // landmark for screen-reader navigation; Radix positions it as fixed, so the parent doesn't matter.
  const [container, setContainer] = useState<HTMLElement | null>(null);
  return (
    // Not modal: a dialog opened from an item takes over focus trapping itself.
    <Menu.Root modal={false} onOpenChange={(open) => open && setContainer(document.querySelector("main"))}>
      <Menu.Trigger
        ref={triggerRef}
        aria-label={label}
        className="rounded-md border border-slate-300 bg-white px-2 py-0.5 text-base leading-6 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand data-[state=open]:bg-slate-100"
      >
        <span aria-hidden="true">⋯</span>
      </Menu.Trigger>
      <Menu.Portal container={container}>
        <Menu.Content align="end" sideOffset={4} className="z-50 min-w-48 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          {items.map((entry, i) =>
            entry.kind === "separator" ? (
              <Menu.Separator key={`sep-${i}`} className="my-1 h-px bg-slate-200" />
            ) : entry.kind === "link" ? (
              <Menu.Item key={entry.label} asChild className={item}>
                <Link href={entry.href}>{entry.label}</Link>
              </Menu.Item>
            ) : (
              <Menu.Item key={entry.label} disabled={entry.disabled} onSelect={entry.onSelect} className={cn(item, entry.danger && "text-red-700")}>
                {entry.label}
              </Menu.Item>
            ),
          )}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
