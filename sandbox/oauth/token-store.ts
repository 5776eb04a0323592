// oidc-provider's storage adapter, in memory, with two Okta behaviours its bundled memory adapter
// lacks:
//  1. Expiry follows the sandbox Clock (oidc-provider itself only knows Date.now()), so advancing
//     the clock expires codes, access tokens and interactions exactly like waiting would.
//  2. Refresh-token rotation leeway: a rotated (consumed) refresh token keeps looking unused for
//     the app's `leeway` seconds. Past that, oidc-provider sees it as consumed, which makes it
//     revoke the whole grant (Okta's reuse detection: `app.oauth2.token.detect_reuse`).
// Entries are keyed by a SHA-256 of their id and kept without their `jti`, which find() restores
// from the id it is asked for: what persisted() hands out never contains a usable token value.

import { createHash } from "node:crypto";
import type { Adapter, AdapterPayload } from "oidc-provider";
import type { Clock } from "../org/contract";

interface Entry {
  payload: AdapterPayload;
  /** Sandbox-clock milliseconds after which the entry is gone; undefined = no expiry. */
  expiresAtMs?: number;
  /** Sandbox-clock milliseconds of the first consume (rotation / code redemption). */
  consumedAtMs?: number;
}

export interface TokenStoreOptions {
  clock: Clock;
  /** Rotation grace period of the app that owns a refresh token, in ms. */
  refreshLeewayMs(clientId: string): number;
  /** Called whenever something persisted() returns has changed (to schedule a save). */
  onChange?: () => void;
}

/**
 * What an org keeps to honour the tokens it issued, across restarts: grants (the token families),
 * refresh tokens with their rotation state, and access tokens until they expire. Sessions,
 * interactions and authorization codes are short-lived browser state and are not kept.
 */
const PERSISTED_MODELS = new Set(["Grant", "RefreshToken", "AccessToken"]);

/** One stored entry as saved to disk: `key` is "<model>:<sha256 of the id>", the payload has no jti. */
export interface PersistedToken {
  key: string;
  payload: AdapterPayload;
  expiresAtMs?: number;
  consumedAtMs?: number;
}

const storageKey = (model: string, id: string): string => `${model}:${createHash("sha256").update(id).digest("hex")}`;
const modelOf = (key: string): string => key.slice(0, key.indexOf(":"));

/** Sweep expired entries every this many writes, so a long-running sandbox doesn't grow forever. */
const SWEEP_EVERY = 500;

export class TokenStore {
  private readonly entries = new Map<string, Entry>();
  /** grantId → keys of codes and tokens issued under it (a token family). */
  private readonly byGrant = new Map<string, Set<string>>();
  /** Session uid → session id (oidc-provider looks sessions up by uid). */
  private readonly sessionsByUid = new Map<string, string>();
  private writes = 0;

  constructor(private readonly opts: TokenStoreOptions) {}

  /** oidc-provider's `adapter` factory: one view per model, all sharing this store. */
  adapterFor = (model: string): Adapter => {
    const key = (id: string) => storageKey(model, id);
    return {
      upsert: async (id, payload, expiresIn) => this.upsert(model, key(id), id, payload, expiresIn),
      find: async (id) => this.find(model, key(id), id),
      findByUid: async (uid) => {
        const id = this.sessionsByUid.get(uid);
        return id === undefined ? undefined : this.find(model, key(id), id);
      },
      findByUserCode: async () => undefined, // device flow is not enabled
      consume: async (id) => this.consume(key(id)),
      destroy: async (id) => this.delete(key(id)),
      revokeByGrantId: async (grantId) => this.revokeGrant(model, grantId),
    };
  };

  /** Expiry of a stored item on the sandbox clock, epoch seconds (undefined if gone or unbounded). */
  expiresAt(model: string, id: string): number | undefined {
    const entry = this.live(storageKey(model, id));
    return entry?.expiresAtMs === undefined ? undefined : Math.floor(entry.expiresAtMs / 1000);
  }

  /** The live entries of the persisted models, ready to be written to disk. */
  persisted(): PersistedToken[] {
    const out: PersistedToken[] = [];
    for (const key of [...this.entries.keys()]) {
      if (!PERSISTED_MODELS.has(modelOf(key))) continue;
      const entry = this.live(key);
      if (entry) out.push({ key, payload: entry.payload, expiresAtMs: entry.expiresAtMs, consumedAtMs: entry.consumedAtMs });
    }
    return out;
  }

