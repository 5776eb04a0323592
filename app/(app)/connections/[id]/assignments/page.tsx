import type { Metadata } from "next";
import { PageHeading } from "@/components/layout/page-heading";
import { AssignmentsPanel } from "@/components/realms/assignments-panel";
import { ConnectionNav } from "@/components/realms/connection-nav";
import { FailureNotice } from "@/components/realms/failure-notice";
import { RealmPageRefusal } from "@/components/realms/realm-page-guard";
import { UnavailableNote } from "@/components/realms/unavailable-note";
import { listAssignments } from "@/lib/realms/assignment-operations";
import { listRealmsForPicker } from "@/lib/realms/list-operations";
import { realmPageContext } from "@/lib/realms/page-context";

export const metadata: Metadata = { title: "Realm assignments" };

export default async function AssignmentsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const context = await realmPageContext(id, `/connections/${id}/assignments`);
  if (context.kind !== "ok") return <RealmPageRefusal context={context} />;
  const { availability } = context;
  const list = availability["realm.assignment.list"];
  const [assignments, realms] = list.allowed
    ? await Promise.all([listAssignments({ connectionId: id }, { audit: context.audit }), listRealmsForPicker({ connectionId: id }, { audit: context.audit })])
    : [null, null];
  return (
    <>
      <ConnectionNav connection={context.connection} current="assignments" />
      <PageHeading title="Realm assignments">Rules that place users in realms by profile source and condition, evaluated by priority.</PageHeading>
      {!list.allowed ? (
        <UnavailableNote id="assignments-unavailable" availability={list} connectionId={id} />
      ) : assignments && !assignments.ok ? (
        <FailureNotice failure={assignments.failure} />
      ) : realms && !realms.ok ? (
        <FailureNotice failure={realms.failure} />
      ) : assignments && realms ? (
        <AssignmentsPanel connectionId={id} assignments={assignments.value} realms={realms.value.realms} availability={availability} />
      ) : null}
    </>
  );
}
