import type { JsonWebKey } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import type { PersistedToken } from "../oauth/token-store";
import type { OAuthApp } from "./contract";
import type { OrgStore } from "./store";
import type { AssignmentRecord, OperationRecord, RealmRecord, UserRecord } from "./types";
import type { SchemaAttribute } from "./user-schema";

/** Credentials the sandbox prints; persisted so they stay stable across restarts. */
export interface SandboxSecrets {
  apiToken: string;
  adminPassword: string;
  adminId: string;
  connectorClientId: string;
  signInClientId: string;
}

/** The org authorization server's state that outlives a restart (absent in older snapshots). */
export interface OAuthSnapshot {
  /** The ID-token signing key, so the JWKS (and ID tokens already issued) stay valid. */
  signingKey: JsonWebKey;
  /** Grants, refresh and access tokens, keyed by a digest of their id, without token values. */
  tokens: PersistedToken[];
}

export interface OrgSnapshot {
  version: 1;
  clockOffsetMs: number;
  secrets: SandboxSecrets;
  profileSourceId: string;
  schemaMeta: OrgStore["schemaMeta"];
  customSchema: Record<string, SchemaAttribute>;
  realms: RealmRecord[];
  users: UserRecord[];
  assignments: AssignmentRecord[];
  operations: OperationRecord[];
  apps: (Omit<OAuthApp, "grantedScopes"> & { grantedScopes: string[] })[];
  oauth?: OAuthSnapshot;
}

export function snapshotOrg(store: OrgStore, secrets: SandboxSecrets, oauth?: OAuthSnapshot): OrgSnapshot {
  return {
    version: 1,
    clockOffsetMs: store.clock.offsetMs(),
    secrets,
    profileSourceId: store.profileSourceId,
    schemaMeta: store.schemaMeta,
    customSchema: store.customSchema,
    realms: [...store.realms.values()],
    users: [...store.users.scanAfter(0)],
    assignments: [...store.assignments.values()],
    operations: store.operations,
    apps: [...store.apps.values()].map((a) => ({ ...a, grantedScopes: [...a.grantedScopes] })),
    oauth,
  };
}

export function restoreOrg(store: OrgStore, snap: OrgSnapshot): void {
  store.profileSourceId = snap.profileSourceId;
  store.schemaMeta = snap.schemaMeta;
  store.customSchema = snap.customSchema;
  for (const r of snap.realms) store.realms.set(r.id, r);
  for (const u of snap.users) store.users.add(u);
  for (const a of snap.assignments) store.assignments.set(a.id, a);
  store.operations.push(...snap.operations);
  for (const a of snap.apps) store.apps.set(a.clientId, { ...a, grantedScopes: new Set(a.grantedScopes) });
}

export function readSnapshot(path: string): OrgSnapshot | null {
  if (!existsSync(path)) return null;
  const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (typeof parsed !== "object" || parsed === null || (parsed as { version?: unknown }).version !== 1)
    throw new Error(`${path} is not a sandbox snapshot (version 1); delete it to start fresh`);
  const oauth = (parsed as { oauth?: unknown }).oauth;
  if (oauth !== undefined && !oauthSnapshotShape.safeParse(oauth).success)
    throw new Error(`${path} has an unreadable OAuth section; delete it to start fresh (every connection to the sandbox will need reauthorizing)`);
  return parsed as OrgSnapshot;
}

const oauthSnapshotShape = z.object({
  signingKey: z.looseObject({ kty: z.literal("RSA"), n: z.string(), d: z.string() }),
  tokens: z.array(
    z.object({
      key: z.string().regex(/^(Grant|RefreshToken|AccessToken):[0-9a-f]{64}$/),
      payload: z.looseObject({}),
      expiresAtMs: z.number().optional(),
      consumedAtMs: z.number().optional(),
    }),
  ),
});

/**
 * Writes atomically (temp file + rename) so a crash never leaves half a snapshot. Owner-only (0600):
 * it holds the org's API token, client secrets and signing key.
 */
export function writeSnapshot(path: string, snap: OrgSnapshot): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(snap), { mode: 0o600 });
  chmodSync(tmp, 0o600); // `mode` only applies when the file is created
  renameSync(tmp, path);
}

/** Saves at most once per `delayMs` after changes, and on flush(). */
export function debouncedSaver(save: () => void, delayMs = 250): { schedule(): void; flush(): void } {
  let timer: NodeJS.Timeout | null = null;
  return {
    schedule() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        save();
      }, delayMs);
      timer.unref();
    },
    flush() {
      if (timer) clearTimeout(timer);
      timer = null;
      save();
    },
  };
}
