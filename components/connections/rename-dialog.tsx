"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Modal } from "@/components/ui/modal";
import { useToast } from "@/components/ui/toast";
import { renameConnectionAction } from "@/lib/actions/connections/rename-connection";
import type { DialogControl } from "./types";

/** Opened from a connection's row menu; focus goes back to that menu's button on close. */
export function RenameDialog({ id, nickname, open, onOpenChange, onCloseAutoFocus }: { id: string; nickname: string } & DialogControl) {
  const setOpen = onOpenChange;
  const toast = useToast();
  const [value, setValue] = useState(nickname);
  const [error, setError] = useState<{ message: string; field?: string[] }>();
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  return (
    <Modal
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) {
          setValue(nickname);
          setError(undefined);
        }
      }}
      onCloseAutoFocus={onCloseAutoFocus}
      title={`Rename “${nickname}”`}
      description="Only the name in this list changes; the connection and its authorization stay as they are."
    >
      <form
        aria-label="Rename connection"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          startTransition(async () => {
            const result = await renameConnectionAction({ id, nickname: value });
            if (!result.ok) return setError({ message: result.error.message, field: result.error.fieldErrors?.nickname });
            setOpen(false);
            toast(`Renamed “${nickname}” to “${value.trim()}”.`);
            router.refresh();
          });
        }}
      >
        <TextField id={`rename-${id}`} label="Connection Nickname" value={value} onChange={(e) => setValue(e.target.value)} errors={error?.field} autoComplete="off" />
        <FormMessage tone={error && !error.field ? "error" : "none"} message={error?.message} />
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
