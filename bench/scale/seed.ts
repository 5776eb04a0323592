// Seeding for the scale bench: connections written through lib/connections (encrypted secrets and
// token sets, audit events) the way the app writes them, and realms of users through the sandbox
// org's control plane.
import { randomBytes } from "node:crypto";
import { createConnection, storeAuthorization } from "../../lib/connections";
import type { Keyring } from "../../lib/crypto";
import type { PrismaClient } from "../../lib/generated/prisma/client";
import type { SandboxClient } from "../sandbox-client";

const SCOPES = ["okta.realms.read", "okta.users.read"];

/**
 * `count` more connections named "Scale org <n>" (n from `from`) to made-up production orgs; every
 * other one authorized with a (made-up) token set, so the list mixes Healthy and Pending cards.
 */
export async function seedConnections(deps: { db: PrismaClient; keyring: Keyring }, input: { from: number; count: number; createdById: string }, concurrency = 6): Promise<string[]> {
  const ids: string[] = [];
  let next = input.from;
  const end = input.from + input.count;
  const worker = async () => {
    while (next < end) {
      const n = next++;
      const created = await createConnection(deps, {
        nickname: `Scale org ${String(n).padStart(4, "0")}`,
        oktaDomain: `scale-${n}.okta.com`,
        clientId: `0oa${randomBytes(8).toString("hex")}`,
        clientSecret: randomBytes(30).toString("base64url"),
        requestedScopes: ["openid", "offline_access", ...SCOPES],
        createdById: input.createdById,
      });
      ids.push(created.id);
      if (n % 2 === 0) {
        await storeAuthorization(deps, created.id, {
          tokenSet: { accessToken: randomBytes(40).toString("base64url"), refreshToken: randomBytes(40).toString("base64url"), tokenType: "Bearer", expiresAt: new Date(Date.now() + 3_600_000), scope: SCOPES },
          authorizedSub: `00u${n}`,
          authorizedLogin: `admin@scale-${n}.example`,
          actor: { id: input.createdById },
        });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}

/**
 * Takes connections out of the table and puts the very same rows back (encrypted columns, ids and
 * timestamps included), in well under a second: the bench alternates between "10 connections" and
 * "1,000 connections" several times, so a change in the machine's load hits both sides alike.
 * VACUUM after each switch, so neither side scans the other's dead rows.
 */
export async function connectionToggle(db: PrismaClient, ids: string[]): Promise<{ hide(): Promise<void>; show(): Promise<void> }> {
  const [snapshot] = await db.$queryRawUnsafe<{ rows: unknown }[]>(`SELECT json_agg(c) AS rows FROM "Connection" c WHERE c."id" = ANY($1::text[])`, ids);
  const rows = JSON.stringify(snapshot?.rows ?? []);
  const vacuum = () => db.$executeRawUnsafe(`VACUUM ANALYZE "Connection"`);
  return {
    async hide() {
      await db.$executeRawUnsafe(`DELETE FROM "Connection" WHERE "id" = ANY($1::text[])`, ids);
      await vacuum();
    },
    async show() {
      const inserted = await db.$executeRawUnsafe(`INSERT INTO "Connection" SELECT * FROM json_populate_recordset(NULL::"Connection", $1::json)`, rows);
      if (inserted !== ids.length) throw new Error(`restored ${inserted} of ${ids.length} connections`);
      await vacuum();
    },
  };
}

/** A new realm holding `users` new users, created in one control-plane request. */
export async function realmWithUsers(sandbox: SandboxClient, name: string, users: number): Promise<string> {
  const created = await sandbox.api<{ id: string }>("POST", "/api/v1/realms", { profile: { name } });
  if (created.status !== 200) throw new Error(`creating realm ${name}: ${created.status} ${JSON.stringify(created.body).slice(0, 200)}`);
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  await sandbox.addUsers({ count: users, realmId: created.body.id, loginPattern: `u{n}@${slug}.example` });
  return created.body.id;
}
