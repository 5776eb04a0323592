import { compileAssignmentExpression } from "./assignment-expression";
import type { SandboxClock } from "./clock";
import type { DirectoryUser, OAuthApp, OrgDirectory, RotationType } from "./contract";
import { OrgNotFoundError, OrgValidationError } from "./errors";
import { ID_PREFIX, oktaId, randomToken } from "./ids";
import { hashSecret, verifySecret } from "./password";
import { realmDomainCauses, realmProfileCauses, toRealmProfile } from "./realm-rules";
import type {
  AssignmentRecord,
  OperationRecord,
  Profile,
  ProviderType,
  RealmRecord,
  UserRecord,
  UserStatus,
} from "./types";
import { UserIndex } from "./user-index";
import { normalizeProfile, validateProfile, type SchemaAttribute } from "./user-schema";

/** Okta's documented caps (okta-facts §4). */
export const MAX_REALMS = 5000;
export const MAX_ASSIGNMENTS = 500;
export const CATCH_ALL_PRIORITY = 499;

export interface CreateUserInput {
  profile: Profile;
  password?: string;
  recoveryQuestion?: { question: string; answer: string };
  provider?: { type: ProviderType; name?: string };
  realmId?: string;
  activate: boolean;
  nextLogin?: "changePassword";
  superAdmin?: boolean;
}

export interface UpdateUserInput {
  profile?: Profile;
  password?: string;
  recoveryQuestion?: { question: string; answer: string };
  realmId?: string;
}

export interface AssignmentInput {
  name: string;
  priority: number;
  conditions: { profileSourceId?: string; expression?: { value: string } };
  actions: { assignUserToRealm: { realmId: string } };
}

export interface CreateAppInput {
  name: string;
  redirectUris?: string[];
  grantedScopes?: Iterable<string>;
  rotationType?: RotationType;
  leeway?: number;
  grantTypes?: string[];
  clientId?: string;
  clientSecret?: string;
}

export interface BulkUsersInput {
  count: number;
  realmId?: string;
  /** `{n}` is replaced by the user's number (start..start+count-1). */
  loginPattern?: string;
  start?: number;
  password?: string;
  profile?: Profile;
  status?: "ACTIVE" | "STAGED";
}

/**
 * The sandbox org: realms, users, realm assignments and their operations, OAuth apps and the
 * user schema, all in memory. Implements the authorization server's OrgDirectory.
 */
export class OrgStore implements OrgDirectory {
  readonly realms = new Map<string, RealmRecord>();
  readonly users = new UserIndex();
  readonly assignments = new Map<string, AssignmentRecord>();
  readonly operations: OperationRecord[] = [];
  readonly apps = new Map<string, OAuthApp>();
  customSchema: Record<string, SchemaAttribute> = {};
  schemaMeta: { id: string; created: number; lastUpdated: number };
  /** The Okta directory profile source realm assignments point at. */
  profileSourceId: string;
  /** How long a realm-assignment operation stays SCHEDULED / IN_PROGRESS. */
  operationTiming = { startAfterMs: 1000, completeAfterMs: 3000 };
  private changeListeners: (() => void)[] = [];

  constructor(readonly clock: SandboxClock) {
    const now = clock.now();
    this.schemaMeta = { id: oktaId(ID_PREFIX.schema), created: now, lastUpdated: now };
    this.profileSourceId = oktaId(ID_PREFIX.profileSource);
  }

  /** Called after every mutation (persistence hooks in here). */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  changed(): void {
    for (const l of this.changeListeners) l();
  }

  // ---------------------------------------------------------------- realms

  defaultRealm(): RealmRecord {
    for (const r of this.realms.values()) if (r.isDefault) return r;
    throw new Error("the org has no default realm");
  }

  getRealm(id: string): RealmRecord {
    const realm = this.realms.get(id);
    if (!realm) throw new OrgNotFoundError(`Resource not found: ${id} (Realm)`);
    return realm;
  }

  createRealm(input: unknown, isDefault = false): RealmRecord {
    const causes = realmProfileCauses(input, isDefault);
    if (this.realms.size >= MAX_REALMS) causes.push(`The org already has the maximum of ${MAX_REALMS} realms`);
    if (causes.length) throw new OrgValidationError(causes);
    const now = this.clock.now();
    const realm: RealmRecord = {
      id: oktaId(ID_PREFIX.realm),
      created: now,
      lastUpdated: now,
      isDefault,
      profile: toRealmProfile(input as Record<string, unknown>),
    };
    this.realms.set(realm.id, realm);
    this.changed();
    return realm;
  }

