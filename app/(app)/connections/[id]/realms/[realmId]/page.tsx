import type { Metadata } from "next";
import Link from "next/link";
import { PageHeading } from "@/components/layout/page-heading";
import { ConnectionNav } from "@/components/realms/connection-nav";
import { DeleteRealm } from "@/components/realms/delete-realm";
import { FailureNotice } from "@/components/realms/failure-notice";
import { formatTime } from "@/components/realms/format";
import { RealmForm } from "@/components/realms/realm-form";
import { RealmAssignments } from "@/components/realms/realm-assignments";
import { RealmPageRefusal } from "@/components/realms/realm-page-guard";
import { realmTabOf } from "@/components/realms/realm-tab";
import { RealmTabs } from "@/components/realms/realm-tabs";
import { RealmUsers } from "@/components/realms/realm-users";
import { UnavailableNote } from "@/components/realms/unavailable-note";
import { realmPageContext } from "@/lib/realms/page-context";
import { readRealm } from "@/lib/realms/realm-operations";

export const metadata: Metadata = { title: "Realm" };

/**
 * Read Realm: an Overview tab (details, the edit form, the delete step), a Users tab (?tab=users)
 * and, when the connection may list realm assignments, an Assignments tab (?tab=assignments).
 */
export default async function RealmPage({ params, searchParams }: { params: Promise<{ id: string; realmId: string }>; searchParams: Promise<{ tab?: string | string[] }> }) {
  const { id, realmId } = await params;
  const { tab } = await searchParams;
  const context = await realmPageContext(id, `/connections/${id}/realms/${realmId}`);
  if (context.kind !== "ok") return <RealmPageRefusal context={context} />;
  const { availability } = context;
  const outcome = availability["realm.read"].allowed ? await readRealm({ connectionId: id, realmId }, { audit: context.audit }) : null;
  const base = `/connections/${encodeURIComponent(id)}`;
  const withAssignments = availability["realm.assignment.list"].allowed;
  return (
    <>
      <ConnectionNav connection={context.connection} current="realms" />
      {outcome === null ? (
        <UnavailableNote id="read-unavailable" availability={availability["realm.read"]} />
      ) : !outcome.ok ? (
        <>
          <PageHeading title="Realm" />
          <FailureNotice failure={outcome.failure} />
          <Link href={`${base}/realms`} className="mt-4 inline-block text-brand underline">
            Back to realms
          </Link>
        </>
      ) : (
        <>
          <PageHeading title={outcome.value.name} />
          <RealmTabs
            initial={realmTabOf(tab, withAssignments ? ["users", "assignments"] : ["users"])}
            panels={{
              overview: (
                <>
                  <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 rounded-lg border border-slate-200 bg-white p-5 text-sm" aria-label="Realm details">
                    <dt className="text-slate-500">ID</dt>
                    <dd className="font-mono text-xs">{outcome.value.id}</dd>
                    <dt className="text-slate-500">Name</dt>
                    <dd>{outcome.value.name}</dd>
                    <dt className="text-slate-500">Type</dt>
                    <dd data-testid="realm-type">{outcome.value.realmType ?? "—"}</dd>
                    <dt className="text-slate-500">Allowed domains</dt>
                    <dd data-testid="realm-domains">{outcome.value.domains.join(", ") || "—"}</dd>
                    <dt className="text-slate-500">Default realm</dt>
                    <dd>{outcome.value.isDefault ? "Yes" : "No"}</dd>
                    <dt className="text-slate-500">Created</dt>
                    <dd>{formatTime(outcome.value.created)}</dd>
                    <dt className="text-slate-500">Last updated</dt>
                    <dd>{formatTime(outcome.value.lastUpdated)}</dd>
                  </dl>
                  <RealmForm mode="edit" connectionId={id} realm={outcome.value} availability={availability["realm.update"]} />
                  <DeleteRealm connectionId={id} realm={outcome.value} availability={availability["realm.delete"]} />
                </>
              ),
              users: (
                <>
                  <div className="flex items-center gap-3">
                    {availability["realm.user.create"].allowed ? (
                      <Link href={`${base}/realms/${encodeURIComponent(realmId)}/users/new`} className="rounded-md bg-brand px-4 py-2 text-sm font-medium text-white hover:bg-brand-dark">
                        Create user in this realm
                      </Link>
                    ) : (
                      <>
                        <button type="button" disabled aria-describedby="create-user-unavailable" className="cursor-not-allowed rounded-md bg-brand px-4 py-2 text-sm font-medium text-white opacity-60">
                          Create user in this realm
                        </button>
                        <UnavailableNote id="create-user-unavailable" availability={availability["realm.user.create"]} />
                      </>
                    )}
                  </div>
                  <RealmUsers connectionId={id} realmId={realmId} availability={availability["realm.users.list"]} canMove={availability["realm.user.move"].allowed} />
                </>
              ),
              // Hidden, not disabled, without okta.realmAssignments.read: the Assignments page explains the missing scope.
              assignments: withAssignments ? <RealmAssignments connectionId={id} realm={outcome.value} availability={availability} /> : undefined,
            }}
          />
        </>
      )}
    </>
  );
}
