"use client";

import { useEffect, useId, useRef, useState } from "react";
import { cn } from "@/components/ui/cn";
import { suggestUsers } from "@/lib/actions/realms/suggest-users";
import { fromActionResult } from "@/lib/realms/outcome";
import { displayName, type UserView } from "@/lib/realms/views";

// The Move a user field: type a login, email or id as before (Enter or Find user looks it up), and
// from two characters on, users whose login or email starts with it are offered (ARIA combobox:
// arrow keys, Enter on a highlighted option, Escape); picking one looks that user up at once.

type Props = {
  id: string;
  name: string;
  label: string;
  connectionId: string;
  defaultValue?: string | undefined;
  disabled?: boolean;
  describedBy?: string | undefined;
  errors?: string[] | undefined;
  onPick: (login: string) => void;
};

const DEBOUNCE_MS = 250;

export function UserCombobox({ id, name, label, connectionId, defaultValue, disabled, describedBy, errors, onPick }: Props) {
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(defaultValue ?? "");
  const [options, setOptions] = useState<UserView[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const asked = useRef(0);
  useEffect(() => () => clearTimeout(timer.current), []);

  const suggest = (prefix: string) => {
    clearTimeout(timer.current);
    if (prefix.trim().length < 2) return setOpen(false);
    timer.current = setTimeout(() => {
      const ask = ++asked.current;
      void suggestUsers({ connectionId, prefix: prefix.trim() }).then((result) => {
        if (ask !== asked.current) return; // a newer keystroke asked again
        const outcome = fromActionResult(result);
        const users = outcome.ok ? outcome.value : [];
        setOptions(users);
        setActive(-1);
        // Only while the field still has focus: a late answer must not cover what came next.
        setOpen(users.length > 0 && document.activeElement === input.current);
      });
    }, DEBOUNCE_MS);
  };

  const pick = (user: UserView) => {
    asked.current += 1;
    setText(user.login);
    setOpen(false);
    onPick(user.login);
  };

  const errorId = `${id}-error`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="relative">
        <input
          ref={input}
          id={id}
          name={name}
          type="text"
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={[describedBy, errors?.length ? errorId : ""].filter(Boolean).join(" ") || undefined}
          autoComplete="off"
          disabled={disabled}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            suggest(e.target.value);
          }}
          onKeyDown={(e) => {
            if (!open) return;
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setActive((i) => Math.min(options.length - 1, i + 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((i) => Math.max(0, i - 1));
            } else if (e.key === "Enter" && active >= 0 && options[active]) {
              e.preventDefault();
              pick(options[active]);
            } else if (e.key === "Escape") {
              e.preventDefault();
              setOpen(false);
            }
          }}
          onBlur={() => {
            asked.current += 1;
            clearTimeout(timer.current);
            setTimeout(() => setOpen(false), 150);
          }}
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-brand aria-[invalid=true]:border-red-600"
        />
        <ul id={listId} role="listbox" aria-label="Suggested users" hidden={!open} className="absolute top-full z-20 mt-1 max-h-72 w-full overflow-auto rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          {options.map((user, i) => {
            const details = [displayName(user), user.email].filter(Boolean).join(" · ");
            return (
              <li
                key={user.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                aria-label={details ? `${user.login}, ${details}` : user.login}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(user)}
                onMouseEnter={() => setActive(i)}
                className={cn("cursor-pointer rounded px-3 py-1.5 text-sm", i === active && "bg-slate-100")}
              >
                <span className="font-medium">{user.login}</span>
                {details ? <span className="ml-2 text-xs text-slate-600">{details}</span> : null}
              </li>
            );
          })}
        </ul>
      </div>
      <p id={errorId} aria-live="polite" className="min-h-4 text-xs text-red-700">
        {errors?.join(" ")}
      </p>
    </div>
  );
}
