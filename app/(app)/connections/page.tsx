import type { Metadata } from "next";
import { AuthorizationBanner } from "@/components/connections/authorization-banner";
import { ConnectionList } from "@/components/connections/connection-list";
import { EmptyState } from "@/components/connections/empty-state";
import { NewConnectionDialog } from "@/components/connections/new-connection-dialog";
import { ForbiddenNotice } from "@/components/layout/forbidden-notice";
import { PageHeading } from "@/components/layout/page-heading";
import { requirePage } from "@/lib/auth/current-caller";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { listConnectionSummaries } from "@/lib/connections";
import { isStateFailure, STATE_FAILURES } from "@/lib/connections/authorize/outcome";
import { readAuthorizationOutcome } from "@/lib/connections/authorize/read-outcome";
import { connectionRedirectUri } from "@/lib/connections/authorize/server";
import { toRowView } from "@/lib/connections/authorize/row-view";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { parseDevHttpOrigins } from "@/lib/okta";

export const metadata: Metadata = { title: "Connections" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ConnectionsPage({ searchParams }: { searchParams: SearchParams }) {
  const { member, allowed } = await requirePage("/connections");
  if (!allowed) return <ForbiddenNotice />;
  const params = await searchParams;
  const canManage = can(member.role, "connections.manage");
  const rows = (await listConnectionSummaries(db())).map(toRowView);
  const outcome = typeof params.authorization === "string" ? await readAuthorizationOutcome(params.authorization, member.userId) : null;
  const stateFailure = isStateFailure(params.authorizationError) ? params.authorizationError : null;
  const readOnlyReason = `Your role (${ROLE_LABELS[member.role]}) can see connections but not change them. Admins and owners create, test, reauthorize, rename and delete connections.`;

  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeading title="Connections">OAuth connections to Okta orgs for the Okta Realms connector, shared by the team.</PageHeading>
        <NewConnectionDialog
          redirectUri={connectionRedirectUri()}
          devOrigins={parseDevHttpOrigins(env().DEV_OKTA_HTTP_ORIGINS)}
          {...(canManage ? {} : { disabledReason: readOnlyReason })}
        />
      </div>
      {stateFailure ? (
        <section role="alert" className="mb-6 rounded-lg border border-red-300 bg-red-50 p-4 text-sm">
          <h2 className="font-medium">The authorization could not be finished</h2>
          <p className="mt-1" data-testid="authorization-message">
            {STATE_FAILURES[stateFailure]}
          </p>
        </section>
      ) : null}
      {outcome ? <AuthorizationBanner outcome={outcome} /> : null}
      {rows.length === 0 ? <EmptyState canManage={canManage} /> : <ConnectionList rows={rows} canManage={canManage} {...(canManage && typeof params.reauthorize === "string" ? { reauthorizeId: params.reauthorize } : {})} />}
    </>
  );
}
