import type { AuditOutcome, ConnectionStatus, Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "./types";

// Written straight into AuditEvent inside the caller's transaction, so a status change and its event
// commit together. (lib/audit/record.ts, by another engineer, did not exist yet when this was
// written; switch to it if it accepts a transaction client.)
export type ConnectionAuditAction =
  | "connection.status_changed"
  | "connection.client_secret_replaced"
  | "encryption.key_rotated"
  | "connection.scope_drift"
  | "connection.refresh_token_expiring";

export async function recordConnectionEvent(
  tx: Prisma.TransactionClient,
  event: {
    action: ConnectionAuditAction;
    connectionId: string | null;
    target?: string;
    outcome: AuditOutcome;
    actor: Actor;
    details?: Prisma.InputJsonValue;
  },
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      action: event.action,
      connectionId: event.connectionId,
      target: event.target,
      outcome: event.outcome,
      actorId: event.actor?.id ?? null,
      actorEmail: event.actor?.email ?? null,
      details: event.details,
    },
  });
}

/** The audit event of a status transition; nothing when the status did not change. */
export async function recordStatusChange(
  tx: Prisma.TransactionClient,
  change: { connectionId: string; nickname?: string; from: ConnectionStatus; to: ConnectionStatus; reason: string | null; actor: Actor },
): Promise<void> {
  if (change.from === change.to) return;
  await recordConnectionEvent(tx, {
    action: "connection.status_changed",
    connectionId: change.connectionId,
    target: change.nickname,
    outcome: change.to === "HEALTHY" ? "SUCCESS" : "FAILURE",
    actor: change.actor,
    details: { from: change.from, to: change.to, reason: change.reason, automatic: change.actor === null },
  });
}
