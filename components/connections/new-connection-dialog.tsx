"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Modal } from "@/components/ui/modal";
import { Tabs } from "@/components/ui/tabs";
import type { ActionError } from "@/lib/auth/guard";
import { createConnectionAction } from "@/lib/actions/connections/create-connection";
import { DEFAULT_API_SCOPES } from "@/lib/connections/authorize/scopes";
import { RedirectUriHelp } from "./redirect-uri-help";
import { ScopePicker, type PickerMode } from "./scope-picker";

const GENERAL_FIELDS = ["nickname", "domain", "clientId", "clientSecret"];
const empty = { nickname: "", domain: "", clientId: "", clientSecret: "" };

/**
 * New Connection: General (nickname, domain, client credentials) and Permissions (scopes). Fields
 * are controlled, so a refused submission keeps everything typed; the client secret is kept too
 * while the dialog is open (it never came from the server) and cleared when the dialog closes.
 */
export function NewConnectionDialog({ redirectUri, devOrigins, disabledReason }: { redirectUri: string; devOrigins: string[]; disabledReason?: string }) {
  const [open, setOpen] = useState(false);
  const [tab, setTab] = useState("general");
  const [values, setValues] = useState(empty);
  const [mode, setMode] = useState<PickerMode>("default");
  const [scopes, setScopes] = useState<string[]>([...DEFAULT_API_SCOPES]);
  const [error, setError] = useState<ActionError>();
  const [pending, startTransition] = useTransition();
  const [leaving, setLeaving] = useState(false);
  const fieldErrors = error?.fieldErrors;
  const set = (key: keyof typeof empty) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [key]: e.target.value }));

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) setValues((v) => ({ ...v, clientSecret: "" }));
  };

  const submit = () =>
    startTransition(async () => {
      const result = await createConnectionAction({ ...values, scopeMode: mode === "custom" ? "custom" : "default", scopes: mode === "custom" ? scopes : [] });
      if (result.ok) {
        setError(undefined);
        setLeaving(true);
        window.location.assign(result.data.authorizeUrl);
        return;
      }
      setError(result.error);
      if (Object.keys(result.error.fieldErrors ?? {}).some((k) => GENERAL_FIELDS.includes(k))) setTab("general");
    });

  if (disabledReason) {
    return (
      <div className="flex flex-col items-end gap-1">
        <Button disabled aria-describedby="new-connection-disabled">
          New connection
        </Button>
        <p id="new-connection-disabled" className="text-xs text-slate-500">
          {disabledReason}
        </p>
      </div>
    );
  }

  const general = (
    <div className="flex flex-col gap-3">
      <TextField id="nc-nickname" label="Connection Nickname" value={values.nickname} onChange={set("nickname")} errors={fieldErrors?.nickname} hint="How the connection appears in this list. Must be unique." autoComplete="off" />
      <TextField
        id="nc-domain"
        label="Domain"
        value={values.domain}
        onChange={set("domain")}
        errors={fieldErrors?.domain}
        autoComplete="off"
        hint={
          <>
            Your Okta org&apos;s domain, as in the Admin Console&apos;s address bar without <code>-admin</code>: acme.okta.com, acme.okta-emea.com or acme.oktapreview.com.
            {devOrigins.length > 0 ? <> Local sandbox org: {devOrigins.join(", ")}.</> : null}
          </>
        }
      />
      <TextField
        id="nc-client-id"
        label="Client ID"
        value={values.clientId}
        onChange={set("clientId")}
        errors={fieldErrors?.clientId}
        autoComplete="off"
        hint="Admin Console → Applications → your Okta Workflows OAuth app → General tab → Client Credentials → Client ID."
      />
      <TextField
        id="nc-client-secret"
        label="Client Secret"
        type="password"
        value={values.clientSecret}
        onChange={set("clientSecret")}
        errors={fieldErrors?.clientSecret}
        autoComplete="off"
        hint="Same tab, under Client Secrets. Stored encrypted and never shown again. It stays in this dialog while you fix other fields, and is cleared when you close it (you'd enter it again)."
      />
      <RedirectUriHelp redirectUri={redirectUri} />
    </div>
  );

  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      wide
      trigger={<Button>New connection</Button>}
      title="New connection"
      description="Connect an Okta org through its OAuth app. After saving, Okta asks you to sign in and authorize the connection."
    >
      <form
        aria-label="New connection"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Tabs
          label="New connection settings"
          value={tab}
          onValueChange={setTab}
          tabs={[
            { value: "general", label: "General", marked: GENERAL_FIELDS.some((k) => fieldErrors?.[k]?.length), content: general },
            {
              value: "permissions",
              label: "Permissions",
              marked: Boolean(fieldErrors?.scopes?.length),
              content: <ScopePicker idPrefix="nc" modes={["default", "custom"]} mode={mode} onModeChange={setMode} selected={scopes} onSelectedChange={setScopes} />,
            },
          ]}
        />
        <FormMessage className="mt-3" tone={error ? "error" : leaving ? "success" : "none"} message={error ? error.message : "Sending you to Okta to authorize…"} />
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending || leaving}>
            {pending ? "Checking…" : leaving ? "Opening Okta…" : "Create and authorize"}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