  /** Loads what persisted() returned before a restart (entries already expired are dropped). */
  restore(tokens: readonly PersistedToken[]): void {
    for (const t of tokens) {
      if (!PERSISTED_MODELS.has(modelOf(t.key))) continue;
      const { jti: _jti, ...payload } = t.payload;
      void _jti;
      this.entries.set(t.key, { payload, expiresAtMs: t.expiresAtMs, consumedAtMs: t.consumedAtMs });
      if (!this.live(t.key)) continue;
      this.addToFamily(modelOf(t.key), t.key, payload);
    }
  }

  private upsert(model: string, key: string, id: string, stored: AdapterPayload, expiresIn: number): void {
    const now = this.opts.clock.now();
    const previous = this.entries.get(key);
    // The id is the token itself for opaque tokens: keep it only as the key's digest.
    const { jti: _jti, ...payload } = stored;
    void _jti;
    this.entries.set(key, {
      payload,
      expiresAtMs: Number.isFinite(expiresIn) && expiresIn > 0 ? now + expiresIn * 1000 : undefined,
      consumedAtMs: previous?.consumedAtMs,
    });
    this.addToFamily(model, key, payload);
    if (model === "Session" && typeof payload.uid === "string") this.sessionsByUid.set(payload.uid, id);
    this.changed(key);
    if (++this.writes % SWEEP_EVERY === 0) this.sweep();
  }

  private addToFamily(model: string, key: string, payload: AdapterPayload): void {
    if (typeof payload.grantId !== "string" || model === "Grant") return;
    const members = this.byGrant.get(payload.grantId) ?? new Set<string>();
    members.add(key);
    this.byGrant.set(payload.grantId, members);
  }

  private changed(key: string): void {
    if (PERSISTED_MODELS.has(modelOf(key))) this.opts.onChange?.();
  }

  private find(model: string, key: string, id: string): AdapterPayload | undefined {
    const payload = this.findStored(model, key);
    // oidc-provider instantiates the model from the payload: it needs its jti back.
    return payload === undefined ? undefined : { ...payload, jti: id };
  }

  private findStored(model: string, key: string): AdapterPayload | undefined {
    const entry = this.live(key);
    if (!entry) return undefined;
    if (model === "RefreshToken" && entry.consumedAtMs !== undefined) {
      const clientId = typeof entry.payload.clientId === "string" ? entry.payload.clientId : "";
      const graceEndsAt = entry.consumedAtMs + this.opts.refreshLeewayMs(clientId);
      if (this.opts.clock.now() < graceEndsAt) {
        // Within the leeway the old refresh token still works: hide the consumption.
        const { consumed: _consumed, ...unconsumed } = entry.payload;
        void _consumed;
        return unconsumed;
      }
    }
    return entry.payload;
  }

  private consume(key: string): void {
    const entry = this.live(key);
    if (!entry) return;
    entry.payload.consumed = Math.floor(this.opts.clock.now() / 1000);
    // A refresh token reused inside its leeway is consumed again; the grace period still
    // counts from the first rotation, as in Okta.
    entry.consumedAtMs ??= this.opts.clock.now();
    this.changed(key);
  }

  private revokeGrant(model: string, grantId: string): void {
    if (model === "Grant") {
      this.delete(storageKey("Grant", grantId));
      return;
    }
    const members = this.byGrant.get(grantId);
    if (!members) return;
    for (const key of [...members]) {
      if (key.startsWith(`${model}:`)) {
        this.entries.delete(key);
        members.delete(key);
        this.changed(key);
      }
    }
    if (members.size === 0) this.byGrant.delete(grantId);
  }

  /** `notify` is false for expiry: nothing to save for a token that was going to vanish anyway. */
  private delete(key: string, notify = true): void {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    const grantId = entry?.payload.grantId;
    if (typeof grantId === "string") this.byGrant.get(grantId)?.delete(key);
    if (entry && notify) this.changed(key);
  }

  /** The entry if it exists and hasn't expired on the sandbox clock. */
  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs !== undefined && this.opts.clock.now() >= entry.expiresAtMs) {
      this.delete(key, false);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    for (const key of [...this.entries.keys()]) this.live(key);
    for (const [uid, id] of this.sessionsByUid) {
      if (!this.entries.has(storageKey("Session", id))) this.sessionsByUid.delete(uid);
    }
  }
}
