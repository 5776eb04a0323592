import type { Metadata } from "next";
import { PageHeading } from "@/components/layout/page-heading";
import { ConnectionNav } from "@/components/realms/connection-nav";
import { CreateUserForm } from "@/components/realms/create-user-form";
import { FailureNotice } from "@/components/realms/failure-notice";
import { RealmPageRefusal } from "@/components/realms/realm-page-guard";
import { UnavailableNote } from "@/components/realms/unavailable-note";
import { realmPageContext } from "@/lib/realms/page-context";
import { readUserForm } from "@/lib/realms/user-operations";

export const metadata: Metadata = { title: "Create realm user" };

export default async function NewRealmUserPage({ params }: { params: Promise<{ id: string; realmId: string }> }) {
  const { id, realmId } = await params;
  const context = await realmPageContext(id, `/connections/${id}/realms/${realmId}/users/new`);
  if (context.kind !== "ok") return <RealmPageRefusal context={context} />;
  const availability = context.availability["realm.user.create"];
  // The form needs the schema (okta.schemas.read); without it there is nothing to show but why.
  const outcome = availability.allowed ? await readUserForm({ connectionId: id, realmId }, { audit: context.audit }) : null;
  return (
    <>
      <ConnectionNav connection={context.connection} current="realms" />
      <PageHeading title="Create realm user">The form follows this org&apos;s user schema: required attributes and custom ones with their rules.</PageHeading>
      {outcome === null ? (
        <UnavailableNote id="create-user-unavailable" availability={availability} />
      ) : outcome.ok ? (
        <CreateUserForm connectionId={id} realm={outcome.value.realm} fields={outcome.value.fields} availability={availability} />
      ) : (
        <FailureNotice failure={outcome.failure} />
      )}
    </>
  );
}
