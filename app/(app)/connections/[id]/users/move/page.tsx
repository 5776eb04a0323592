import type { Metadata } from "next";
import { PageHeading } from "@/components/layout/page-heading";
import { ConnectionNav } from "@/components/realms/connection-nav";
import { FailureNotice } from "@/components/realms/failure-notice";
import { MoveUser } from "@/components/realms/move-user";
import { RealmPageRefusal } from "@/components/realms/realm-page-guard";
import { RealmUsers } from "@/components/realms/realm-users";
import { listRealmsForPicker } from "@/lib/realms/list-operations";
import { realmPageContext } from "@/lib/realms/page-context";

export const metadata: Metadata = { title: "Update realm for user" };

/** Update Realm for User. `?userId=` opens a user; `?fromRealm=` (from a refused delete) lists that realm's users to move. */
export default async function MoveUserPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ userId?: string; fromRealm?: string }> }) {
  const { id } = await params;
  const { userId, fromRealm } = await searchParams;
  const context = await realmPageContext(id, `/connections/${id}/users/move`);
  if (context.kind !== "ok") return <RealmPageRefusal context={context} />;
  const { availability } = context;
  const realms = availability["realm.search"].allowed ? await listRealmsForPicker({ connectionId: id }, { audit: context.audit }) : null;
  const from = realms?.ok ? realms.value.realms.find((r) => r.id === fromRealm) : undefined;
  return (
    <>
      <ConnectionNav connection={context.connection} current="move" />
      <PageHeading title="Update realm for user">
        Move a user to another realm. A realm with allowed domains only takes users whose username and email are in one of them.
      </PageHeading>
      {realms && !realms.ok ? <FailureNotice failure={realms.failure} className="mb-4" /> : null}
      <MoveUser
        connectionId={id}
        realms={realms?.ok ? realms.value.realms : []}
        initialQuery={userId}
        find={availability["realm.user.find"]}
        move={availability["realm.user.move"]}
      />
      {from ? (
        <div className="mt-6">
          <p className="mb-2 text-sm text-slate-700">
            Users still in <strong>{from.name}</strong>: move each one, then delete the realm.
          </p>
          <RealmUsers connectionId={id} realmId={from.id} availability={availability["realm.users.list"]} canMove={availability["realm.user.move"].allowed} />
        </div>
      ) : null}
    </>
  );
}
