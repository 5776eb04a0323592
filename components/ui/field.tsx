import type { ComponentPropsWithRef, ReactNode } from "react";
import { cn } from "./cn";

// Form fields with their label and error wired for assistive tech: the error is announced
// (aria-live) and tied to the control (aria-describedby, aria-invalid).

type FieldShellProps = { id: string; label: ReactNode; errors?: string[]; hint?: ReactNode; className?: string; children: ReactNode };

function fieldIds(id: string) {
  return { errorId: `${id}-error`, hintId: `${id}-hint` };
}

function describedBy(id: string, errors: string[] | undefined, hint: ReactNode): string | undefined {
  const { errorId, hintId } = fieldIds(id);
  return [hint ? hintId : "", errors?.length ? errorId : ""].filter(Boolean).join(" ") || undefined;
}

function FieldShell({ id, label, errors, hint, className, children }: FieldShellProps) {
  const { errorId, hintId } = fieldIds(id);
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {children}
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

const control = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-brand aria-[invalid=true]:border-red-600";

export function TextField({ id, label, errors, hint, className, ...input }: Omit<ComponentPropsWithRef<"input">, "id"> & Omit<FieldShellProps, "children">) {
  return (
    <FieldShell id={id} label={label} errors={errors} hint={hint} className={className}>
      <input id={id} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(id, errors, hint)} className={control} {...input} />
    </FieldShell>
  );
}

export function TextareaField({ id, label, errors, hint, className, ...textarea }: Omit<ComponentPropsWithRef<"textarea">, "id"> & Omit<FieldShellProps, "children">) {
  return (
    <FieldShell id={id} label={label} errors={errors} hint={hint} className={className}>
      <textarea id={id} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(id, errors, hint)} className={control} {...textarea} />
    </FieldShell>
  );
}

export function SelectField({
  id,
  label,
  errors,
  hint,
  className,
  options,
  ...select
}: Omit<ComponentPropsWithRef<"select">, "id"> & Omit<FieldShellProps, "children"> & { options: readonly { value: string; label: string }[] }) {
  return (
    <FieldShell id={id} label={label} errors={errors} hint={hint} className={className}>
      <select id={id} aria-invalid={errors?.length ? true : undefined} aria-describedby={describedBy(id, errors, hint)} className={control} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
