import "server-only";
import type { ConnectionRowView } from "@/components/connections/types";
import type { ConnectionSummary } from "../types";
import { parseDomainField } from "./server";

const ENVIRONMENT = { production: "Production", preview: "Preview", development: "Development", custom: "Custom domain" } as const;

/** A summary as the list shows it; the environment label comes from the domain rules. */
export function toRowView(summary: ConnectionSummary): ConnectionRowView {
  const domain = parseDomainField(summary.oktaDomain);
  return {
    id: summary.id,
    nickname: summary.nickname,
    oktaDomain: summary.oktaDomain,
    environment: domain.ok ? ENVIRONMENT[domain.environment] : "Not accepted",
    status: summary.status,
    statusReason: summary.statusReason,
    requestedScopes: summary.requestedScopes,
    grantedScopes: summary.grantedScopes,
    principal: summary.authorizedLogin ?? summary.authorizedSub,
    lastAuthorizedAt: summary.lastAuthorizedAt?.toISOString() ?? null,
    createdBy: summary.createdBy ? (summary.createdBy.name ?? summary.createdBy.email) : null,
    createdAt: summary.createdAt.toISOString(),
    clientId: summary.clientId,
  };
}
