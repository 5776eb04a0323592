"use client";

import { useActionState } from "react";
import { useToast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { changeMemberRole } from "@/lib/actions/change-member-role";
import { ROLE_LABELS, ROLES } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";

export function MemberRoleForm({ membershipId, email, role }: { membershipId: string; email: string; role: Role }) {
  const toast = useToast();
  const [state, formAction, pending] = useActionState(async (previous: Awaited<ReturnType<typeof changeMemberRole>> | null, form: FormData) => {
    const result = await changeMemberRole(previous, form);
    if (result.ok) toast(`${email} is now ${ROLE_LABELS[result.data.to]}.`);
    return result;
  }, null);
  const selectId = `role-${membershipId}`;
  const messageId = `role-message-${membershipId}`;
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="membershipId" value={membershipId} />
      <label htmlFor={selectId} className="sr-only">
        Role of {email}
      </label>
      <select
        id={selectId}
        name="role"
        defaultValue={role}
        aria-describedby={messageId}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      <Button type="submit" size="sm" variant="secondary" disabled={pending} aria-label={`Change role of ${email}`}>
        {pending ? "Saving…" : "Change"}
      </Button>
      <FormMessage
        id={messageId}
        className="w-full text-xs"
        tone={state === null ? "none" : state.ok ? "success" : "error"}
        message={state === null ? undefined : state.ok ? `Now ${ROLE_LABELS[state.data.to]}.` : state.error.message}
      />
    </form>
  );
}
