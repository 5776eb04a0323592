// Every Management API call the app makes, in one table. Paths use the official spec's templates
// (and parameter names) so scopes.ts can look each one up in spec/okta-scopes.json verbatim.

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** What a 404 means to an admin, per operation. */
export type OktaResource = "realm" | "realm assignment" | "realm assignment operation" | "user" | "user schema";

export type OperationSpec = {
  method: HttpMethod;
  path: string;
  resource: OktaResource;
  /**
   * Whether repeating the request can't do anything twice, so a 5xx or timeout may be retried.
   * GET and Okta's PUT (full replace) are; DELETE of a realm or assignment is too (a repeat finds
   * nothing to delete). POST never is: a create or a partial update might already have happened.
   */
  idempotent: boolean;
};

export const OKTA_OPERATIONS = {
  listRealms: { method: "GET", path: "/api/v1/realms", resource: "realm", idempotent: true },
  createRealm: { method: "POST", path: "/api/v1/realms", resource: "realm", idempotent: false },
  getRealm: { method: "GET", path: "/api/v1/realms/{realmId}", resource: "realm", idempotent: true },
  replaceRealm: { method: "PUT", path: "/api/v1/realms/{realmId}", resource: "realm", idempotent: true },
  deleteRealm: { method: "DELETE", path: "/api/v1/realms/{realmId}", resource: "realm", idempotent: true },

  listRealmAssignments: { method: "GET", path: "/api/v1/realm-assignments", resource: "realm assignment", idempotent: true },
  createRealmAssignment: { method: "POST", path: "/api/v1/realm-assignments", resource: "realm assignment", idempotent: false },
  getRealmAssignment: {
    method: "GET",
    path: "/api/v1/realm-assignments/{assignmentId}",
    resource: "realm assignment",
    idempotent: true,
  },
  replaceRealmAssignment: {
    method: "PUT",
    path: "/api/v1/realm-assignments/{assignmentId}",
    resource: "realm assignment",
    idempotent: true,
  },
  deleteRealmAssignment: {
    method: "DELETE",
    path: "/api/v1/realm-assignments/{assignmentId}",
    resource: "realm assignment",
    idempotent: true,
  },
  activateRealmAssignment: {
    method: "POST",
    path: "/api/v1/realm-assignments/{assignmentId}/lifecycle/activate",
    resource: "realm assignment",
    idempotent: false,
  },
  deactivateRealmAssignment: {
    method: "POST",
    path: "/api/v1/realm-assignments/{assignmentId}/lifecycle/deactivate",
    resource: "realm assignment",
    idempotent: false,
  },
  executeRealmAssignment: {
    method: "POST",
    path: "/api/v1/realm-assignments/operations",
    resource: "realm assignment",
    idempotent: false,
  },
  listRealmAssignmentOperations: {
    method: "GET",
    path: "/api/v1/realm-assignments/operations",
    resource: "realm assignment operation",
    idempotent: true,
  },

  createUser: { method: "POST", path: "/api/v1/users", resource: "user", idempotent: false },
  getUser: { method: "GET", path: "/api/v1/users/{id}", resource: "user", idempotent: true },
  listUsers: { method: "GET", path: "/api/v1/users", resource: "user", idempotent: true },
  updateUser: { method: "POST", path: "/api/v1/users/{id}", resource: "user", idempotent: false },

  getUserSchema: { method: "GET", path: "/api/v1/meta/schemas/user/{schemaId}", resource: "user schema", idempotent: true },
} as const satisfies Record<string, OperationSpec>;

export type OktaOperation = keyof typeof OKTA_OPERATIONS;

export const OKTA_OPERATION_NAMES = Object.keys(OKTA_OPERATIONS) as OktaOperation[];

/** Fills `{param}` placeholders, encoding each value so an id can't add path segments or a query. */
export function buildPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === "") throw new TypeError(`missing path parameter ${name}`);
    // encodeURIComponent leaves "." alone, and URL parsing would resolve ".." to the parent path.
    if (value === "." || value === "..") throw new TypeError(`invalid path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
