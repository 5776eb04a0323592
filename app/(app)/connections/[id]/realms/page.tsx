import type { Metadata } from "next";
import Link from "next/link";
import { PageHeading } from "@/components/layout/page-heading";
import { ConnectionNav } from "@/components/realms/connection-nav";
import { RealmPageRefusal } from "@/components/realms/realm-page-guard";
import { RealmSearch } from "@/components/realms/realm-search";
import { UnavailableNote } from "@/components/realms/unavailable-note";
import { realmPageContext } from "@/lib/realms/page-context";

export const metadata: Metadata = { title: "Realms" };

export default async function RealmsPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const context = await realmPageContext(id, `/connections/${id}/realms`);
  if (context.kind !== "ok") return <RealmPageRefusal context={context} />;
  const create = context.availability["realm.create"];
  return (
    <>
      <ConnectionNav connection={context.connection} current="realms" />
      <PageHeading title="Realms">Partitions of this Okta org&apos;s users. Search by name, open a realm to edit it or see its users.</PageHeading>
      <div className="mb-6 flex items-center gap-3">
        {create.allowed ? (
          <Link href={`/connections/${encodeURIComponent(id)}/realms/new`} className="rounded-md bg-brand px-4 py-2 text-sm font-medium text-white hover:bg-brand-dark">
            Create realm
          </Link>
        ) : (
          <>
            <button type="button" disabled aria-describedby="create-unavailable" className="cursor-not-allowed rounded-md bg-brand px-4 py-2 text-sm font-medium text-white opacity-60">
              Create realm
            </button>
            <UnavailableNote id="create-unavailable" availability={create} />
          </>
        )}
      </div>
      {context.availability["realm.search"].allowed ? (
        <RealmSearch connectionId={id} />
      ) : (
        <UnavailableNote id="search-unavailable" availability={context.availability["realm.search"]} />
      )}
    </>
  );
}