  replaceRealm(id: string, input: unknown): RealmRecord {
    const realm = this.getRealm(id);
    const causes = realmProfileCauses(input, realm.isDefault);
    if (causes.length) throw new OrgValidationError(causes);
    realm.profile = toRealmProfile(input as Record<string, unknown>);
    realm.lastUpdated = this.clock.now();
    this.changed();
    return realm;
  }

  deleteRealm(id: string): void {
    const realm = this.getRealm(id);
    if (realm.isDefault) throw new OrgValidationError(["The default realm can't be deleted"]);
    const members = this.users.countInRealm(id);
    if (members > 0)
      throw new OrgValidationError([
        `The realm still has ${members} user(s). Move or delete them before deleting the realm.`,
      ]);
    const rules = [...this.assignments.values()].filter((a) => a.actions.assignUserToRealm.realmId === id);
    if (rules.length)
      throw new OrgValidationError([
        `Realm assignment '${rules[0]?.name}' assigns users to this realm. Delete it before deleting the realm.`,
      ]);
    this.realms.delete(id);
    this.changed();
  }

  // ---------------------------------------------------------------- users

  getUser(idOrLogin: string): DirectoryUser | undefined {
    const u = this.findUser(idOrLogin);
    return u && toDirectoryUser(u);
  }

  findUser(idOrLogin: string): UserRecord | undefined {
    return this.users.byId.get(idOrLogin) ?? this.users.findByLogin(idOrLogin);
  }

  requireUser(idOrLogin: string): UserRecord {
    const user = this.findUser(idOrLogin);
    if (!user) throw new OrgNotFoundError(`Resource not found: ${idOrLogin} (User)`);
    return user;
  }

  findUserByLogin(login: string): DirectoryUser | undefined {
    const u = this.users.findByLogin(login);
    return u && toDirectoryUser(u);
  }

  checkPassword(userId: string, password: string): boolean {
    const hash = this.users.byId.get(userId)?.passwordHash;
    return hash ? verifySecret(password, hash) : false;
  }

  createUser(input: CreateUserInput): UserRecord {
    const profile = normalizeProfile(input.profile);
    const causes = validateProfile(profile, this.customSchema);
    if (typeof profile.login === "string" && this.users.findByLogin(profile.login))
      causes.push("login: An object with this field already exists in the current organization");
    let realm: RealmRecord | undefined = this.defaultRealm();
    if (input.realmId !== undefined) {
      realm = this.realms.get(input.realmId);
      if (!realm) causes.push(`realmId: The realm '${input.realmId}' does not exist`);
    }
    if (realm) causes.push(...realmDomainCauses(realm, profile.login, profile.email));
    const providerType = input.provider?.type ?? "OKTA";
    if (input.password !== undefined && (providerType === "FEDERATION" || providerType === "SOCIAL"))
      causes.push("password: Password credentials are not supported for this provider type");
    if (causes.length || !realm) throw new OrgValidationError(causes);

    const now = this.clock.now();
    const federated = providerType === "FEDERATION" || providerType === "SOCIAL";
    let status: UserStatus = "STAGED";
    if (input.activate) {
      if (input.password !== undefined || federated)
        status = input.nextLogin === "changePassword" ? "PASSWORD_EXPIRED" : "ACTIVE";
      else status = "PROVISIONED"; // activation pending: the user finishes the welcome flow
    }
    const user: UserRecord = {
      id: oktaId(ID_PREFIX.user),
      seq: this.users.allocateSeq(),
      status,
      created: now,
      activated: status === "STAGED" ? null : now,
      statusChanged: status === "STAGED" ? null : now,
      lastLogin: null,
      lastUpdated: now,
      passwordChanged: input.password !== undefined ? now : null,
      profile,
      realmId: realm.id,
      passwordHash: input.password !== undefined ? hashSecret(input.password) : null,
      recoveryQuestion: input.recoveryQuestion
        ? { question: input.recoveryQuestion.question, answerHash: hashSecret(input.recoveryQuestion.answer.toLowerCase()) }
        : null,
      provider: { type: providerType, name: input.provider?.name ?? (providerType === "OKTA" ? "OKTA" : providerType) },
      superAdmin: input.superAdmin ?? false,
      version: 1,
    };
    this.users.add(user);
    this.changed();
    return user;
  }

