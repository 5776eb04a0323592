import { envelopeKeyId } from "@/lib/crypto";
import { recordConnectionEvent } from "./audit";
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
};

/** How many stored envelopes use each key id (key id → count): when only the current one is left, retired keys can go. */
export async function countEnvelopesByKey(deps: Pick<ConnectionDeps, "db">): Promise<Record<string, number>> {
  const rows = await deps.db.$queryRaw<{ kid: string; n: bigint }[]>`
    SELECT split_part(enc, '.', 2) AS kid, count(*) AS n FROM (
      SELECT "clientSecretEnc" AS enc FROM "Connection"
      UNION ALL SELECT "tokenSetEnc" FROM "Connection" WHERE "tokenSetEnc" IS NOT NULL
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
  const report: ReencryptReport = { total: 0, reencrypted: 0, alreadyCurrent: 0, conflicts: 0, failed: [] };
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
  await deps.db.$transaction(async (tx) =>
    recordConnectionEvent(tx, {
      action: "encryption.key_rotated",
      connectionId: null,
      outcome: report.failed.length === 0 && report.conflicts === 0 ? "SUCCESS" : "FAILURE",
      actor: null,
      details: { currentKeyId: deps.keyring.currentKeyId, ...report, failed: report.failed.map((f) => f.id) },
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
