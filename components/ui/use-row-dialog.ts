"use client";

import { useRef, useState } from "react";

// The one dialog a table's row menu opens at a time (rename, delete, edit…): which one, for which
// row, and focus back on that row's menu button when it closes (Radix would otherwise return it to
// the menu item, which is gone). `n` remounts a dialog opened again, so it starts fresh.

export type RowDialog<K extends string, R> = { kind: K; row: R; open: boolean; n: number };

export function useRowDialog<K extends string, R>(rowId: (row: R) => string, initial?: { kind: K; row: R }) {
  const [dialog, setDialog] = useState<RowDialog<K, R> | null>(initial ? { ...initial, open: true, n: 0 } : null);
  const triggers = useRef(new Map<string, HTMLButtonElement>());

  return {
    dialog,
    triggers,
    openDialog: (kind: K, row: R) => setDialog((d) => ({ kind, row, open: true, n: (d?.n ?? 0) + 1 })),
    close: () => setDialog((d) => (d ? { ...d, open: false } : d)),
    /** Spread onto the dialog (Modal and the dialogs built on it). */
    control: {
      open: dialog?.open ?? false,
      onOpenChange: (open: boolean) => setDialog((d) => (d ? { ...d, open } : d)),
      onCloseAutoFocus: (event: Event) => {
        const trigger = dialog ? triggers.current.get(rowId(dialog.row)) : undefined;
        if (trigger?.isConnected) {
          event.preventDefault();
          trigger.focus();
        }
      },
    },
    /** The row menu's triggerRef; `onDetached` runs whenever that row's button leaves the page. */
    triggerRef: (id: string, onDetached?: () => void) => (el: HTMLButtonElement | null) => {
      if (el) triggers.current.set(id, el);
      else {
        triggers.current.delete(id);
        onDetached?.();
      }
    },
  };
}