  /** `replace` (PUT) drops profile properties the request leaves out; partial (POST) merges. */
  updateUser(idOrLogin: string, input: UpdateUserInput, replace: boolean): UserRecord {
    const user = this.requireUser(idOrLogin);
    const profile = input.profile
      ? normalizeProfile(replace ? { ...input.profile } : { ...user.profile, ...input.profile })
      : user.profile;
    const causes = input.profile ? validateProfile(profile, this.customSchema) : [];
    const oldLogin = String(user.profile.login);
    if (typeof profile.login === "string" && profile.login !== oldLogin) {
      const other = this.users.findByLogin(profile.login);
      if (other && other !== user)
        causes.push("login: An object with this field already exists in the current organization");
    }
    let realm = this.realms.get(user.realmId);
    const moving = input.realmId !== undefined && input.realmId !== user.realmId;
    if (input.realmId !== undefined) {
      realm = this.realms.get(input.realmId);
      if (!realm) causes.push(`realmId: The realm '${input.realmId}' does not exist`);
    }
    // Allowed domains apply on edit and on move-in; existing members are otherwise unaffected.
    if (realm && (moving || input.profile)) causes.push(...realmDomainCauses(realm, profile.login, profile.email));
    if (causes.length || !realm) throw new OrgValidationError(causes);

    const now = this.clock.now();
    if (input.profile) {
      user.profile = profile;
      if (profile.login !== oldLogin) this.users.changeLogin(user, oldLogin);
    }
    if (input.password !== undefined) {
      user.passwordHash = hashSecret(input.password);
      user.passwordChanged = now;
    }
    if (input.recoveryQuestion)
      user.recoveryQuestion = {
        question: input.recoveryQuestion.question,
        answerHash: hashSecret(input.recoveryQuestion.answer.toLowerCase()),
      };
    if (moving) this.moveUser(user, realm.id);
    this.touch(user, now);
    return user;
  }

  activateUser(idOrLogin: string): UserRecord {
    const user = this.requireUser(idOrLogin);
    if (user.status !== "STAGED" && user.status !== "DEPROVISIONED")
      throw new OrgValidationError(["Activation failed because the user is already active"], "E0000016");
    this.setStatus(user, user.passwordHash || user.provider.type !== "OKTA" ? "ACTIVE" : "PROVISIONED");
    user.activated = this.clock.now();
    return user;
  }

  deactivateUser(idOrLogin: string): UserRecord {
    const user = this.requireUser(idOrLogin);
    if (user.status === "DEPROVISIONED")
      throw new OrgValidationError(["This operation is not allowed in the user's current status."], "E0000038");
    this.setStatus(user, "DEPROVISIONED");
    return user;
  }

  /** Okta's two-step delete: the first call deactivates, the second removes. */
  deleteUser(idOrLogin: string): "deactivated" | "deleted" {
    const user = this.requireUser(idOrLogin);
    if (user.status !== "DEPROVISIONED") {
      this.setStatus(user, "DEPROVISIONED");
      return "deactivated";
    }
    this.users.remove(user);
    this.changed();
    return "deleted";
  }

  /** Adds `count` users in one go (tens of thousands in well under a second). */
  bulkAddUsers(input: BulkUsersInput): { created: number; firstId: string | null; lastId: string | null } {
    const realm = input.realmId ? this.getRealm(input.realmId) : this.defaultRealm();
    const pattern = input.loginPattern ?? "user{n}@sandbox.example";
    if (!pattern.includes("{n}")) throw new OrgValidationError(["loginPattern: must contain {n}"]);
    const start = input.start ?? 1;
    const now = this.clock.now();
    const passwordHash = input.password !== undefined ? hashSecret(input.password) : null;
    const status: UserStatus = input.status ?? "ACTIVE";
    const made: UserRecord[] = [];
    for (let n = start; n < start + input.count; n++) {
      const login = pattern.replaceAll("{n}", String(n));
      if (this.users.findByLogin(login))
        throw new OrgValidationError([`login: ${login}: An object with this field already exists in the current organization`]);
      const profile: Profile = { firstName: "User", lastName: String(n), ...input.profile, login, email: login };
      const domainCauses = realmDomainCauses(realm, login, login);
      if (domainCauses.length) throw new OrgValidationError(domainCauses);
      const user: UserRecord = {
        id: oktaId(ID_PREFIX.user),
        seq: this.users.allocateSeq(),
        status,
        created: now,
        activated: status === "ACTIVE" ? now : null,
        statusChanged: status === "ACTIVE" ? now : null,
        lastLogin: null,
        lastUpdated: now,
        passwordChanged: passwordHash ? now : null,
        profile,
        realmId: realm.id,
        passwordHash,
        recoveryQuestion: null,
        provider: { type: "OKTA", name: "OKTA" },
        superAdmin: false,
        version: 1,
      };
      this.users.add(user);
      made.push(user);
    }
    this.changed();
    return { created: made.length, firstId: made[0]?.id ?? null, lastId: made[made.length - 1]?.id ?? null };
  }

