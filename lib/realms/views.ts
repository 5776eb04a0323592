// Plain, serializable shapes of Okta objects for pages and client components. Pure.
import type { OktaRealm, OktaRealmAssignment, OktaRealmAssignmentOperation, OktaUser } from "@/lib/okta/schemas";

export type RealmView = {
  id: string;
  name: string;
  realmType: string | null;
  domains: string[];
  isDefault: boolean;
  created: string;
  lastUpdated: string;
};

export function toRealmView(r: OktaRealm): RealmView {
  return {
    id: r.id,
    name: r.profile.name,
    realmType: r.profile.realmType ?? null,
    domains: r.profile.domains ?? [],
    isDefault: r.isDefault,
    created: r.created,
    lastUpdated: r.lastUpdated,
  };
}

export type UserView = {
  id: string;
  login: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  status: string;
  created: string;
  lastLogin: string | null;
  realmId: string | null;
};

export function toUserView(u: OktaUser): UserView {
  return {
    id: u.id,
    login: u.profile.login,
    email: u.profile.email ?? null,
    firstName: u.profile.firstName ?? null,
    lastName: u.profile.lastName ?? null,
    status: u.status,
    created: u.created,
    lastLogin: u.lastLogin ?? null,
    realmId: u.realmId ?? null,
  };
}

export const displayName = (u: Pick<UserView, "firstName" | "lastName">): string => [u.firstName, u.lastName].filter(Boolean).join(" ");

export type AssignmentView = {
  id: string;
  name: string;
  priority: number;
  status: string;
  isDefault: boolean;
  profileSourceId: string | null;
  expression: string | null;
  targetRealmId: string | null;
  created: string;
  lastUpdated: string;
};

export function toAssignmentView(a: OktaRealmAssignment): AssignmentView {
  return {
    id: a.id,
    name: a.name,
    priority: a.priority,
    status: a.status,
    isDefault: a.isDefault,
    profileSourceId: a.conditions?.profileSourceId ?? null,
    expression: a.conditions?.expression?.value ?? null,
    targetRealmId: a.actions.assignUserToRealm?.realmId ?? null,
    created: a.created,
    lastUpdated: a.lastUpdated,
  };
}

/** Every profile source the org's assignments use (the assignment form offers these), in first-seen order. */
export function profileSourcesOf(assignments: AssignmentView[]): string[] {
  return [...new Set(assignments.map((a) => a.profileSourceId).filter((s): s is string => s !== null))];
}

/** The assignments that place users in one realm, plus the profile sources in use across the org. */
export type RealmAssignmentsView = { assignments: AssignmentView[]; profileSources: string[] };

export type OperationView = {
  id: string;
  status: string;
  created: string;
  started: string | null;
  completed: string | null;
  realmName: string | null;
  assignmentName: string | null;
  numUserMoved: number | null;
};

export function toOperationView(o: OktaRealmAssignmentOperation): OperationView {
  return {
    id: o.id,
    status: o.status,
    created: o.created,
    started: o.started ?? null,
    completed: o.completed ?? null,
    realmName: o.realmName ?? null,
    assignmentName: o.assignmentOperation?.configuration?.name ?? null,
    numUserMoved: o.numUserMoved ?? null,
  };
}

/** Okta says an operation is over (completed or failed); anything else is still running. */
export const isOperationFinished = (status: string): boolean => status === "COMPLETED" || status === "FAILED";
