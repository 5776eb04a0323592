"use client";

import { useEffect, useId, useRef, useState } from "react";
import { ComboboxList, comboboxInputClass, onComboboxKey, optionId } from "@/components/ui/combobox";
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

const details = (user: UserView) => [displayName(user), user.email].filter(Boolean).join(" · ");

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
          aria-activedescendant={open && active >= 0 ? optionId(listId, active) : undefined}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={[describedBy, errors?.length ? errorId : ""].filter(Boolean).join(" ") || undefined}
          autoComplete="off"
          disabled={disabled}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            suggest(e.target.value);
          }}
          onKeyDown={(e) =>
            onComboboxKey(e, {
              open,
              options,
              active,
              setActive,
              pick: pick,
              close: () => setOpen(false),
            })
          }
          onBlur={() => {
            asked.current += 1;
            clearTimeout(timer.current);
            setTimeout(() => setOpen(false), 150);
          }}
          className={comboboxInputClass}
        />
        <ComboboxList
          id={listId}
          label="Suggested users"
          open={open}
          options={options}
          active={active}
          keyOf={(user) => user.id}
          nameOf={(user) => (details(user) ? `${user.login}, ${details(user)}` : user.login)}
          selected={(_, i) => i === active}
          onPick={pick}
          onHover={setActive}
          render={(user) => (
            <>
              <span className="font-medium">{user.login}</span>
              {details(user) ? <span className="ml-2 text-xs text-slate-600">{details(user)}</span> : null}
            </>
          )}
        />
      </div>
      <p id={errorId} aria-live="polite" className="min-h-4 text-xs text-red-700">
        {errors?.join(" ")}
      </p>
    </div>
  );
}
