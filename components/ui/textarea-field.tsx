import type { ComponentPropsWithRef, ReactNode } from "react";
import { cn } from "./cn";
import { fieldIds } from "./field";

// A multi-line text field wired like TextField: label, hint, and an announced error tied to the control.
export function TextareaField({
  id,
  label,
  errors,
  hint,
  className,
  ...textarea
}: Omit<ComponentPropsWithRef<"textarea">, "id"> & { id: string; label: ReactNode; errors?: string[]; hint?: ReactNode; className?: string }) {
  const { errorId, hintId } = fieldIds(id);
  const describedBy = [hint ? hintId : "", errors?.length ? errorId : ""].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <textarea
        id={id}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-brand aria-[invalid=true]:border-red-600"
        {...textarea}
      />
      {hint ? (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <p id={errorId} aria-live="polite" className="min-h-4 text-xs text-red-700">
        {errors?.join(" ")}
      </p>
    </div>
  );
}
