"use client";

import type { InputHTMLAttributes, KeyboardEvent, ReactNode, Ref } from "react";
import { cn } from "./cn";

// The parts every ARIA 1.2 combobox here shares (the realm picker, the user picker): the keys of
// the input (arrows move the highlighted option, Enter picks it, Escape closes the list) and the
// listbox under it. The pickers keep what differs: where options come from and what picking does.

const inputClass = "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-brand aria-[invalid=true]:border-red-600";

type FieldProps = {
  id: string;
  label: string;
  /** The listbox's id (aria-controls, and the options' ids for aria-activedescendant). */
  listId: string;
  open: boolean;
  active: number;
  errors?: string[] | undefined;
  describedBy?: string | undefined;
  /** A line under the field (status, what was chosen); it describes the input too. */
  hint?: ReactNode;
  /** The input's own props: value, handlers, name, placeholder, disabled. */
  input: Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "type" | "role" | "className"> & { ref?: Ref<HTMLInputElement> };
  /** The list (ComboboxList) and anything else placed against the input (a hidden field). */
  children: ReactNode;
};

/** Label, combobox input with its ARIA wiring, the list under it, the hint and the error line. */
export function ComboboxField({ id, label, listId, open, active, errors, describedBy, hint, input, children }: FieldProps) {
  const errorId = `${id}-error`;
  const hintId = hint === undefined ? undefined : `${id}-hint`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="relative">
        <input
          autoComplete="off"
          {...input}
          id={id}
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && active >= 0 ? optionId(listId, active) : undefined}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={[describedBy, hintId, errors?.length ? errorId : ""].filter(Boolean).join(" ") || undefined}
          className={inputClass}
        />
        {children}
      </div>
      {hint === undefined ? null : (
        <p id={hintId} className="text-xs text-slate-500" aria-live="polite">
          {hint}
        </p>
      )}
      <p id={errorId} aria-live="polite" className="min-h-4 text-xs text-red-700">
        {errors?.join(" ")}
      </p>
    </div>
  );
}

type Keys<T> = {
  open: boolean;
  options: readonly T[];
  active: number;
  setActive: (update: (i: number) => number) => void;
  pick: (option: T) => void;
  close: () => void;
  /** ArrowDown on a closed list (the realm picker opens and searches); without it a closed list ignores keys. */
  openList?: () => void;
};

/** For the input's onKeyDown. Enter picks only a highlighted option, otherwise it submits the form as usual. */
export function onComboboxKey<T>(e: KeyboardEvent<HTMLInputElement>, { open, options, active, setActive, pick, close, openList }: Keys<T>): void {
  const count = options.length;
  const highlighted = active >= 0 ? options[active] : undefined;
  if (!open) {
    if (e.key === "ArrowDown" && openList) {
      e.preventDefault();
      openList();
    }
    return;
  }
  if (e.key === "ArrowDown") {
    e.preventDefault();
    setActive((i) => Math.min(count - 1, i + 1));
  } else if (e.key === "ArrowUp") {
    e.preventDefault();
    setActive((i) => Math.max(0, i - 1));
  } else if (e.key === "Enter" && highlighted !== undefined) {
    e.preventDefault();
    pick(highlighted);
  } else if (e.key === "Escape") {
    e.preventDefault();
    close();
  }
}

/** The id aria-activedescendant points at for the option at `index`. */
export const optionId = (listId: string, index: number) => `${listId}-${index}`;

type ListProps<T> = {
  id: string;
  label: string;
  open: boolean;
  options: readonly T[];
  active: number;
  keyOf: (option: T) => string;
  /** The option's accessible name (its text and its details, read as one). */
  nameOf: (option: T) => string;
  selected: (option: T, index: number) => boolean;
  render: (option: T) => ReactNode;
  onPick: (option: T) => void;
  onHover: (index: number) => void;
  /** Shown as the list's only row when there are no options (e.g. "Searching…"). */
  empty?: ReactNode;
};

export function ComboboxList<T>({ id, label, open, options, active, keyOf, nameOf, selected, render, onPick, onHover, empty }: ListProps<T>) {
  return (
    <ul id={id} role="listbox" aria-label={label} hidden={!open} className="absolute top-full z-20 mt-1 max-h-72 w-full overflow-auto rounded-md border border-slate-200 bg-white p-1 shadow-lg">
      {options.length === 0 && empty ? (
        <li role="presentation" className="px-3 py-2 text-sm text-slate-600">
          {empty}
        </li>
      ) : (
        options.map((option, i) => (
          <li
            key={keyOf(option)}
            id={optionId(id, i)}
            role="option"
            aria-selected={selected(option, i)}
            aria-label={nameOf(option)}
            // Keeps focus in the input, so picking with the mouse doesn't blur (and close) first.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(option)}
            onMouseEnter={() => onHover(i)}
            className={cn("cursor-pointer rounded px-3 py-1.5 text-sm", i === active && "bg-slate-100")}
          >
            {render(option)}
          </li>
        ))
      )}
    </ul>
  );
}
