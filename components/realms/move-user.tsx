"use client";

import { useCallback, useEffect, useState, useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { useToast } from "@/components/ui/toast";
import { findUser } from "@/lib/actions/realms/find-user";
import { moveUserToRealm } from "@/lib/actions/realms/move-user-to-realm";
import type { Availability } from "@/lib/realms/catalog";
import { fromActionResult, type RealmFailure } from "@/lib/realms/outcome";
import { displayName, type RealmView, type UserView } from "@/lib/realms/views";
import { FailureNotice } from "./failure-notice";
import { RealmCombobox } from "./realm-combobox";
import { UserCombobox } from "./user-combobox";
import { UnavailableNote, describedByIf } from "./unavailable-note";

type Props = { connectionId: string; realms: RealmView[]; initialQuery?: string; find: Availability; move: Availability };

/** Update Realm for User: find a user by login, email or id, then move them to another realm. */
export function MoveUser({ connectionId, realms, initialQuery, find, move }: Props) {
  const [user, setUser] = useState<UserView>();
  const [findFailure, setFindFailure] = useState<RealmFailure>();
  const [moveFailure, setMoveFailure] = useState<RealmFailure>();
  const [moved, setMoved] = useState<string>();
  const [target, setTarget] = useState<RealmView | null>(null);
  const toast = useToast();
  const [finding, startFind] = useTransition();
  const [moving, startMove] = useTransition();
  const realmName = (id: string | null) => realms.find((r) => r.id === id)?.name ?? id ?? "—";

  const lookup = useCallback(
    (query: string) =>
      startFind(async () => {
        setMoved(undefined);
        setMoveFailure(undefined);
        const outcome = fromActionResult(await findUser({ connectionId, query }));
        if (outcome.ok) {
          setUser(outcome.value);
          setFindFailure(undefined);
        } else {
          setUser(undefined);
          setFindFailure(outcome.failure);
        }
      }),
    [connectionId],
  );

  useEffect(() => {
    if (initialQuery && find.allowed) lookup(initialQuery);
  }, [initialQuery, find.allowed, lookup]);

  function submitFind(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    lookup(String(new FormData(event.currentTarget).get("query") ?? ""));
  }

  function submitMove(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!user) return;
    const realmId = String(new FormData(event.currentTarget).get("realmId") ?? "");
    startMove(async () => {
      const outcome = fromActionResult(await moveUserToRealm({ connectionId, userId: user.id, realmId }));
      if (outcome.ok) {
        setUser(outcome.value.user);
        setTarget(null);
        setMoveFailure(undefined);
        setMoved(`Moved ${outcome.value.user.login} to ${outcome.value.to.name}.`);
        toast(`${outcome.value.user.login} is now in ${outcome.value.to.name}.`);
      } else {
        setMoved(undefined);
        setMoveFailure(outcome.failure);
      }
    });
  }

  return (
    <div className="flex flex-col gap-6">
      <form onSubmit={submitFind} role="search" aria-label="Find user" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-5 sm:grid-cols-[1fr_auto] sm:items-start">
        {/* A full row of its own: the field and button never sit beside the note. */}
        {find.allowed ? null : (
          <div className="sm:col-span-2">
            <UnavailableNote id="find-unavailable" availability={find} connectionId={connectionId} />
          </div>
        )}
        <UserCombobox
          id="find-query"
          name="query"
          label="Login, email or user id"
          connectionId={connectionId}
          defaultValue={initialQuery}
          disabled={!find.allowed}
          describedBy={describedByIf(find, "find-unavailable")}
          errors={findFailure?.fieldErrors?.query}
          onPick={lookup}
        />
        <Button type="submit" className="sm:mt-6" disabled={!find.allowed || finding}>
          {finding ? "Finding…" : "Find user"}
        </Button>
        {findFailure && !findFailure.fieldErrors ? <FailureNotice failure={findFailure} className="sm:col-span-2" /> : null}
      </form>

      {user ? (
        <section aria-labelledby="found-heading" className="rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="found-heading" className="text-lg font-medium">
            {user.login}
          </h2>
          <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
            <dt className="text-slate-500">Name</dt>
            <dd>{displayName(user) || "—"}</dd>
            <dt className="text-slate-500">Email</dt>
            <dd>{user.email ?? "—"}</dd>
            <dt className="text-slate-500">Status</dt>
            <dd>{user.status}</dd>
            <dt className="text-slate-500">Current realm</dt>
            <dd data-testid="current-realm">{realmName(user.realmId)}</dd>
          </dl>
          <form onSubmit={submitMove} aria-label="Move to another realm" className="mt-4 grid gap-3 sm:grid-cols-[1fr_auto] sm:items-start">
            {move.allowed ? null : (
              <div className="sm:col-span-2">
                <UnavailableNote id="move-unavailable" availability={move} connectionId={connectionId} />
              </div>
            )}
            <RealmCombobox
              key={`${user.id}:${user.realmId ?? ""}`}
              id="move-target"
              name="realmId"
              label="Move to realm"
              connectionId={connectionId}
              value={target?.id ?? ""}
              onChange={setTarget}
              excludeId={user.realmId}
              disabled={!move.allowed}
              describedBy={describedByIf(move, "move-unavailable")}
              errors={moveFailure?.fieldErrors?.realmId}
            />
            <Button type="submit" className="sm:mt-6" disabled={!move.allowed || moving || !target}>
              {moving ? "Moving…" : "Move user"}
            </Button>
          </form>
          {moveFailure ? <FailureNotice failure={moveFailure} className="mt-3" /> : null}
          <FormMessage className="mt-2" tone={moved ? "success" : "none"} message={moved} />
        </section>
      ) : null}
    </div>
  );
}
