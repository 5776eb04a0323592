// The org store's records. Timestamps are epoch ms from the sandbox clock; the Management API
// renders them as ISO strings.

export type RealmType = "PARTNER" | "DEFAULT";

export interface RealmProfile {
  name: string;
  realmType?: RealmType;
  domains?: string[];
}

export interface RealmRecord {
  id: string;
  created: number;
  lastUpdated: number;
  isDefault: boolean;
  profile: RealmProfile;
}

export type UserStatus =
  | "ACTIVE"
  | "DEPROVISIONED"
  | "LOCKED_OUT"
  | "PASSWORD_EXPIRED"
  | "PROVISIONED"
  | "RECOVERY"
  | "STAGED"
  | "SUSPENDED";

export type ProviderType = "ACTIVE_DIRECTORY" | "FEDERATION" | "IMPORT" | "LDAP" | "OKTA" | "SOCIAL";

export type ProfileValue = string | number | boolean | null | ProfileValue[];
export type Profile = Record<string, ProfileValue>;

export interface UserRecord {
  id: string;
  /** Creation order; the default listing and its `after` cursor follow it. */
  seq: number;
  status: UserStatus;
  created: number;
  activated: number | null;
  statusChanged: number | null;
  lastLogin: number | null;
  lastUpdated: number;
  passwordChanged: number | null;
  profile: Profile;
  realmId: string;
  passwordHash: string | null;
  recoveryQuestion: { question: string; answerHash: string } | null;
  provider: { type: ProviderType; name: string };
  /** Super admins may call the Management API with an OAuth token (others get E0000006). */
  superAdmin: boolean;
  /** Bumped on every change; feeds the ETag. */
  version: number;
}

export type AssignmentStatus = "ACTIVE" | "INACTIVE";

export interface AssignmentRecord {
  id: string;
  name: string;
  priority: number;
  status: AssignmentStatus;
  isDefault: boolean;
  created: number;
  lastUpdated: number;
  conditions: { profileSourceId?: string; expression?: { value: string } };
  actions: { assignUserToRealm: { realmId: string } };
}

export type OperationStatus = "SCHEDULED" | "IN_PROGRESS" | "COMPLETED" | "FAILED";

export interface OperationRecord {
  id: string;
  created: number;
  /** When the operation turns IN_PROGRESS and COMPLETED on the sandbox clock. */
  startsAt: number;
  completesAt: number;
  /** "ALL" or one assignment id. */
  assignmentId: string;
  /** Snapshot of the executed assignment (absent for ALL). */
  configuration: Pick<AssignmentRecord, "id" | "name" | "conditions" | "actions"> | null;
  realmId: string | null;
  realmName: string | null;
  /** Set once the moves have been applied (at completion). */
  numUserMoved: number | null;
}
