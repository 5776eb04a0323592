"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormMessage } from "@/components/ui/form-message";
import { useToast } from "@/components/ui/toast";
import { removeMember } from "@/lib/actions/remove-member";

export function RemoveMemberButton({ membershipId, email }: { membershipId: string; email: string }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  const toast = useToast();
  return (
    <div>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        trigger={
          <Button size="sm" variant="ghost" className="text-red-700" aria-label={`Remove ${email}`}>
            Remove
          </Button>
        }
        title={`Remove ${email}?`}
        description="They are signed out everywhere at once and can only come back with a new invitation (or an allowed email domain)."
        confirmLabel="Remove member"
        pending={pending}
        onConfirm={() =>
          startTransition(async () => {
            const result = await removeMember({ membershipId });
            setOpen(false);
            if (!result.ok) return setError(result.error.message);
            setError(undefined);
            toast(`Removed ${email} from the team.`);
            // Removing yourself ends your own session.
            if (result.data.self) router.push("/signin");
            else router.refresh();
          })
        }
      />
      <FormMessage tone={error ? "error" : "none"} message={error} className="text-xs" />
    </div>
  );
}
