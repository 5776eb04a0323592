import type { UserRecord } from "./types";

/** Logins are unique ignoring case and diacritical marks (spec: UserProfile.login). */
export const loginKey = (login: string): string =>
  // ASCII needs no normalisation (the bulk path creates tens of thousands of logins at once).
  /^[\x20-\x7e]*$/.test(login) ? login.toLowerCase() : login.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();

/**
 * Users indexed by id, login and realm, plus a creation-ordered list so a page walk with an
 * `after` cursor is O(page) and stable while users are added or deleted.
 */
export class UserIndex {
  readonly byId = new Map<string, UserRecord>();
  private readonly byLogin = new Map<string, string>();
  private readonly byRealm = new Map<string, Set<string>>();
  /** Sorted by seq; may hold deleted records until the next compaction. */
  private ordered: UserRecord[] = [];
  private deleted = 0;
  /** Seq of deleted users, so a cursor pointing at one still resumes in the right place. */
  private readonly deletedSeq = new Map<string, number>();
  private nextSeq = 1;

  get size(): number {
    return this.byId.size;
  }

  allocateSeq(): number {
    return this.nextSeq++;
  }

  add(user: UserRecord): void {
    if (user.seq >= this.nextSeq) this.nextSeq = user.seq + 1;
    this.byId.set(user.id, user);
    this.byLogin.set(loginKey(String(user.profile.login)), user.id);
    this.realmSet(user.realmId).add(user.id);
    const last = this.ordered[this.ordered.length - 1];
    if (!last || last.seq < user.seq) this.ordered.push(user);
    else {
      // Only restores from a snapshot can arrive out of order.
      this.ordered.splice(this.indexAfter(user.seq - 1), 0, user);
    }
  }

  remove(user: UserRecord): void {
    this.byId.delete(user.id);
    this.byLogin.delete(loginKey(String(user.profile.login)));
    this.byRealm.get(user.realmId)?.delete(user.id);
    this.deletedSeq.set(user.id, user.seq);
    if (++this.deleted > 1000 && this.deleted > this.ordered.length / 2) {
      this.ordered = this.ordered.filter((u) => this.byId.get(u.id) === u);
      this.deleted = 0;
    }
  }

  changeLogin(user: UserRecord, oldLogin: string): void {
    this.byLogin.delete(loginKey(oldLogin));
    this.byLogin.set(loginKey(String(user.profile.login)), user.id);
  }

  changeRealm(user: UserRecord, fromRealmId: string): void {
    this.byRealm.get(fromRealmId)?.delete(user.id);
    this.realmSet(user.realmId).add(user.id);
  }

  findByLogin(login: string): UserRecord | undefined {
    const id = this.byLogin.get(loginKey(login));
    return id === undefined ? undefined : this.byId.get(id);
  }

  countInRealm(realmId: string): number {
    return this.byRealm.get(realmId)?.size ?? 0;
  }

  /** The seq a cursor id stands for (also for users deleted since the page was served). */
  seqOf(id: string): number | undefined {
    return this.byId.get(id)?.seq ?? this.deletedSeq.get(id);
  }

  /** Live users with seq > afterSeq, in creation order. */
  *scanAfter(afterSeq: number): Generator<UserRecord> {
    for (let i = this.indexAfter(afterSeq); i < this.ordered.length; i++) {
      const u = this.ordered[i];
      if (u && this.byId.get(u.id) === u) yield u;
    }
  }

  private indexAfter(seq: number): number {
    let lo = 0;
    let hi = this.ordered.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ordered[mid]?.seq ?? Infinity) <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private realmSet(realmId: string): Set<string> {
    let set = this.byRealm.get(realmId);
    if (!set) this.byRealm.set(realmId, (set = new Set()));
    return set;
  }
}
