import type { AccessTokenInfo, OAuthApp, RotationType } from "../org/contract";
import { applyCustomSchema } from "../org/custom-schema";
import { randomToken } from "../org/ids";
import type { SeedOptions, SeededOrg } from "../org/seed";
import type { BulkUsersInput, CreateAppInput } from "../org/store";
import type { SchemaAttribute } from "../org/user-schema";
import type { FaultRule } from "../http/faults";
import type { ClaimStyle } from "../oauth/claim-style";
import type { RateLimitConfig, RateLimitOverrides } from "../http/rate-limit";
import type { SandboxRuntime } from "../server";

// The sandbox's control plane as in-process methods; control/routes.ts exposes the same over HTTP.

export interface SandboxCounters {
  /** Requests per endpoint, e.g. "GET /api/v1/users/:id" or "POST /oauth2/v1/token". */
  requests: Record<string, number>;
  statuses: Record<string, number>;
  rateLimited: number;
  faultsInjected: number;
  /** From the authorization server (tokens issued, refreshes, …); null without one. */
  authorizationServer: Record<string, number> | null;
}

export interface MintTokenInput {
  scopes: string[];
  /** Default: the super admin. */
  sub?: string;
  /** Default: the connector app. */
  clientId?: string;
  ttlSeconds?: number;
}

export interface SandboxControl {
  /** Replaces the org with a freshly seeded one (credentials are kept). */
  reset(seed?: SeedOptions): SeededOrg;
  createApp(input: CreateAppInput): OAuthApp;
  grantScopes(clientId: string, scopes: string[]): OAuthApp;
  revokeScopes(clientId: string, scopes: string[]): OAuthApp;
  setRefreshRotation(clientId: string, rotationType: RotationType, leeway?: number): OAuthApp;
  addUsers(input: BulkUsersInput): { created: number; firstId: string | null; lastId: string | null; ms: number };
  setCustomAttributes(changes: Record<string, SchemaAttribute | null>): void;
  setFaults(rules: FaultRule[]): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  faults(): FaultRule[];
  /** How sign-in releases claims (see oauth/claim-style.ts); reset() puts back "id-token". */
  setClaimStyle(style: ClaimStyle): void;
  /** Latency added to every request (ms). */
  setLatency(ms: number): void;
  setRateLimits(overrides: RateLimitOverrides): RateLimitConfig;
  rateLimits(): RateLimitConfig;
  /** Moves the sandbox clock forward; returns the new time (epoch ms). */
  advanceClock(ms: number): number;
  counters(): SandboxCounters;
  resetCounters(): void;
  /**
   * Mints an access token without an OAuth flow, for tests that only exercise the Management API.
   * Real flows go through /oauth2/v1 (the authorization server).
   */
  mintAccessToken(input: MintTokenInput): string;
}

export function createControl(rt: SandboxRuntime, reseed: (seed?: SeedOptions) => SeededOrg): SandboxControl {
  const app = (clientId: string) => rt.store.requireApp(clientId);
  return {
    reset: (seed) => {
      rt.limiter.clear();
      rt.faults.clear();
      rt.localTokens.clear();
      rt.claimStyle = "id-token";
      return reseed(seed);
    },
    createApp: (input) => rt.store.createApp(input),
    grantScopes(clientId, scopes) {
      const a = app(clientId);
      for (const s of scopes) a.grantedScopes.add(s);
      rt.store.changed();
      return a;
    },
    revokeScopes(clientId, scopes) {
      const a = app(clientId);
      for (const s of scopes) a.grantedScopes.delete(s);
      rt.store.changed();
      return a;
    },
    setRefreshRotation(clientId, rotationType, leeway) {
      const a = app(clientId);
      const l = leeway ?? a.refreshToken.leeway;
      if (!Number.isInteger(l) || l < 0 || l > 60) throw new RangeError("leeway must be an integer from 0 to 60");
      a.refreshToken = { rotationType, leeway: l };
      rt.store.changed();
      return a;
    },
    addUsers(input) {
      const t0 = performance.now();
      const r = rt.store.bulkAddUsers(input);
      return { ...r, ms: Math.round(performance.now() - t0) };
    },
    setCustomAttributes: (changes) => applyCustomSchema(rt.store, changes),
    setFaults: (rules) => rt.faults.set(rules),
    addFault: (rule) => rt.faults.add(rule),
    clearFaults: () => rt.faults.clear(),
    faults: () => rt.faults.list(),
    setClaimStyle(style) {
      rt.claimStyle = style;
    },
    setLatency(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError("latency must be a non-negative number");
      rt.latencyMs = ms;
    },
    setRateLimits: (overrides) => rt.limiter.configure(overrides),
    rateLimits: () => rt.limiter.current(),
    advanceClock(ms) {
      rt.clock.advance(ms);
      return rt.clock.now();
    },
    counters: () => ({
      requests: { ...rt.counters.requests },
      statuses: { ...rt.counters.statuses },
      rateLimited: rt.counters.rateLimited,
      faultsInjected: rt.counters.faultsInjected,
      authorizationServer: rt.as ? { ...rt.as.counters() } : null,
    }),
    resetCounters: () => rt.counters.reset(),
    mintAccessToken(input) {
      const token = `sbx.${randomToken(40)}`;
      const info: AccessTokenInfo = {
        clientId: input.clientId ?? [...rt.store.apps.keys()][0] ?? "",
        sub: input.sub ?? rt.adminId(),
        scopes: [...input.scopes],
        exp: Math.floor(rt.clock.now() / 1000) + (input.ttlSeconds ?? 3600),
      };
      rt.localTokens.set(token, info);
      return token;
    },
  };
}
