"use client";

import { useActionState, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { createRealmAssignment } from "@/lib/actions/realms/create-realm-assignment";
import { updateRealmAssignment } from "@/lib/actions/realms/update-realm-assignment";
import type { Availability } from "@/lib/realms/catalog";
import { fromActionResult, type Outcome } from "@/lib/realms/outcome";
import type { AssignmentView, RealmView } from "@/lib/realms/views";
import { FailureNotice } from "./failure-notice";
import { RealmCombobox } from "./realm-combobox";
import { submitWithoutReset } from "./submit-without-reset";
import { UnavailableNote, describedByIf } from "./unavailable-note";

type Props = {
  connectionId: string;
  realms: RealmView[];
  profileSources: string[];
  availability: Availability;
  assignment?: AssignmentView;
  onDone?: () => void;
};

async function submit(props: Props, _previous: Outcome<AssignmentView> | null, form: FormData): Promise<Outcome<AssignmentView>> {
  form.set("connectionId", props.connectionId);
  if (props.assignment) {
    form.set("assignmentId", props.assignment.id);
    return fromActionResult(await updateRealmAssignment(form));
  }
  return fromActionResult(await createRealmAssignment(form));
}

/** Create or edit a realm assignment: profile source, condition expression, target realm, priority. */
export function AssignmentForm(props: Props) {
  const [state, action, pending] = useActionState(submit.bind(null, props), null);
  const errors = state && !state.ok ? state.failure.fieldErrors : undefined;
  const a = props.assignment;
  const prefix = a ? `edit-${a.id}` : "new-assignment";
  const { onDone } = props;
  const [targetId, setTargetId] = useState(a?.targetRealmId ?? "");
  useEffect(() => {
    if (state?.ok) onDone?.();
  }, [state, onDone]);
  return (
    <form onSubmit={submitWithoutReset(action)} aria-label={a ? `Edit ${a.name}` : "Create realm assignment"} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-5 sm:grid-cols-2" noValidate>
      <h2 className="text-lg font-medium sm:col-span-2">{a ? `Edit ${a.name}` : "Create realm assignment"}</h2>
      <div className="sm:col-span-2">
        <UnavailableNote id={`${prefix}-unavailable`} availability={props.availability} connectionId={props.connectionId} />
      </div>
      <fieldset disabled={!props.availability.allowed || pending} aria-describedby={describedByIf(props.availability, `${prefix}-unavailable`)} className="contents">
        <TextField id={`${prefix}-name`} name="name" label="Name" defaultValue={a?.name} errors={errors?.name} />
        <TextField id={`${prefix}-priority`} name="priority" label="Priority" inputMode="numeric" defaultValue={a ? String(a.priority) : "10"} hint="Lower runs first; 499 is the catch-all." errors={errors?.priority} />
        <SelectField
          id={`${prefix}-source`}
          name="profileSourceId"
          label="Profile source"
          defaultValue={a?.profileSourceId ?? props.profileSources[0]}
          options={props.profileSources.map((s) => ({ value: s, label: s }))}
          errors={errors?.profileSourceId}
        />
        <RealmCombobox
          id={`${prefix}-target`}
          name="targetRealmId"
          label="Assign to realm"
          connectionId={props.connectionId}
          value={targetId}
          onChange={(realm) => setTargetId(realm?.id ?? "")}
          initialName={props.realms.find((r) => r.id === a?.targetRealmId)?.name ?? ""}
          errors={errors?.targetRealmId}
        />
        <TextField
          id={`${prefix}-expression`}
          name="expression"
          label="Condition (optional)"
          className="sm:col-span-2"
          defaultValue={a?.expression ?? ""}
          hint='Okta Expression Language, e.g. user.profile.department == "Sales". Empty: every user of the profile source.'
          errors={errors?.expression}
        />
        <div className="sm:col-span-2">
          <Button type="submit" disabled={!props.availability.allowed || pending}>
            {pending ? "Saving…" : a ? "Save assignment" : "Create assignment"}
          </Button>
        </div>
      </fieldset>
      {state && !state.ok && !state.failure.fieldErrors ? <FailureNotice failure={state.failure} className="sm:col-span-2" /> : null}
      <FormMessage
        className="sm:col-span-2"
        tone={state === null ? "none" : state.ok ? "success" : "error"}
        message={state === null ? undefined : state.ok ? `Saved ${state.value.name} (${state.value.status}).` : state.failure.fieldErrors ? state.failure.message : ""}
      />
    </form>
  );
}
