// Re-encrypts every connection's secrets, and the PKCE verifier / replacement client secret of every
// pending authorization, under the current ENCRYPTION_KEY (online: one row at a time with a
// compare-and-swap, safe while the app runs, refreshes tokens and finishes authorizations; finished or
// expired authorizations just lose their secrets). Key rotation, step by step:
//   1. Generate a key (openssl rand -base64 32). Set ENCRYPTION_KEY=<new> and
//      ENCRYPTION_RETIRED_KEYS=<old>[,<older>…]; restart the app (it now reads both, writes the new).
//   2. Run: DATABASE_URL=… ENCRYPTION_KEY=… ENCRYPTION_RETIRED_KEYS=… npx tsx scripts/rotate-encryption-key.ts
//   3. When it reports that only the current key is in use, remove ENCRYPTION_RETIRED_KEYS and restart.
// Exit code 0 when every row is under the current key, 1 otherwise (run it again, or see the ids).
import { PrismaPg } from "@prisma/adapter-pg";
import { keyringFromEnv } from "../lib/crypto";
import { resolveEnv } from "../lib/config/resolve-env";
import { countEnvelopesByKey, reencryptAllConnections } from "../lib/connections";
import { PrismaClient } from "../lib/generated/prisma/client";

async function main(): Promise<number> {
  const env = resolveEnv(process.env, (line) => console.warn(line));
  if (!env.DATABASE_URL) {
    console.error("✖ rotate-encryption-key needs DATABASE_URL (the database the app uses).");
    return 1;
  }
  const keyring = keyringFromEnv(env);
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL }) });
  try {
    console.log(`Current key ${keyring.currentKeyId}; retired keys: ${keyring.keyIds.slice(1).join(", ") || "none"}`);
    console.log(`Before: envelopes per key ${JSON.stringify(await countEnvelopesByKey({ db }))}`);
    const report = await reencryptAllConnections({ db, keyring });
    const after = await countEnvelopesByKey({ db });
    console.log(
      `Connections: ${report.total} total, ${report.reencrypted} re-encrypted, ${report.alreadyCurrent} already current, ` +
        `${report.conflicts} kept changing (retry), ${report.failed.length} failed`,
    );
    for (const failure of report.failed) console.error(`  ✖ ${failure.id}: ${failure.error}`);
    const pending = report.authorizations;
    console.log(
      `Pending authorizations: ${pending.total} with secrets, ${pending.reencrypted} re-encrypted, ${pending.cleared} finished or expired (secrets cleared), ` +
        `${pending.alreadyCurrent} already current, ${pending.conflicts} kept changing (retry), ${pending.failed.length} failed`,
    );
    for (const failure of pending.failed) console.error(`  ✖ authorization ${failure.id}: ${failure.error}`);
    console.log(`After: envelopes per key ${JSON.stringify(after)}`);
    const stale = Object.keys(after).filter((kid) => kid !== keyring.currentKeyId);
    if (stale.length === 0) {
      console.log("✔ Everything is under the current key; ENCRYPTION_RETIRED_KEYS can be removed.");
      return 0;
    }
    console.error(`✖ Still in use: ${stale.join(", ")}. Keep ENCRYPTION_RETIRED_KEYS and run again.`);
    return 1;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
