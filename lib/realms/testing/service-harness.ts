// The realm services' integration harness: a sandbox Okta org in process, the real (test) database,
// RealmDeps wired to both, and an OPERATOR who is the actor of every audit line (a new one per test).
// Import it dynamically AFTER vi.mock("server-only", …): team-fixtures sets the test keys first.
import * as fx from "@/tests/support/team-fixtures";
import { recordAudit } from "@/lib/audit/record";
import { createOpenIdRefresher } from "@/lib/connections";
import { keyringFromEnv } from "@/lib/crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Sandbox } from "@/sandbox";
import type { RealmDeps } from "../deps";
import { connectionWithScopes, startTestOrg } from "./sandbox-org";

export type RealmServiceHarness = ReturnType<typeof realmServiceHarness>;

/** Call start() in beforeAll, newActor() in beforeEach and stop() in afterAll. `fetch` sees every Okta request. */
export function realmServiceHarness(options: { fetch?: typeof fetch } = {}) {
  let sandbox: Sandbox | undefined;
  let wired: RealmDeps | undefined;
  let current: { id: string; email: string } | undefined;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`realmServiceHarness: ${what} before start()/newActor()`);
    return value;
  };
  const audit = (entry: Parameters<typeof recordAudit>[0]) => recordAudit({ ...entry, actor: need(current, "actor") });

  return {
    async start(): Promise<void> {
      sandbox = await startTestOrg();
      wired = {
        tokens: { db: db(), keyring: keyringFromEnv(env()), refreshTokens: createOpenIdRefresher({ devHttpOrigins: [sandbox.url] }) },
        domainRules: { devHttpOrigins: [sandbox.url] },
        okta: { ...(options.fetch ? { fetch: options.fetch } : {}), retry: { maxRetries: 0 } },
      };
    },
    stop: async (): Promise<void> => sandbox?.stop(),
    /** An empty team with one OPERATOR, who acts from now on. */
    async newActor(): Promise<void> {
      await fx.resetTeam();
      const member = await fx.createUser("OPERATOR");
      current = { id: member.userId, email: member.email };
    },
    get sb(): Sandbox {
      return need(sandbox, "sb");
    },
    get deps(): RealmDeps {
      return need(wired, "deps");
    },
    get actor(): { id: string; email: string } {
      return need(current, "actor");
    },
    ctx() {
      return { audit, deps: need(wired, "deps") };
    },
    /** A healthy connection to the sandbox org granted these scopes. */
    connect: (scopes: readonly string[]): Promise<string> => connectionWithScopes({ db: db(), keyring: keyringFromEnv(env()) }, need(sandbox, "sb"), scopes),
  };
}
