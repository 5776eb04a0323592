"use client";

import { useActionState } from "react";
import { useToast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { inviteMember } from "@/lib/actions/invite-member";
import { ROLE_DESCRIPTIONS, ROLE_LABELS } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";

export function InviteForm({ roles }: { roles: Role[] }) {
  const toast = useToast();
  // The toast comes from the action's own completion (once per submit), not from an effect on state.
  const [state, formAction, pending] = useActionState(async (previous: Awaited<ReturnType<typeof inviteMember>> | null, form: FormData) => {
    const result = await inviteMember(previous, form);
    if (result.ok) toast(`Invited ${result.data.email} as ${ROLE_LABELS[result.data.role]}.`);
    return result;
  }, null);
  const fieldErrors = state && !state.ok ? state.error.fieldErrors : undefined;
  return (
    <form action={formAction} aria-labelledby="invite-heading" className="rounded-lg border border-slate-200 bg-white p-5" noValidate>
      <h2 id="invite-heading" className="text-lg font-medium">
        Invite someone
      </h2>
      <p className="mt-1 text-sm text-slate-600">They join with this role the first time they sign in with this email address.</p>
      <div className="mt-4 grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-start">
        <TextField id="invite-email" name="email" type="email" label="Email" autoComplete="off" required errors={fieldErrors?.email} />
        <SelectField
          id="invite-role"
          name="role"
          label="Role"
          defaultValue={roles.includes("VIEWER") ? "VIEWER" : roles[0]}
          options={roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          errors={fieldErrors?.role}
        />
        <Button type="submit" disabled={pending} className="sm:mt-6">
          {pending ? "Inviting…" : "Invite"}
        </Button>
      </div>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-3 text-xs text-slate-500">
        {roles.map((r) => (
          <div key={r} className="contents">
            <dt className="font-medium">{ROLE_LABELS[r]}</dt>
            <dd>{ROLE_DESCRIPTIONS[r]}</dd>
          </div>
        ))}
      </dl>
      <FormMessage
        className="mt-3"
        tone={state === null ? "none" : state.ok ? "success" : "error"}
        message={state === null ? undefined : state.ok ? `Invited ${state.data.email} as ${ROLE_LABELS[state.data.role]}.` : state.error.message}
      />
    </form>
  );
}
