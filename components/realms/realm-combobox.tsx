"use client";

import { useEffect, useId, useRef, useState } from "react";
import { ComboboxField, ComboboxList, onComboboxKey } from "@/components/ui/combobox";
import type { RealmView } from "@/lib/realms/views";

// Choose a realm by name instead of typing its id: an ARIA 1.2 combobox (input + listbox, arrow keys,
// Enter, Escape, aria-activedescendant) that searches Okta's realms by name through the realm
// search route as you type, showing each realm's type and allowed domains. The chosen id goes into
// a hidden input named `name`, so it drops into any form (move user, assignment target, bulk).
// Typing a realm's exact name selects it without opening the list.

type Props = {
  connectionId: string;
  /** The chosen realm's id ("" for none). */
  value: string;
  onChange: (realm: RealmView | null) => void;
  /** The hidden form field carrying the id. */
  name: string;
  id: string;
  label: string;
  /** A realm not to offer (e.g. the user's current realm). */
  excludeId?: string | null;
  errors?: string[];
  disabled?: boolean;
  describedBy?: string;
  /** The chosen realm's name when `value` comes from outside (shown in the input). */
  initialName?: string;
};

const DEBOUNCE_MS = 250;

const details = (realm: RealmView) => [realm.realmType ?? "No type", realm.domains.length > 0 ? realm.domains.join(", ") : "any domain"].join(" · ");

async function searchRealms(connectionId: string, name: string, signal: AbortSignal): Promise<{ realms: RealmView[]; error?: string }> {
  const params = new URLSearchParams({ connectionId, resultSet: "first200" });
  if (name.trim()) params.set("name", name.trim());
  const response = await fetch(`/api/realms/search?${params.toString()}`, { signal, headers: { Accept: "application/x-ndjson" } });
  const realms: RealmView[] = [];
  for (const text of (await response.text()).split("\n")) {
    if (!text.trim()) continue;
    const line = JSON.parse(text) as { type?: string; items?: RealmView[]; failure?: { message: string }; error?: { message: string } };
    if (line.type === "page" && line.items) realms.push(...line.items);
    else if (line.type === "failure" && line.failure) return { realms, error: line.failure.message };
    else if (line.error) return { realms, error: line.error.message };
  }
  return { realms };
}

export function RealmCombobox({ connectionId, value, onChange, name, id, label, excludeId, errors, disabled, describedBy, initialName = "" }: Props) {
  const listId = useId();
  const [text, setText] = useState(initialName);
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<RealmView[]>([]);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState<"idle" | "loading" | "ready" | "failed">("idle");
  const [error, setError] = useState<string>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const abort = useRef<AbortController>(undefined);
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      abort.current?.abort();
    },
    [],
  );

  const load = (query: string, openList: boolean) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setStatus("loading");
      searchRealms(connectionId, query, controller.signal)
        .then(({ realms, error: failed }) => {
          const offered = realms.filter((r) => r.id !== excludeId);
          setOptions(offered);
          setError(failed);
          setStatus(failed ? "failed" : "ready");
          setActive(offered.length > 0 ? 0 : -1);
          const exact = offered.filter((r) => r.name.toLowerCase() === query.trim().toLowerCase());
          if (exact.length === 1 && exact[0]) {
            onChange(exact[0]);
            setOpen(false);
          } else if (openList) setOpen(true);
        })
        .catch((e: unknown) => {
          if (controller.signal.aborted) return;
          setStatus("failed");
          setError(`Realms could not be searched${e instanceof Error ? ` (${e.message})` : ""}.`);
        });
    }, DEBOUNCE_MS);
  };

  const choose = (realm: RealmView) => {
    onChange(realm);
    setText(realm.name);
    setOpen(false);
  };

  const chosen = value !== "";
  return (
    <ComboboxField
      id={id}
      label={label}
      listId={listId}
      open={open}
      active={active}
      errors={errors}
      describedBy={describedBy}
      hint={status === "failed" ? error : chosen ? `Chosen: ${text} (id ${value})` : status === "loading" ? "Searching realms…" : "Searches realm names in Okta as you type."}
      input={{
        disabled,
        value: text,
        placeholder: "Type a realm name",
        onFocus: () => {
          if (!chosen) load(text, true);
        },
        onChange: (e) => {
          setText(e.target.value);
          if (chosen) onChange(null);
          load(e.target.value, true);
        },
        onKeyDown: (e) => onComboboxKey(e, { open, options, active, setActive, pick: choose, close: () => setOpen(false), openList: () => load(text, true) }),
        onBlur: () => setTimeout(() => setOpen(false), 150),
      }}
    >
      <input type="hidden" name={name} value={value} />
      <ComboboxList
        id={listId}
        label="Matching realms"
        open={open}
        options={options}
        active={active}
        keyOf={(realm) => realm.id}
        nameOf={(realm) => `${realm.name}, ${details(realm)}`}
        selected={(realm) => realm.id === value}
        onPick={choose}
        onHover={setActive}
        empty={status === "loading" ? "Searching…" : "No realm matches."}
        render={(realm) => (
          <>
            <span className="font-medium">{realm.name}</span>
            <span className="ml-2 text-xs text-slate-600">{details(realm)}</span>
          </>
        )}
      />
    </ComboboxField>
  );
}
