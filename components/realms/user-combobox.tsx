"use client";

import { useEffect, useId, useRef, useState } from "react";
import { ComboboxField, ComboboxList, onComboboxKey } from "@/components/ui/combobox";
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

  return (
    <ComboboxField
      id={id}
      label={label}
      listId={listId}
      open={open}
      active={active}
      errors={errors}
      describedBy={describedBy}
      input={{
        ref: input,
        name,
        disabled,
        value: text,
        onChange: (e) => {
          setText(e.target.value);
          suggest(e.target.value);
        },
        onKeyDown: (e) => onComboboxKey(e, { open, options, active, setActive, pick, close: () => setOpen(false) }),
        onBlur: () => {
          asked.current += 1;
          clearTimeout(timer.current);
          setTimeout(() => setOpen(false), 150);
        },
      }}
    >
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
    </ComboboxField>
  );
}
