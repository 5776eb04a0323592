"use client";

import { AUTO_GRANTED_SCOPES, DEFAULT_API_SCOPES, EXTRA_API_SCOPES, REQUIRED_API_SCOPES } from "@/lib/connections/authorize/scopes";
import { scopeOperations, scopeSummary } from "./scope-text";

export type PickerMode = "previous" | "default" | "custom";

const MODE_TEXT: Record<PickerMode, { label: string; hint: string }> = {
  previous: { label: "Keep the current scopes", hint: "Ask Okta again for the scopes of the last authorization; scopes granted on the OAuth app since then are picked up." },
  default: { label: "Use default scopes", hint: "Every scope an operation of the Okta Realms connector needs." },
  custom: { label: "Customize scopes (advanced)", hint: "Choose the Okta API scopes yourself. Operations that need a scope you leave out will fail." },
};

/** The Permissions tab: default vs customized scopes, with what each scope is for. */
export function ScopePicker({
  idPrefix,
  modes,
  mode,
  onModeChange,
  selected,
  onSelectedChange,
  previousScopes,
}: {
  idPrefix: string;
  modes: PickerMode[];
  mode: PickerMode;
  onModeChange: (mode: PickerMode) => void;
  selected: string[];
  onSelectedChange: (scopes: string[]) => void;
  previousScopes?: string[];
}) {
  const toggle = (scope: string, on: boolean) => onSelectedChange(on ? [...new Set([...selected, scope])] : selected.filter((s) => s !== scope));
  return (
    <div className="flex flex-col gap-4 text-sm">
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 font-medium text-slate-800">Scopes</legend>
        {modes.map((m) => (
          <label key={m} className="flex items-start gap-2">
            <input type="radio" name={`${idPrefix}-scope-mode`} value={m} checked={mode === m} onChange={() => onModeChange(m)} className="mt-1" />
            <span>
              <span className="font-medium">{MODE_TEXT[m].label}</span>
              <span className="block text-xs text-slate-500">{MODE_TEXT[m].hint}</span>
              {m === "previous" && previousScopes ? <span className="block text-xs text-slate-500">Currently: {previousScopes.join(" ")}</span> : null}
            </span>
          </label>
        ))}
      </fieldset>

      {mode === "custom" ? (
        <fieldset className="flex flex-col gap-2 rounded-md border border-slate-200 p-3">
          <legend className="px-1 font-medium text-slate-800">Okta API scopes</legend>
          {[...DEFAULT_API_SCOPES, ...EXTRA_API_SCOPES].map((scope) => {
            const always = (REQUIRED_API_SCOPES as readonly string[]).includes(scope);
            const id = `${idPrefix}-scope-${scope}`;
            return (
              <div key={scope} className="flex items-start gap-2">
                <input
                  id={id}
                  type="checkbox"
                  checked={always || selected.includes(scope)}
                  disabled={always}
                  onChange={(e) => toggle(scope, e.target.checked)}
                  aria-describedby={`${id}-help`}
                  className="mt-1"
                />
                <div>
                  <label htmlFor={id} className="font-mono text-xs font-medium">
                    {scope}
                  </label>
                  {always ? <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-600">required</span> : null}
                  {(EXTRA_API_SCOPES as readonly string[]).includes(scope) ? <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-900">optional extra</span> : null}
                  <p id={`${id}-help`} className="text-xs text-slate-500">
                    {scopeSummary(scope)} {scopeOperations(scope)}
                  </p>
                </div>
              </div>
            );
          })}
        </fieldset>
      ) : mode === "default" ? (
        <div>
          <p className="font-medium text-slate-800">Requested Okta API scopes</p>
          <ul className="mt-1 flex flex-col gap-1">
            {DEFAULT_API_SCOPES.map((scope) => (
              <li key={scope} className="text-xs text-slate-600">
                <span className="font-mono font-medium text-slate-800">{scope}</span> — {scopeSummary(scope)} {scopeOperations(scope)}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <div>
        <p className="font-medium text-slate-800">Required (always requested; you must grant it on the OAuth app)</p>
        <ul className="mt-1 flex flex-wrap gap-1" aria-label="Required scopes you must grant">
          {REQUIRED_API_SCOPES.map((scope) => (
            <li key={scope} title={scopeSummary(scope)} className="rounded bg-amber-100 px-1.5 py-0.5 font-mono text-xs text-amber-900">
              {scope} <span className="sr-only">(required, always requested, not granted automatically)</span>
            </li>
          ))}
        </ul>
        <p className="mt-1 text-xs text-slate-500">Not granted automatically: grant it on the OAuth app&apos;s Okta API Scopes tab, or authorization fails and names it.</p>
      </div>

      <div>
        <p className="font-medium text-slate-800">Always requested (granted to the OAuth app automatically)</p>
        <ul className="mt-1 flex flex-wrap gap-1" aria-label="Automatically granted scopes">
          {AUTO_GRANTED_SCOPES.map((scope) => (
            <li key={scope} title={scopeSummary(scope)} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
              {scope} <span className="sr-only">(automatically granted, always requested)</span>
            </li>
          ))}
        </ul>
        <p className="mt-1 text-xs text-slate-500">If any of these is revoked on the OAuth app, authorization fails and says which one.</p>
      </div>
    </div>
  );
}
