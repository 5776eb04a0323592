import type { Metadata } from "next";
import { PageHeading } from "@/components/layout/page-heading";
import { ConnectionNav } from "@/components/realms/connection-nav";
import { RealmForm } from "@/components/realms/realm-form";
import { RealmPageRefusal } from "@/components/realms/realm-page-guard";
import { realmPageContext } from "@/lib/realms/page-context";

export const metadata: Metadata = { title: "Create realm" };

export default async function NewRealmPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const context = await realmPageContext(id, `/connections/${id}/realms/new`);
  if (context.kind !== "ok") return <RealmPageRefusal context={context} />;
  return (
    <>
      <ConnectionNav connection={context.connection} current="realms" />
      <PageHeading title="Create realm" />
      <RealmForm mode="create" connectionId={id} availability={context.availability["realm.create"]} />
    </>
  );
}
