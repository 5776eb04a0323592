"use client";

import * as Dialog from "@radix-ui/react-dialog";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useToast } from "@/components/ui/toast";
import { deleteRealm } from "@/lib/actions/realms/delete-realm";
import type { Availability } from "@/lib/realms/catalog";
import { fromActionResult, type RealmFailure } from "@/lib/realms/outcome";
import type { RealmView } from "@/lib/realms/views";
import { FailureNotice } from "./failure-notice";
import { UnavailableNote, describedByIf } from "./unavailable-note";

/** Delete Realm: type the name to confirm, then back to the realm list with a toast; when Okta refuses because users remain, offer to move them. */
export function DeleteRealm({ connectionId, realm, availability }: { connectionId: string; realm: RealmView; availability: Availability }) {
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const [failure, setFailure] = useState<RealmFailure>();
  const [pending, startTransition] = useTransition();
  const blocked: Availability = realm.isDefault ? { allowed: false, reason: "The default realm can't be deleted.", missingScopes: [] } : availability;
  const usersRemain = failure?.code === "validation" && (failure.formErrors ?? []).some((e) => /user/i.test(e));
  const moveHref = `/connections/${encodeURIComponent(connectionId)}/users/move?fromRealm=${encodeURIComponent(realm.id)}`;

  function confirm() {
    startTransition(async () => {
      const outcome = fromActionResult(await deleteRealm({ connectionId, realmId: realm.id, confirmName: typed }));
      setOpen(false);
      if (!outcome.ok) return setFailure(outcome.failure);
      // The toasts live in the app layout, so this one outlasts the client navigation to the list.
      toast(`Deleted realm “${outcome.value.name}”.`);
      router.push(`/connections/${encodeURIComponent(connectionId)}/realms`);
    });
  }

  return (
    <section aria-labelledby="delete-heading" className="rounded-lg border border-red-200 bg-white p-5">
      <h2 id="delete-heading" className="text-lg font-medium">
        Delete realm
      </h2>
      <p className="mt-1 text-sm text-slate-600">Permanent. Okta refuses while users (or a realm assignment) still belong to the realm.</p>
      <UnavailableNote id="delete-unavailable" availability={blocked} />
      <Dialog.Root
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          setTyped("");
        }}
      >
        <Dialog.Trigger asChild>
          <Button variant="danger" className="mt-3" disabled={!blocked.allowed} aria-describedby={describedByIf(blocked, "delete-unavailable")}>
            Delete realm…
          </Button>
        </Dialog.Trigger>
        <Dialog.Portal>
          <Dialog.Overlay className="fixed inset-0 z-50 bg-slate-900/40" />
          <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[min(28rem,90vw)] -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-6 shadow-xl">
            <Dialog.Title className="text-lg font-semibold">Delete {realm.name}?</Dialog.Title>
            <Dialog.Description className="mt-2 text-sm text-slate-600">This can&apos;t be undone. Type the realm&apos;s name to confirm.</Dialog.Description>
            <TextField id="delete-confirm" label={`Type ${realm.name}`} className="mt-4" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
            <div className="mt-4 flex justify-end gap-2">
              <Dialog.Close asChild>
                <Button variant="secondary">Cancel</Button>
              </Dialog.Close>
              <Button variant="danger" onClick={confirm} disabled={typed !== realm.name || pending}>
                {pending ? "Deleting…" : "Delete permanently"}
              </Button>
            </div>
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
      {failure ? <FailureNotice failure={failure} className="mt-3" /> : null}
      {usersRemain ? (
        <p className="mt-2 text-sm">
          <Link href={moveHref} className="text-brand underline">
            Move this realm&apos;s users to another realm first
          </Link>
        </p>
      ) : null}
    </section>
  );
}
