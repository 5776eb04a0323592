import { envelopeKeyId } from "@/lib/crypto";
import { recordConnectionEvent } from "./audit";
import { reencryptPendingSecrets } from "./authorize/pending";
import { decryptClientSecret, decryptTokenSet, encryptClientSecret, encryptTokenSet } from "./secrets";
import type { ConnectionDeps } from "./types";

export type ReencryptReport = {
  total: number;
  reencrypted: number;
  alreadyCurrent: number;
  /** Rows that changed under us more than `maxAttempts` times (retry the run). */
  conflicts: number;
  /** Rows that could not be decrypted with the keyring (ids only). */
  failed: { id: string; error: string }[];
  /**
   * Pending authorizations (their PKCE verifier and any replacement client secret): live ones are
   * re-encrypted, finished or expired ones just lose secrets nobody can use any more.
   */
  authorizations: { total: number; reencrypted: number; cleared: number; alreadyCurrent: number; conflicts: number; failed: { id: string; error: string }[] };
};

/** A pending authorization this much past its expiry can't be claimed by any instance, even with a skewed clock. */
const EXPIRY_MARGIN_MS = 60_000;

/** How many stored envelopes use each key id (key id → count): when only the current one is left, retired keys can go. */
export async function countEnvelopesByKey(deps: Pick<ConnectionDeps, "db">): Promise<Record<string, number>> {
  const rows = await deps.db.$queryRaw<{ kid: string; n: bigint }[]>`
    SELECT split_part(enc, '.', 2) AS kid, count(*) AS n FROM (
      SELECT "clientSecretEnc" AS enc FROM "Connection"
      UNION ALL SELECT "tokenSetEnc" FROM "Connection" WHERE "tokenSetEnc" IS NOT NULL
      UNION ALL SELECT "codeVerifierEnc" FROM "ConnectionAuthorization" WHERE "codeVerifierEnc" <> ''
      UNION ALL SELECT "clientSecretEnc" FROM "ConnectionAuthorization" WHERE "clientSecretEnc" IS NOT NULL
    ) e GROUP BY 1 ORDER BY 1`;
  return Object.fromEntries(rows.map((r) => [r.kid, Number(r.n)]));
}

/**
 * Re-encrypts every connection's secrets under the keyring's current key, one row at a time with a
 * compare-and-swap on `version`, so it is safe while the app runs: a refresh that lands in between
 * makes the write miss, and the row is re-read and retried.
 */
