import "server-only";
import { db } from "@/lib/db";
import type { AuditOutcome } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { errorFields, logger } from "@/lib/observability/log";
import { redactDetails } from "./redact";

// The audit log's write API, for every part of the app:
//
//   await recordAudit({ action: "connection.rename", outcome: "SUCCESS", actor, connectionId, details: { from, to } });
//   await recordAudit({ ... }, tx);            // inside a Prisma transaction, so it commits with the change
//   void recordAuditBestEffort({ ... });       // when a failed audit write must not fail the caller
//
// Inside guarded actions prefer `ctx.audit({...})`, which fills the actor in. `action` is
// "<area>.<verb>" (auth.sign_in, member.invite, connection.create, realm.user.create, …).
// Never put secrets in `details`: keys naming secrets (token, secret, password, …) are redacted anyway.

export type AuditActor = { id: string | null; email: string | null };

export type AuditEntry = {
  action: string;
  outcome: AuditOutcome;
  /** Who did it; null for anonymous callers or the system. */
  actor?: AuditActor | null;
  connectionId?: string | null;
  /** What it was done to, human-readable: an email, "realm:<id>", a user id. */
  target?: string | null;
  /** Okta's X-Okta-Request-Id, when the action called Okta. */
  oktaRequestId?: string | null;
  /** A reference shown to the user ("reference ABC123") to find this event later. */
  referenceId?: string | null;
  details?: Record<string, unknown>;
};

type AuditWriter = Pick<Prisma.TransactionClient, "auditEvent">;

export async function recordAudit(entry: AuditEntry, client: AuditWriter = db()): Promise<void> {
  await client.auditEvent.create({
    data: {
      action: entry.action,
      outcome: entry.outcome,
      actorId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      connectionId: entry.connectionId ?? null,
      target: entry.target ?? null,
      oktaRequestId: entry.oktaRequestId ?? null,
      referenceId: entry.referenceId ?? null,
      details: entry.details === undefined ? undefined : (redactDetails(entry.details) as Prisma.InputJsonValue),
    },
  });
}

/** For denials and failures: the caller's answer matters more than the log line, so errors are only logged. */
export async function recordAuditBestEffort(entry: AuditEntry): Promise<void> {
  try {
    await recordAudit(entry);
  } catch (error) {
    logger("audit").error({ action: entry.action, outcome: entry.outcome, ...errorFields(error) }, `could not record ${entry.action} (${entry.outcome})`);
  }
}
