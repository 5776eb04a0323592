"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";
import { deleteConnectionAction } from "@/lib/actions/connections/delete-connection";
import type { DialogControl } from "./types";

/** Delete after typing the nickname back; the tokens are revoked at Okta. The outcome is a toast. */
export function DeleteDialog({ id, nickname, open, onOpenChange, onCloseAutoFocus }: { id: string; nickname: string } & DialogControl) {
  const setOpen = onOpenChange;
  const onDeleted = useToast();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<{ message: string; field?: string[] }>();
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  return (
    <Modal
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setTyped("");
        setError(undefined);
      }}
      onCloseAutoFocus={onCloseAutoFocus}
      title={`Delete “${nickname}”?`}
      description="The connection is removed for the whole team and its tokens are revoked at Okta. Realm screens using it stop working. This can't be undone."
    >
      <form
        aria-label="Delete connection"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          startTransition(async () => {
            const result = await deleteConnectionAction({ id, confirmation: typed });
            if (!result.ok) return setError({ message: result.error.message, field: result.error.fieldErrors?.confirmation });
            setOpen(false);
            onDeleted(
              result.data.revocationFailed
                ? `Deleted “${result.data.nickname}”. Okta could not be reached to revoke its tokens; revoke them on the OAuth app if needed.`
                : `Deleted “${result.data.nickname}” and revoked its tokens at Okta.`,
            );
            router.refresh();
          });
        }}
      >
        <TextField
          id={`delete-${id}`}
          label={`Type ${nickname} to confirm`}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          errors={error?.field}
          autoComplete="off"
        />
        <FormMessage tone={error && !error.field ? "error" : "none"} message={error?.message} />
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={pending || typed.trim() !== nickname}>
            {pending ? "Deleting…" : "Delete connection"}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
