// Test support for the bulk engine: a sandbox org in process, a stored connection to it, the job
// engine's pool and deps, and a per-user count of the moves the org actually applied (so "moved once"
// is checked on Okta's side, not on ours).
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { createOpenIdRefresher, type TokenLifecycleDeps } from "@/lib/connections";
import { createKeyring } from "@/lib/crypto";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { bulkClientFactory, type BulkOktaDeps } from "@/lib/jobs/bulk-okta";
import { bulkAuditWriter } from "@/lib/jobs/bulk-audit";
import { connectionWithScopes } from "@/lib/realms/testing/sandbox-org";
import { startSandbox, type Sandbox, type SandboxOptions } from "@/sandbox";
import { createBulkPool } from "../pool";
import { previewSelection } from "../preview";
import { createPreviewJob, transition } from "../store";
import type { Selection } from "../selection";
import type { RunnerDeps } from "../runner";

export const MOVE_SCOPES = ["okta.users.read", "okta.users.manage", "okta.realms.read"] as const;

export type BulkFixture = Awaited<ReturnType<typeof startBulkFixture>>;

export async function startBulkFixture(databaseUrl: string, sandbox: Omit<SandboxOptions, "mode"> = {}) {
  const sb: Sandbox = await startSandbox({ mode: "test", ...sandbox });
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  const pool = createBulkPool(databaseUrl, 10);
  const tokens: TokenLifecycleDeps = { db: prisma, keyring: createKeyring(randomBytes(32).toString("base64")), refreshTokens: createOpenIdRefresher({ devHttpOrigins: [sb.url] }) };
  const oktaDeps: BulkOktaDeps = { pool, tokens, domainRules: { devHttpOrigins: [sb.url] }, okta: { retry: { baseDelayMs: 1, maxDelayMs: 5 } } };

  // Moves the org applied, per user (requests refused by rate limits or injected faults never get here).
  const applied = new Map<string, number>();
  const org = sb.org;
  const update = org.updateUser.bind(org);
  org.updateUser = (idOrLogin, input, replace) => {
    const user = update(idOrLogin, input, replace);
    if (input.realmId !== undefined) applied.set(user.id, (applied.get(user.id) ?? 0) + 1);
    return user;
  };

  const connection = (scopes: readonly string[] = MOVE_SCOPES) => connectionWithScopes({ db: prisma, keyring: tokens.keyring }, sb, scopes);
  const runnerDeps = (over: Partial<RunnerDeps> = {}): RunnerDeps => ({
    pool,
    workerId: `test-${randomBytes(3).toString("hex")}`,
    clientFor: bulkClientFactory(oktaDeps),
    audit: bulkAuditWriter(prisma),
    leaseMs: 900,
    ...over,
  });

  /** Previews `selection` into `targetRealmId` with the app's code and queues the job. */
  async function queuedJob(connectionId: string, selection: Selection, targetRealmId: string, lanes = 4): Promise<string> {
    const job = runnerDeps();
    const client = await job.clientFor({ connectionId, maxApiCapacity: 100 } as Parameters<RunnerDeps["clientFor"]>[0]);
    const target = await client.realms.get(targetRealmId);
    const preview = await previewSelection(client, selection, target);
    const id = await createPreviewJob(pool, {
      connectionId,
      targetRealmId,
      targetRealmName: target.profile.name,
      selectionKind: selection.kind,
      selectionSummary: "test",
      maxApiCapacity: 100,
      lanes,
      createdById: null,
      createdByEmail: null,
      items: preview.items,
    });
    await transition(pool, id, ["PREVIEW"], "QUEUED");
    return id;
  }

  return {
    sb,
    prisma,
    pool,
    tokens,
    oktaDeps,
    applied,
    connection,
    runnerDeps,
    queuedJob,
    realm: (name: string, domains?: string[]) => sb.org.createRealm({ name: `${name}-${randomBytes(3).toString("hex")}`, ...(domains ? { domains } : {}) }),
    async stop() {
      await sb.stop();
      await pool.end();
      await prisma.$disconnect();
    },
  };
}
