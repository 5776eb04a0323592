"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Modal } from "@/components/ui/modal";
import { Tabs } from "@/components/ui/tabs";
import { reauthorizeConnectionAction } from "@/lib/actions/connections/reauthorize-connection";
import { SELECTABLE_API_SCOPES } from "@/lib/connections/authorize/scopes";
import { ScopePicker, type PickerMode } from "./scope-picker";
import type { ConnectionRowView, DialogControl } from "./types";

/** Reauthorize (or, before the first success, Authorize): same connection, optionally new scopes or secret. */
/** Opened from the row menu, or on arrival from an Insufficient Scope error's Reauthorize button (?reauthorize=<id>). */
export function ReauthorizeDialog({ row, open, onOpenChange, onCloseAutoFocus }: { row: ConnectionRowView } & DialogControl) {
  const verb = reauthorizeVerb(row);
  const setOpen = onOpenChange;
  const [tab, setTab] = useState("permissions");
  const [mode, setMode] = useState<PickerMode>("previous");
  const [scopes, setScopes] = useState<string[]>(row.requestedScopes.filter((s) => SELECTABLE_API_SCOPES.includes(s)));
  const [secret, setSecret] = useState("");
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();

  const submit = () =>
    startTransition(async () => {
      const result = await reauthorizeConnectionAction({ id: row.id, scopeMode: mode, scopes: mode === "custom" ? scopes : [], clientSecret: secret });
      if (!result.ok) return setError(result.error.message);
      window.location.assign(result.data.authorizeUrl);
    });

  return (
    <Modal
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setSecret("");
      }}
      wide
      onCloseAutoFocus={onCloseAutoFocus}
      title={`${verb} “${row.nickname}”`}
      description="Okta asks you to sign in and approve again. The connection keeps its id, nickname and settings; its tokens are replaced only if the authorization succeeds."
    >
      <form
        aria-label={`${verb} connection`}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Tabs
          label={`${verb} settings`}
          value={tab}
          onValueChange={setTab}
          tabs={[
            {
              value: "permissions",
              label: "Permissions",
              content: (
                <ScopePicker
                  idPrefix={`re-${row.id}`}
                  modes={["previous", "default", "custom"]}
                  mode={mode}
                  onModeChange={setMode}
                  selected={scopes}
                  onSelectedChange={setScopes}
                  previousScopes={row.requestedScopes}
                />
              ),
            },
            {
              value: "general",
              label: "General",
              content: (
                <TextField
                  id={`re-${row.id}-secret`}
                  label="New client secret (optional)"
                  type="password"
                  value={secret}
                  onChange={(e) => setSecret(e.target.value)}
                  autoComplete="off"
                  hint="Only if the secret was rotated in Okta. It replaces the stored one only if the authorization succeeds. Leave empty to keep the stored one (it is never shown)."
                />
              ),
            },
          ]}
        />
        <FormMessage className="mt-3" tone={error ? "error" : "none"} message={error} />
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? "Opening Okta…" : `${verb} with Okta`}
          </Button>
        </div>
      </form>
    </Modal>
  );
}

/** "Authorize" before the first success, "Reauthorize" after. */
export function reauthorizeVerb(row: Pick<ConnectionRowView, "lastAuthorizedAt">): "Authorize" | "Reauthorize" {
  return row.lastAuthorizedAt === null ? "Authorize" : "Reauthorize";
}