export async function reencryptAllConnections(
  deps: ConnectionDeps,
  options: { maxAttempts?: number; log?: (line: string) => void } = {},
): Promise<ReencryptReport> {
  const log = options.log ?? (() => {});
  const report: ReencryptReport = {
    total: 0,
    reencrypted: 0,
    alreadyCurrent: 0,
    conflicts: 0,
    failed: [],
    authorizations: { total: 0, reencrypted: 0, cleared: 0, alreadyCurrent: 0, conflicts: 0, failed: [] },
  };
  const ids = await deps.db.connection.findMany({ select: { id: true }, orderBy: { createdAt: "asc" } });
  report.total = ids.length;
  for (const { id } of ids) {
    const outcome = await reencryptOne(deps, id, options.maxAttempts ?? 5);
    if (outcome === "reencrypted") report.reencrypted++;
    else if (outcome === "current" || outcome === "gone") report.alreadyCurrent++;
    else if (outcome === "conflict") report.conflicts++;
    else report.failed.push({ id, error: outcome.error });
    log(`${id}: ${typeof outcome === "string" ? outcome : `failed (${outcome.error})`}`);
  }
  const pending = report.authorizations;
  const pendingIds = await deps.db.connectionAuthorization.findMany({
    where: { OR: [{ codeVerifierEnc: { not: "" } }, { clientSecretEnc: { not: null } }] },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
  pending.total = pendingIds.length;
  for (const { id } of pendingIds) {
    const outcome = await reencryptPendingOne(deps, id, options.maxAttempts ?? 5, Date.now());
    if (outcome === "reencrypted") pending.reencrypted++;
    else if (outcome === "cleared") pending.cleared++;
    else if (outcome === "current" || outcome === "gone") pending.alreadyCurrent++;
    else if (outcome === "conflict") pending.conflicts++;
    else pending.failed.push({ id, error: outcome.error });
    log(`authorization ${id}: ${typeof outcome === "string" ? outcome : `failed (${outcome.error})`}`);
  }
  const clean = report.failed.length === 0 && report.conflicts === 0 && pending.failed.length === 0 && pending.conflicts === 0;
  await deps.db.$transaction(async (tx) =>
    recordConnectionEvent(tx, {
      action: "encryption.key_rotated",
      connectionId: null,
      outcome: clean ? "SUCCESS" : "FAILURE",
      actor: null,
      details: {
        currentKeyId: deps.keyring.currentKeyId,
        ...report,
        failed: report.failed.map((f) => f.id),
        authorizations: { ...pending, failed: pending.failed.map((f) => f.id) },
      },
    }),
  );
  return report;
}

type Outcome = "reencrypted" | "current" | "gone" | "conflict" | { error: string };

async function reencryptOne(deps: ConnectionDeps, id: string, maxAttempts: number): Promise<Outcome> {
  const { keyring, db } = deps;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const row = await db.connection.findUnique({ where: { id }, select: { version: true, clientSecretEnc: true, tokenSetEnc: true } });
    if (!row) return "gone";
    const current = (env: string | null) => env === null || envelopeKeyId(env) === keyring.currentKeyId;
    if (current(row.clientSecretEnc) && current(row.tokenSetEnc)) return "current";
    let clientSecretEnc: string;
    let tokenSetEnc: string | null;
    try {
      clientSecretEnc = encryptClientSecret(keyring, id, decryptClientSecret(keyring, id, row.clientSecretEnc));
      tokenSetEnc = row.tokenSetEnc === null ? null : encryptTokenSet(keyring, id, decryptTokenSet(keyring, id, row.tokenSetEnc));
    } catch (error) {
      return { error: error instanceof Error ? error.message : "decryption failed" };
    }
    // Bumps version like any credential write, so a reader holding the old version notices.
    const { count } = await db.connection.updateMany({
      where: { id, version: row.version },
      data: { clientSecretEnc, tokenSetEnc, version: { increment: 1 } },
    });
    if (count === 1) return "reencrypted";
  }
  return "conflict";
}

type PendingOutcome = Outcome | "cleared";

/**
 * One pending authorization, with a compare-and-swap on its envelopes (it has no version): a claim
 * or a finished flow that lands in between makes the write miss, and the row is re-read.
 */
async function reencryptPendingOne(deps: ConnectionDeps, id: string, maxAttempts: number, now: number): Promise<PendingOutcome> {
  const { keyring, db } = deps;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const row = await db.connectionAuthorization.findUnique({
      where: { id },
      select: { id: true, codeVerifierEnc: true, clientSecretEnc: true, expiresAt: true, consumedAt: true },
    });
    if (!row) return "gone";
    if (row.codeVerifierEnc === "" && row.clientSecretEnc === null) return "current";
    // Claimed (the callback already holds the decrypted values) or long expired: nothing can use these secrets.
    const finished = row.consumedAt !== null || row.expiresAt.getTime() < now - EXPIRY_MARGIN_MS;
    let data: { codeVerifierEnc: string; clientSecretEnc: string | null };
    if (finished) {
      data = { codeVerifierEnc: "", clientSecretEnc: null };
    } else {
      const current = (env: string | null) => env === null || env === "" || envelopeKeyId(env) === keyring.currentKeyId;
      if (current(row.codeVerifierEnc) && current(row.clientSecretEnc)) return "current";
      try {
        data = reencryptPendingSecrets(keyring, row);
      } catch (error) {
        return { error: error instanceof Error ? error.message : "decryption failed" };
      }
    }
    const { count } = await db.connectionAuthorization.updateMany({
      where: { id, codeVerifierEnc: row.codeVerifierEnc, clientSecretEnc: row.clientSecretEnc },
      data,
    });
    if (count === 1) return finished ? "cleared" : "reencrypted";
  }
  return "conflict";
}