  private setStatus(user: UserRecord, status: UserStatus): void {
    const now = this.clock.now();
    user.status = status;
    user.statusChanged = now;
    this.touch(user, now);
  }

  private moveUser(user: UserRecord, realmId: string): void {
    const from = user.realmId;
    user.realmId = realmId;
    this.users.changeRealm(user, from);
  }

  private touch(user: UserRecord, now: number): void {
    user.lastUpdated = now;
    user.version++;
    this.changed();
  }

  // ---------------------------------------------------------------- realm assignments

  listAssignments(): AssignmentRecord[] {
    return [...this.assignments.values()].sort((a, b) => a.priority - b.priority || a.created - b.created);
  }

  getAssignment(id: string): AssignmentRecord {
    const a = this.assignments.get(id);
    if (!a) throw new OrgNotFoundError(`Resource not found: ${id} (RealmAssignment)`);
    return a;
  }

  createAssignment(input: AssignmentInput, isDefault = false): AssignmentRecord {
    const causes = this.assignmentCauses(input);
    if (this.assignments.size >= MAX_ASSIGNMENTS) causes.push(`The org already has the maximum of ${MAX_ASSIGNMENTS} realm assignments`);
    if (causes.length) throw new OrgValidationError(causes);
    const now = this.clock.now();
    const a: AssignmentRecord = {
      id: oktaId(ID_PREFIX.assignment),
      name: input.name,
      priority: input.priority,
      // New assignments start INACTIVE, like other Okta rules; activate them to have them run.
      status: isDefault ? "ACTIVE" : "INACTIVE",
      isDefault,
      created: now,
      lastUpdated: now,
      conditions: input.conditions,
      actions: input.actions,
    };
    this.assignments.set(a.id, a);
    this.changed();
    return a;
  }

  replaceAssignment(id: string, input: AssignmentInput): AssignmentRecord {
    const a = this.getAssignment(id);
    if (a.isDefault) throw new OrgValidationError(["The catch-all realm assignment can't be modified"]);
    const causes = this.assignmentCauses(input);
    if (causes.length) throw new OrgValidationError(causes);
    Object.assign(a, { name: input.name, priority: input.priority, conditions: input.conditions, actions: input.actions });
    a.lastUpdated = this.clock.now();
    this.changed();
    return a;
  }

  deleteAssignment(id: string): void {
    const a = this.getAssignment(id);
    if (a.isDefault) throw new OrgValidationError(["The catch-all realm assignment can't be deleted"]);
    this.assignments.delete(id);
    this.changed();
  }

  setAssignmentStatus(id: string, status: "ACTIVE" | "INACTIVE"): void {
    const a = this.getAssignment(id);
    if (a.isDefault && status === "INACTIVE") throw new OrgValidationError(["The catch-all realm assignment can't be deactivated"]);
    a.status = status;
    a.lastUpdated = this.clock.now();
    this.changed();
  }

  private assignmentCauses(input: AssignmentInput): string[] {
    const causes: string[] = [];
    if (!input.name.trim()) causes.push("name: The field cannot be left blank");
    if (!Number.isInteger(input.priority) || input.priority < 0 || input.priority >= CATCH_ALL_PRIORITY)
      causes.push(`priority: must be an integer from 0 to ${CATCH_ALL_PRIORITY - 1}`);
    if (!this.realms.has(input.actions.assignUserToRealm.realmId))
      causes.push(`actions.assignUserToRealm.realmId: The realm '${input.actions.assignUserToRealm.realmId}' does not exist`);
    if (input.conditions.profileSourceId !== undefined && input.conditions.profileSourceId !== this.profileSourceId)
      causes.push(`conditions.profileSourceId: Unknown profile source '${input.conditions.profileSourceId}'`);
    if (!compileAssignmentExpression(input.conditions.expression?.value))
      causes.push("conditions.expression.value: The expression is not supported by this org");
    return causes;
  }

