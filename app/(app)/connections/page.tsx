import type { Metadata } from "next";
import Link from "next/link";
import { AuthorizationBanner } from "@/components/connections/authorization-banner";
import { ConnectionFilter } from "@/components/connections/connection-filter";
import { ConnectionPager } from "@/components/connections/connection-pager";
import { ConnectionTable } from "@/components/connections/connection-table";
import { EmptyState } from "@/components/connections/empty-state";
import { NewConnectionDialog } from "@/components/connections/new-connection-dialog";
import { connectionsHref, pagerModel } from "@/components/connections/pager-model";
import { ForbiddenNotice } from "@/components/layout/forbidden-notice";
import { PageHeading } from "@/components/layout/page-heading";
import { requirePage } from "@/lib/auth/current-caller";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { connectionListParams, connectionOrder, getConnectionSummary, listConnectionPage, type ConnectionPage } from "@/lib/connections";
import { isStateFailure, STATE_FAILURES } from "@/lib/connections/authorize/outcome";
import { readAuthorizationOutcome } from "@/lib/connections/authorize/read-outcome";
import { connectionRedirectUri } from "@/lib/connections/authorize/server";
import { toRowView } from "@/lib/connections/authorize/row-view";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { firstParam } from "@/lib/http/search-params";
import { parseDevHttpOrigins } from "@/lib/okta";

export const metadata: Metadata = { title: "Connections" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ConnectionsPage({ searchParams }: { searchParams: SearchParams }) {
  const { member, allowed } = await requirePage("/connections");
  if (!allowed) return <ForbiddenNotice />;
  const params = await searchParams;
  const canManage = can(member.role, "connections.manage");
  const list = connectionListParams.parse({
    q: firstParam(params.q),
    status: firstParam(params.status),
    sort: firstParam(params.sort),
    dir: firstParam(params.dir),
    after: firstParam(params.after),
    before: firstParam(params.before),
  });
  // The filter and order every link on the page keeps (pager, headers, filter, "first page").
  const view = { q: list.q, status: list.status, order: connectionOrder(list.sort, list.dir) };
  // Arriving from an Insufficient Scope error's Reauthorize button: show that connection alone, so
  // its dialog opens whichever page it would be on.
  const reauthorizeId = canManage ? firstParam(params.reauthorize) : undefined;
  const focused = reauthorizeId ? await getConnectionSummary(db(), reauthorizeId) : null;
  const page: ConnectionPage = focused ? { rows: [focused], total: 1, offset: 0 } : await listConnectionPage(db(), list);
  const rows = page.rows.map(toRowView);
  const pager = pagerModel({ total: page.total, offset: page.offset, shown: rows.length, next: page.next, previous: page.previous, ...view });
  const everEmpty = page.total === 0 && !list.q && !list.status;
  const outcome = typeof params.authorization === "string" ? await readAuthorizationOutcome(params.authorization, member.userId) : null;
  const stateFailure = isStateFailure(params.authorizationError) ? params.authorizationError : null;
  const readOnlyReason = `Your role (${ROLE_LABELS[member.role]}) can see connections but not change them. Admins and owners create, test, reauthorize, rename and delete connections.`;

  return (
    <>
      <div className="mb-2 flex flex-wrap items-start justify-between gap-4">
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
      {everEmpty ? (
        <EmptyState canManage={canManage} />
      ) : focused ? (
        <>
          <p className="mb-4 text-sm text-slate-700">
            Showing the connection to reauthorize.{" "}
            <Link href="/connections" className="font-medium text-brand underline">
              Show all connections
            </Link>
          </p>
          <ConnectionTable rows={rows} canManage={canManage} reauthorizeId={focused.id} />
        </>
      ) : (
        <>
          <ConnectionFilter q={list.q} status={list.status} order={view.order} />
          <ConnectionPager model={pager} label="Connection pages" />
          <ConnectionTable
            rows={rows}
            canManage={canManage}
            view={view}
            empty={
              page.total > 0 ? (
                <>
                  This page is empty (connections were deleted meanwhile).{" "}
                  <Link href={connectionsHref(view)} className="font-medium text-brand underline">
                    Back to the first page
                  </Link>
                </>
              ) : (
                "No connection matches this filter."
              )
            }
          />
          {rows.length > 0 && (pager.nextHref || pager.previousHref) ? <ConnectionPager model={pager} label="Connection pages, bottom" /> : null}
        </>
      )}
    </>
  );
}
