import type { AddressInfo } from "node:net";
import { createControl, type SandboxControl } from "./control/control";
import { createControlRoutes } from "./control/routes";
import { createClock, type SandboxClock } from "./org/clock";
import type { OrgDirectory } from "./org/contract";
import { randomToken } from "./org/ids";
import { debouncedSaver, readSnapshot, restoreOrg, snapshotOrg, writeSnapshot, type SandboxSecrets } from "./org/persistence";
import { seedOrg, type SeededOrg, type SeedOptions } from "./org/seed";
import { OrgStore } from "./org/store";
import { createOrgAuthorizationServer } from "./oauth";
import { createSigningKey } from "./oauth/signing-key";
import { RequestCounters } from "./http/counters";
import { Faults } from "./http/faults";
import { RateLimiter, type RateLimitOverrides } from "./http/rate-limit";
import { createSandboxServer, type SandboxRuntime } from "./server";

export type { SeedOptions, SeededOrg } from "./org/seed";
export type { RateLimitConfig, RateLimitOverrides } from "./http/rate-limit";
export type { FaultRule } from "./http/faults";
export type { SandboxControl, SandboxCounters, MintTokenInput } from "./control/control";

export interface SandboxOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** The control plane (/__sandbox/*) exists only in these modes; there is no other mode. */
  mode: "test" | "local";
  seed?: SeedOptions;
  /** Load state from this JSON at start, save on change (debounced) and on stop. */
  persistPath?: string;
  accessTokenTtlSeconds?: number;
  /** Partial<RateLimitConfig>; bucket limits may be given one by one. */
  rateLimits?: RateLimitOverrides;
  /** Latency added to every /api/v1 and /oauth2/v1 request (ms). */
  latencyMs?: number;
}

export interface Sandbox {
  /** Org URL, e.g. http://127.0.0.1:45123 — also the OAuth issuer. */
  url: string;
  /** An SSWS token with every scope; also authenticates the control plane. */
  apiToken: string;
  /** Credentials of the seeded apps and super admin (stable across resets and, when persisted, restarts). */
  readonly seeded: SeededOrg;
  readonly mode: "test" | "local";
  /** The org store (replaced by control.reset(), so read it through this getter). */
  readonly org: OrgStore;
  clock: SandboxClock;
  /** The control plane, in process (same operations as /__sandbox/*). */
  control: SandboxControl;
  stop(): Promise<void>;
}

export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  if (opts.mode !== "test" && opts.mode !== "local") throw new Error(`unknown sandbox mode ${String(opts.mode)}`);
  const snapshot = opts.persistPath ? readSnapshot(opts.persistPath) : null;
  const clock = createClock(snapshot?.clockOffsetMs ?? 0);
  const sampleDefault = opts.mode === "local";

  let seeded: SeededOrg;
  let secrets: SandboxSecrets;
  let store = new OrgStore(clock);
  if (snapshot) {
    restoreOrg(store, snapshot);
    secrets = snapshot.secrets;
    seeded = seededFrom(store, secrets);
  } else {
    seeded = seedOrg(store, opts.seed, sampleDefault);
    secrets = secretsFrom(seeded, `00${randomToken(40)}`);
  }

  const rt: SandboxRuntime = {
    mode: opts.mode,
    orgUrl: "",
    store,
    clock,
    limiter: new RateLimiter(clock, opts.rateLimits),
    faults: new Faults(),
    counters: new RequestCounters(),
    latencyMs: opts.latencyMs ?? 0,
    apiToken: secrets.apiToken,
    adminId: () => seeded.admin.id,
    as: null,
    localTokens: new Map(),
    claimStyle: "id-token",
    hung: new Set(),
  };

  // Kept across restarts like an org keeps it, so ID tokens and the JWKS stay valid.
  const signingKey = snapshot?.oauth?.signingKey ?? createSigningKey();
  const oauthState = () => (rt.as ? { signingKey, tokens: rt.as.persistedTokens() } : { signingKey, tokens: snapshot?.oauth?.tokens ?? [] });
  const saver = opts.persistPath
    ? debouncedSaver(() => writeSnapshot(opts.persistPath ?? "", snapshotOrg(rt.store, secrets, oauthState())))
    : null;
  const watch = (s: OrgStore) => s.onChange(() => saver?.schedule());
  watch(store);

  const reseed = (seed?: SeedOptions): SeededOrg => {
    store = new OrgStore(clock);
    seeded = seedOrg(store, seed ?? opts.seed, sampleDefault, seeded);
    secrets = secretsFrom(seeded, secrets.apiToken);
    rt.store = store;
    watch(store);
    saver?.schedule();
    return seeded;
  };
  const control = createControl(rt, reseed);
  const server = createSandboxServer(rt, createControlRoutes(rt, control, () => seeded));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host ?? "127.0.0.1";
  rt.orgUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  // The AS reads apps and users through this proxy, so a reset's new store is seen at once.
  const directory: OrgDirectory = {
    getApp: (id) => rt.store.getApp(id),
    findUserByLogin: (login) => rt.store.findUserByLogin(login),
    getUser: (id) => rt.store.getUser(id),
    checkPassword: (id, pw) => rt.store.checkPassword(id, pw),
  };
  rt.as = await createOrgAuthorizationServer({
    issuer: rt.orgUrl,
    directory,
    clock,
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds,
    claimStyle: () => rt.claimStyle,
    signingKey,
    tokens: snapshot?.oauth?.tokens,
    onTokensChange: () => saver?.schedule(),
  });
  saver?.flush();

  return {
    url: rt.orgUrl,
    apiToken: secrets.apiToken,
    get seeded() {
      return seeded;
    },
    mode: opts.mode,
    get org() {
      return rt.store;
    },
    clock,
    control,
    async stop() {
      for (const res of rt.hung) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      saver?.flush();
    },
  };
}

function secretsFrom(seeded: SeededOrg, apiToken: string): SandboxSecrets {
  return {
    apiToken,
    adminPassword: seeded.admin.password,
    adminId: seeded.admin.id,
    connectorClientId: seeded.connectorApp.clientId,
    signInClientId: seeded.signInApp.clientId,
  };
}

function seededFrom(store: OrgStore, s: SandboxSecrets): SeededOrg {
  const connector = store.requireApp(s.connectorClientId);
  const signIn = store.requireApp(s.signInClientId);
  const admin = store.requireUser(s.adminId);
  return {
    connectorApp: { clientId: connector.clientId, clientSecret: connector.clientSecret },
    signInApp: { clientId: signIn.clientId, clientSecret: signIn.clientSecret },
    admin: { login: String(admin.profile.login), password: s.adminPassword, id: admin.id },
  };
}
