"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextareaField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { useToast } from "@/components/ui/toast";
import { createRealmUser } from "@/lib/actions/realms/create-realm-user";
import type { Availability } from "@/lib/realms/catalog";
import { realmDomainRule } from "@/lib/realms/domains";
import type { CredentialOption } from "@/lib/realms/inputs";
import { fromActionResult, type Outcome } from "@/lib/realms/outcome";
import { profileFieldName, type UserFormField } from "@/lib/realms/user-form";
import type { RealmView, UserView } from "@/lib/realms/views";
import { FailureNotice } from "./failure-notice";
import { submitWithoutReset } from "./submit-without-reset";
import { UnavailableNote, describedByIf } from "./unavailable-note";

const CREDENTIAL_OPTIONS: { value: CredentialOption; label: string }[] = [
  { value: "none", label: "Without credentials" },
  { value: "password", label: "With password" },
  { value: "recovery", label: "With recovery question" },
  { value: "password_recovery", label: "With password and recovery question" },
];

function hintOf(field: UserFormField): string | undefined {
  const parts = [
    field.description,
    field.minLength !== undefined || field.maxLength !== undefined ? `${field.minLength ?? 0}–${field.maxLength ?? "∞"} characters` : undefined,
    field.pattern ? `Format: ${field.pattern}` : undefined,
    field.type === "array" ? "One value per line" : undefined,
    field.custom ? "Custom attribute" : undefined,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : undefined;
}

function ProfileControl({ field, errors }: { field: UserFormField; errors?: string[] }) {
  const id = `user-${field.name}`;
  const name = profileFieldName(field.name);
  const label = `${field.label}${field.required ? "" : " (optional)"}`;
  const hint = hintOf(field);
  if (field.options || field.type === "boolean") {
    const options = field.options ?? [
      { value: "true", label: "Yes" },
      { value: "false", label: "No" },
    ];
    return <SelectField id={id} name={name} label={label} hint={hint} errors={errors} options={[{ value: "", label: "—" }, ...options]} defaultValue="" />;
  }
  if (field.type === "array") return <TextareaField id={id} name={name} label={label} hint={hint} errors={errors} rows={2} />;
  const type = field.type === "integer" || field.type === "number" ? "number" : field.format === "email" || field.name === "login" ? "email" : "text";
  return (
    <TextField
      id={id}
      name={name}
      type={type}
      label={label}
      hint={hint}
      errors={errors}
      required={field.required}
      minLength={field.minLength}
      maxLength={field.maxLength}
      step={field.type === "integer" ? 1 : undefined}
      autoComplete="off"
    />
  );
}

type Props = { connectionId: string; realm: RealmView; fields: UserFormField[]; availability: Availability };

async function submit({ connectionId, realm }: Props, _previous: Outcome<UserView> | null, form: FormData): Promise<Outcome<UserView>> {
  // The realm's allowed domains, checked here first so the admin isn't sent to Okta to learn them.
  const rule = realmDomainRule(realm, { login: String(form.get(profileFieldName("login")) ?? ""), email: String(form.get(profileFieldName("email")) ?? "") });
  if (Object.keys(rule).length > 0) {
    const fieldErrors = Object.fromEntries(Object.entries(rule).map(([k, v]) => [profileFieldName(k), v]));
    return { ok: false, failure: { code: "validation", message: `${realm.name} only accepts users in ${realm.domains.join(", ")}.`, fieldErrors } };
  }
  form.set("connectionId", connectionId);
  form.set("realmId", realm.id);
  form.set("activate", form.get("activate") === "on" ? "true" : "false");
  return fromActionResult(await createRealmUser(form));
}

/** Create Realm User: a form built from the org's user schema, credential options and activation; a created user is a toast. */
export function CreateUserForm(props: Props) {
  const [state, action, pending] = useActionState(submit.bind(null, props), null);
  const [option, setOption] = useState<CredentialOption>("none");
  const errors = state && !state.ok ? state.failure.fieldErrors : undefined;
  const withPassword = option === "password" || option === "password_recovery";
  const withRecovery = option === "recovery" || option === "password_recovery";
  const toast = useToast();
  const announced = useRef<typeof state>(null);
  useEffect(() => {
    if (!state?.ok || announced.current === state) return;
    announced.current = state;
    toast(`Created user ${state.value.login} (${state.value.status}) in ${props.realm.name}.`);
  }, [state, toast, props.realm.name]);
  return (
    <form onSubmit={submitWithoutReset(action)} aria-labelledby="new-user-heading" className="rounded-lg border border-slate-200 bg-white p-5" noValidate>
      <h2 id="new-user-heading" className="text-lg font-medium">
        New user in {props.realm.name}
      </h2>
      {props.realm.domains.length > 0 ? (
        <p className="mt-1 text-sm text-slate-600">Username and email must both be in: {props.realm.domains.join(", ")}.</p>
      ) : null}
      <UnavailableNote id="new-user-unavailable" availability={props.availability} />
      <fieldset disabled={!props.availability.allowed || pending} aria-describedby={describedByIf(props.availability, "new-user-unavailable")} className="mt-3 grid gap-3 sm:grid-cols-2">
        <legend className="sr-only">Profile</legend>
        {props.fields.map((field) => (
          <ProfileControl key={field.name} field={field} errors={errors?.[profileFieldName(field.name)]} />
        ))}
        <SelectField
          id="user-credentials"
          name="credentialOption"
          label="Credentials"
          value={option}
          onChange={(e) => setOption(e.target.value as CredentialOption)}
          options={CREDENTIAL_OPTIONS}
          errors={errors?.credentialOption}
          className="sm:col-span-2"
        />
        {withPassword ? <TextField id="user-password" name="password" type="password" label="Password" autoComplete="new-password" errors={errors?.password} /> : null}
        {withRecovery ? (
          <>
            <TextField id="user-question" name="recoveryQuestion" label="Recovery question" errors={errors?.recoveryQuestion} />
            <TextField id="user-answer" name="recoveryAnswer" label="Recovery answer" autoComplete="off" errors={errors?.recoveryAnswer} />
          </>
        ) : null}
        <div className="flex items-center gap-2 sm:col-span-2">
          <input id="user-activate" name="activate" type="checkbox" className="size-4" aria-describedby="user-activate-hint" />
          <label htmlFor="user-activate" className="text-sm font-medium">
            Activate now
          </label>
          <span id="user-activate-hint" className="text-xs text-slate-500">
            Without a password, Okta sends an activation email and the user stays Provisioned until then.
          </span>
        </div>
        <div className="sm:col-span-2">
          <Button type="submit" disabled={!props.availability.allowed || pending}>
            {pending ? "Creating…" : "Create user"}
          </Button>
        </div>
      </fieldset>
      {state && !state.ok && !state.failure.fieldErrors ? <FailureNotice failure={state.failure} className="mt-3" /> : null}
      <FormMessage className="mt-2" tone={state && !state.ok ? "error" : "none"} message={state && !state.ok && state.failure.fieldErrors ? state.failure.message : undefined} />
      {state?.ok ? (
        <Link href={`/connections/${encodeURIComponent(props.connectionId)}/realms/${encodeURIComponent(props.realm.id)}`} className="text-sm text-brand underline">
          Back to {props.realm.name}
        </Link>
      ) : null}
    </form>
  );
}
