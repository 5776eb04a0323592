import "server-only";
import { recordAudit } from "@/lib/audit/record";
import { requireMember } from "@/lib/auth/current-caller";
import { can } from "@/lib/auth/permissions";
import type { Member } from "@/lib/auth/resolve-caller";
import { getConnectionHeading, type ConnectionHeading } from "@/lib/connections";
import { db } from "@/lib/db";
import { availabilityMap, type AvailabilityMap } from "./catalog";
import type { RealmAuditor } from "./run";

export type RealmPageContext =
  | { kind: "forbidden" }
  | { kind: "missing" }
  | { kind: "ok"; member: Member; connection: ConnectionHeading; availability: AvailabilityMap; audit: RealmAuditor };

/**
 * What every realm page starts with: the signed-in member (realms.read, checked here since the
 * proxy only knows /connections), the connection, what the member may do through it and why not,
 * and an auditor that records the page's Okta reads as the member.
 */
export async function realmPageContext(connectionId: string, returnTo: string): Promise<RealmPageContext> {
  const member = await requireMember(returnTo);
  if (!can(member.role, "realms.read")) return { kind: "forbidden" };
  const connection = await getConnectionHeading(db(), connectionId);
  if (!connection) return { kind: "missing" };
  const actor = { id: member.userId, email: member.email };
  return {
    kind: "ok",
    member,
    connection,
    availability: availabilityMap(member.role, connection.grantedScopes),
    audit: (entry) => recordAudit({ ...entry, actor }),
  };
}
