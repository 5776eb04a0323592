"use client";

import { useToast } from "@/components/ui/toast";
import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextareaField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { createRealm } from "@/lib/actions/realms/create-realm";
import { updateRealm } from "@/lib/actions/realms/update-realm";
import type { Availability } from "@/lib/realms/catalog";
import { FORBIDDEN_DOMAIN_CHARACTERS } from "@/lib/realms/domains";
import { fromActionResult, type Outcome } from "@/lib/realms/outcome";
import type { RealmView } from "@/lib/realms/views";
import { FailureNotice } from "./failure-notice";
import { submitWithoutReset } from "./submit-without-reset";
import { UnavailableNote, describedByIf } from "./unavailable-note";

type Props = { connectionId: string; availability: Availability } & ({ mode: "create" } | { mode: "edit"; realm: RealmView });

async function submit(props: Props, _previous: Outcome<RealmView> | null, form: FormData): Promise<Outcome<RealmView>> {
  form.set("connectionId", props.connectionId);
  if (props.mode === "edit") {
    form.set("realmId", props.realm.id);
    return fromActionResult(await updateRealm(form));
  }
  return fromActionResult(await createRealm(form));
}

/** Create Realm and Update Realm: name, type (Default or Partner) and allowed domains. */
export function RealmForm(props: Props) {
  const router = useRouter();
  const toast = useToast();
  const [state, action, pending] = useActionState(submit.bind(null, props), null);
  const errors = state && !state.ok ? state.failure.fieldErrors : undefined;
  const realm = props.mode === "edit" ? props.realm : undefined;
  const prefix = props.mode === "edit" ? "edit-realm" : "new-realm";
  const reasonId = `${prefix}-unavailable`;

  useEffect(() => {
    if (!state?.ok) return;
    toast(props.mode === "create" ? `Created realm “${state.value.name}”.` : `Saved realm “${state.value.name}”.`);
    if (props.mode === "create") router.push(`/connections/${encodeURIComponent(props.connectionId)}/realms/${encodeURIComponent(state.value.id)}`);
    else router.refresh();
  }, [state, props.mode, props.connectionId, router, toast]);

  const domainsLocked = realm?.isDefault === true;
  return (
    <form onSubmit={submitWithoutReset(action)} aria-labelledby={`${prefix}-heading`} className="rounded-lg border border-slate-200 bg-white p-5" noValidate>
      <h2 id={`${prefix}-heading`} className="text-lg font-medium">
        {props.mode === "create" ? "Create realm" : "Edit realm"}
      </h2>
      <UnavailableNote id={reasonId} availability={props.availability} />
      <fieldset disabled={!props.availability.allowed || pending} aria-describedby={describedByIf(props.availability, reasonId)} className="mt-3 grid gap-3">
        <TextField id={`${prefix}-name`} name="name" label="Name" defaultValue={realm?.name} required errors={errors?.name} />
        <SelectField
          id={`${prefix}-type`}
          name="realmType"
          label="Realm type"
          defaultValue={realm?.realmType ?? "DEFAULT"}
          options={[
            { value: "DEFAULT", label: "Default" },
            { value: "PARTNER", label: "Partner (Secure Partner Access portal)" },
          ]}
          errors={errors?.realmType}
        />
        <TextareaField
          id={`${prefix}-domains`}
          name="domains"
          label="Allowed domains"
          rows={3}
          defaultValue={realm?.domains.join("\n")}
          disabled={domainsLocked}
          hint={
            domainsLocked
              ? "The default realm can't have allowed domains."
              : `One per line or comma-separated, e.g. partner.example. Users' username and email must be in one of them. Not allowed: ${FORBIDDEN_DOMAIN_CHARACTERS}`
          }
          errors={errors?.domains}
        />
        <div>
          <Button type="submit" disabled={!props.availability.allowed || pending}>
            {pending ? "Saving…" : props.mode === "create" ? "Create realm" : "Save changes"}
          </Button>
        </div>
      </fieldset>
      {state && !state.ok && !state.failure.fieldErrors ? <FailureNotice failure={state.failure} className="mt-3" /> : null}
      <FormMessage
        className="mt-2"
        tone={state === null ? "none" : state.ok ? "success" : "error"}
        message={state === null ? undefined : state.ok ? (props.mode === "create" ? `Created ${state.value.name}.` : `Saved ${state.value.name}.`) : state.failure.fieldErrors ? state.failure.message : ""}
      />
    </form>
  );
}
