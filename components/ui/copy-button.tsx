"use client";

import { useState } from "react";
import { cn } from "./cn";

/** Copies a value (an id an admin needs elsewhere) and says so; the value is in the label too. */
export function CopyButton({ value, label, className }: { value: string; label: string; className?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      aria-label={`${label}: ${value}`}
      title={value}
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
      className={cn("rounded border border-slate-300 px-1 text-xs text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand", className)}
    >
      {copied ? "Copied" : "Copy id"}
    </button>
  );
}
