// Child process of the refresh-kill suite: one getAccessToken() for a connection whose access token
// has expired, so it takes the refresh lease and calls the org's token endpoint. The parent kills it
// with SIGKILL part-way (request in flight, or Okta already rotated the refresh token but the new
// one isn't saved yet). Prints "STARTED" before refreshing and the outcome if it lives that long.
//
// Env: DATABASE_URL, FAULTS_KEY (encryption key), FAULTS_ORIGIN (sandbox org), FAULTS_CONNECTION_ID,
// FAULTS_LEASE_MS (refresh lease length; the app's default is 30 s).
import { createKeyring } from "@/lib/crypto";
import { getAccessToken } from "@/lib/connections/access-token";
import { lifecycleDeps, prismaFor } from "@/lib/connections/testing/fixtures";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const db = prismaFor(required("DATABASE_URL"), 2);
  const connectionId = required("FAULTS_CONNECTION_ID");
  await db.connection.findUnique({ where: { id: connectionId } }); // connect before the clock starts
  const deps = lifecycleDeps(db, createKeyring(required("FAULTS_KEY")), { origin: required("FAULTS_ORIGIN") }, { leaseMs: Number(required("FAULTS_LEASE_MS")) });
  process.stdout.write("STARTED\n");
  try {
    const token = await getAccessToken(deps, connectionId);
    process.stdout.write(`${JSON.stringify({ ok: true, expiresAt: token.expiresAt })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ ok: false, error: error instanceof Error ? error.message : String(error) })}\n`);
  }
  await db.$disconnect();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
