"use client";

import * as RadixToast from "@radix-ui/react-toast";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { cn } from "./cn";

// "Done" messages after an action (Radix Toast: announced through its own live region, F8 moves
// focus to the toasts, Escape or the close button dismisses, swipe on touch). Errors stay next to
// the form that caused them; a toast is only for something that finished.

type Tone = "success" | "error";
type ToastItem = { id: number; message: string; tone: Tone };
type ShowToast = (message: string, tone?: Tone) => void;

const ToastContext = createContext<ShowToast>(() => undefined);

/** Shows a toast; outside the provider (e.g. in a unit test) it does nothing. */
export function useToast(): ShowToast {
  return useContext(ToastContext);
}

let next = 0;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const show = useCallback<ShowToast>((message, tone = "success") => setToasts((t) => [...t.slice(-2), { id: ++next, message, tone }]), []);
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      <RadixToast.Provider duration={6000} label="Notification">
        {children}
        {toasts.map((t) => (
          <RadixToast.Root
            key={t.id}
            type={t.tone === "error" ? "foreground" : "background"}
            onOpenChange={(open) => {
              if (!open) setToasts((all) => all.filter((x) => x.id !== t.id));
            }}
            data-testid="toast"
            className={cn(
              "flex items-start gap-3 rounded-md border p-3 text-sm shadow-lg",
              t.tone === "error" ? "border-red-300 bg-red-50 text-red-900" : "border-emerald-300 bg-emerald-50 text-emerald-900",
            )}
          >
            <RadixToast.Description className="flex-1">{t.message}</RadixToast.Description>
            <RadixToast.Close aria-label="Dismiss" className="rounded px-1 text-slate-600 hover:bg-white/60 focus-visible:outline-2 focus-visible:outline-brand">
              <span aria-hidden="true">×</span>
            </RadixToast.Close>
          </RadixToast.Root>
        ))}
        <RadixToast.Viewport className="fixed right-0 bottom-0 z-[100] m-0 flex w-full max-w-sm list-none flex-col gap-2 p-4 outline-none" />
      </RadixToast.Provider>
    </ToastContext.Provider>
  );
}
