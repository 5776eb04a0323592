"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { FormMessage } from "@/components/ui/form-message";
import { useToast } from "@/components/ui/toast";
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
  /** A new assignment's target realm, chosen already (a realm's own Assignments tab). */
  target?: RealmView;
  /** Inside a dialog: the dialog gives the title and the frame. */
  bare?: boolean;
  onDone?: (saved: AssignmentView) => void;
};

async function submit(props: Props, _previous: Outcome<AssignmentView> | null, form: FormData): Promise<Outcome<AssignmentView>> {
  form.set("connectionId", props.connectionId);
  if (props.assignment) {
    form.set("assignmentId", props.assignment.id);
    return fromActionResult(await updateRealmAssignment(form));
  }
  return fromActionResult(await createRealmAssignment(form));
}

/**
 * Create or edit a realm assignment: profile source, condition expression, target realm, priority.
 * A save is a toast; a refusal stays on the form.
 */
export function AssignmentForm(props: Props) {
  const [state, action, pending] = useActionState(submit.bind(null, props), null);
  const errors = state && !state.ok ? state.failure.fieldErrors : undefined;
  const a = props.assignment;
  const prefix = a ? `edit-${a.id}` : "new-assignment";
  const { onDone } = props;
  const toast = useToast();
  const [targetId, setTargetId] = useState(a?.targetRealmId ?? props.target?.id ?? "");
  // Each saved answer once, even when the parent passes a new onDone.
  const handled = useRef<typeof state>(null);
  useEffect(() => {
    if (!state?.ok || handled.current === state) return;
    handled.current = state;
    toast(a ? `Updated “${state.value.name}”.` : `Created “${state.value.name}” (${state.value.status.toLowerCase()}).`);
    onDone?.(state.value);
  }, [state, onDone, toast, a]);
  return (
    <form
      onSubmit={submitWithoutReset(action)}
      aria-label={a ? `Edit ${a.name}` : "Create realm assignment"}
      className={cn("grid gap-3 sm:grid-cols-2", !props.bare && "rounded-lg border border-slate-200 bg-white p-5")}
      noValidate
    >
      {props.bare ? null : <h2 className="text-lg font-medium sm:col-span-2">{a ? `Edit ${a.name}` : "Create realm assignment"}</h2>}
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
          initialName={(props.realms.find((r) => r.id === a?.targetRealmId) ?? props.target)?.name ?? ""}
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
      <FormMessage className="sm:col-span-2" tone={state && !state.ok ? "error" : "none"} message={state && !state.ok && state.failure.fieldErrors ? state.failure.message : undefined} />
    </form>
  );
}
