"use client";

import { useActionState } from "react";
import { useToast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { revokeInvitation } from "@/lib/actions/revoke-invitation";

export function RevokeInvitationButton({ invitationId, email }: { invitationId: string; email: string }) {
  const toast = useToast();
  const [state, formAction, pending] = useActionState(async (previous: Awaited<ReturnType<typeof revokeInvitation>> | null, form: FormData) => {
    const result = await revokeInvitation(previous, form);
    if (result.ok) toast(`Withdrew the invitation of ${email}.`);
    return result;
  }, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="invitationId" value={invitationId} />
      <Button type="submit" size="sm" variant="ghost" disabled={pending} aria-label={`Withdraw the invitation of ${email}`}>
        Withdraw
      </Button>
      <FormMessage tone={state && !state.ok ? "error" : "none"} message={state && !state.ok ? state.error.message : undefined} className="text-xs" />
    </form>
  );
}
