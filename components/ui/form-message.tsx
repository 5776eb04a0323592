import { cn } from "./cn";

/** The outcome of a form submission, announced politely; errors are styled as alerts. */
export function FormMessage({ id, tone, message, className }: { id?: string; tone: "success" | "error" | "none"; message?: string; className?: string }) {
  return (
    <p
      id={id}
      role="status"
      aria-live="polite"
      className={cn("min-h-5 text-sm", tone === "error" ? "text-red-700" : "text-emerald-700", className)}
    >
      {tone === "none" ? "" : message}
    </p>
  );
}