  /** Starts an assignment run; users move when it completes on the sandbox clock. */
  executeAssignments(assignmentId: string): OperationRecord {
    let configuration: OperationRecord["configuration"] = null;
    let realm: RealmRecord | undefined;
    if (assignmentId !== "ALL") {
      const a = this.getAssignment(assignmentId);
      configuration = { id: a.id, name: a.name, conditions: a.conditions, actions: a.actions };
      realm = this.realms.get(a.actions.assignUserToRealm.realmId);
    }
    const now = this.clock.now();
    const op: OperationRecord = {
      id: oktaId(ID_PREFIX.operation),
      created: now,
      startsAt: now + this.operationTiming.startAfterMs,
      completesAt: now + this.operationTiming.completeAfterMs,
      assignmentId,
      configuration,
      realmId: realm?.id ?? null,
      realmName: realm?.profile.name ?? null,
      numUserMoved: null,
    };
    this.operations.push(op);
    this.changed();
    return op;
  }

  operationStatus(op: OperationRecord): "SCHEDULED" | "IN_PROGRESS" | "COMPLETED" {
    const now = this.clock.now();
    if (now >= op.completesAt) return "COMPLETED";
    return now >= op.startsAt ? "IN_PROGRESS" : "SCHEDULED";
  }

  /** Applies the moves of operations whose completion time has passed (lazily, in order). */
  settleOperations(): void {
    const now = this.clock.now();
    for (const op of this.operations) {
      if (op.numUserMoved !== null || now < op.completesAt) continue;
      op.numUserMoved = this.applyOperation(op);
      this.changed();
    }
  }

  private applyOperation(op: OperationRecord): number {
    const rules =
      op.assignmentId === "ALL"
        ? this.listAssignments().filter((a) => a.status === "ACTIVE")
        : op.configuration
          ? [op.configuration]
          : [];
    // The catch-all is evaluated last whatever its priority says.
    rules.sort((a, b) => Number("isDefault" in a && a.isDefault) - Number("isDefault" in b && b.isDefault));
    const compiled = rules.map((r) => ({
      realmId: r.actions.assignUserToRealm.realmId,
      test: compileAssignmentExpression(r.conditions.expression?.value) ?? (() => false),
    }));
    let moved = 0;
    for (const user of this.users.scanAfter(0)) {
      const hit = compiled.find((c) => c.test(user.profile));
      if (!hit || hit.realmId === user.realmId) continue;
      const target = this.realms.get(hit.realmId);
      // Allowed domains still apply on move-in: users outside them stay where they are.
      if (!target || realmDomainCauses(target, user.profile.login, user.profile.email).length) continue;
      this.moveUser(user, target.id);
      this.touch(user, op.completesAt);
      moved++;
    }
    return moved;
  }

  // ---------------------------------------------------------------- OAuth apps

  getApp(clientId: string): OAuthApp | undefined {
    return this.apps.get(clientId);
  }

  createApp(input: CreateAppInput): OAuthApp {
    const leeway = input.leeway ?? 30;
    if (!Number.isInteger(leeway) || leeway < 0 || leeway > 60)
      throw new OrgValidationError(["refresh_token.leeway: must be an integer from 0 to 60"]);
    const app: OAuthApp = {
      clientId: input.clientId ?? oktaId(ID_PREFIX.app),
      clientSecret: input.clientSecret ?? randomToken(40),
      name: input.name,
      redirectUris: input.redirectUris ?? [],
      grantedScopes: new Set(input.grantedScopes ?? []),
      refreshToken: { rotationType: input.rotationType ?? "STATIC", leeway },
      grantTypes: input.grantTypes ?? ["authorization_code"],
    };
    if (this.apps.has(app.clientId)) throw new OrgValidationError([`clientId: ${app.clientId} already exists`]);
    this.apps.set(app.clientId, app);
    this.changed();
    return app;
  }

  requireApp(clientId: string): OAuthApp {
    const app = this.apps.get(clientId);
    if (!app) throw new OrgNotFoundError(`Resource not found: ${clientId} (App)`);
    return app;
  }
}

export function toDirectoryUser(u: UserRecord): DirectoryUser {
  return {
    id: u.id,
    status: u.status,
    login: String(u.profile.login ?? ""),
    email: String(u.profile.email ?? ""),
    firstName: String(u.profile.firstName ?? ""),
    lastName: String(u.profile.lastName ?? ""),
  };
}
