// The typed Management API client: the only code in the app that talks to Okta. One instance per
// connection (its origin and token source); every method maps to one row of operations.ts.
import type { z } from "zod";
import { OktaInvalidSearchError } from "./errors";
import { OKTA_OPERATIONS, type OktaOperation, buildPath } from "./operations";
import { type OktaList, createList } from "./paginate";
import { parseJsonResponse } from "./parse-response";
import {
  type OktaRealm,
  type OktaRealmAssignment,
  type OktaRealmAssignmentOperation,
  type OktaUser,
  type OktaUserSchema,
  realmAssignmentOperationSchema,
  realmAssignmentSchema,
  realmSchema,
  userSchema,
  userSchemaSchema,
} from "./schemas";
import { realmUsersSearch } from "./search";
import { type Transport, type TransportOptions, createTransport } from "./transport";

export type OktaClientOptions = TransportOptions;

/** Per-call options. */
export type CallOptions = { signal?: AbortSignal };

export type RealmProfileInput = {
  name: string;
  realmType?: "PARTNER" | "DEFAULT";
  /** Allowed domains: users' username and email must belong to one. Not allowed on the default realm. */
  domains?: string[];
};

export type ListRealmsParams = {
  /** Realms API search, e.g. `profile.name co "Car"` (see search.ts). Okta's page size drops to 10 with search. */
  search?: string;
  sortBy?: string;
  sortOrder?: "asc" | "desc";
  limit?: number;
  /** Resume from a cursor Okta handed out earlier; later pages always come from Link rel="next". */
  after?: string;
};

export type RealmAssignmentInput = {
  name: string;
  /** Lower number = evaluated first. */
  priority: number;
  conditions: { profileSourceId: string; expression?: { value: string } };
  actions: { assignUserToRealm: { realmId: string } };
};

export type PageParams = { limit?: number; after?: string };

export type ProviderType = "ACTIVE_DIRECTORY" | "FEDERATION" | "IMPORT" | "LDAP" | "OKTA" | "SOCIAL";

export type UserProfileInput = {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  [attribute: string]: string | number | boolean | null | string[] | number[];
};

/** The Create Realm User card's options: none, password, recovery question, both, or an authentication provider. */
export type UserCredentialsInput = {
  password?: string;
  recoveryQuestion?: { question: string; answer: string };
  provider?: { type: ProviderType; name?: string };
};

export type CreateUserInput = {
  profile: UserProfileInput;
  credentials?: UserCredentialsInput;
  /** Default true (Okta's default): the user is activated and, without a password, gets an activation email. */
  activate?: boolean;
  realmId?: string;
  groupIds?: string[];
  /** Only with activate: force a password change at first sign-in. */
  nextLogin?: "changePassword";
};

export type ListUsersParams = {
  /** Okta search expression, e.g. realmUsersSearch(realmId) or `profile.lastName sw "Sm"`. */
  search?: string;
  /** Okta filter expression (eq only); can't be combined with search. */
  filter?: string;
  limit?: number;
  after?: string;
  sortBy?: string;
  sortOrder?: "asc" | "desc";
};

export type UpdateUserInput = {
  /** Partial: only the attributes given change. */
  profile?: Partial<UserProfileInput>;
  /** Moves the user to this realm. */
  realmId?: string;
  credentials?: UserCredentialsInput;
};

type Query = Record<string, string | number | boolean | undefined>;

function credentialsBody(c: UserCredentialsInput): Record<string, unknown> {
  return {
    ...(c.password === undefined ? {} : { password: { value: c.password } }),
    ...(c.recoveryQuestion === undefined ? {} : { recovery_question: { ...c.recoveryQuestion } }),
    ...(c.provider === undefined ? {} : { provider: { ...c.provider } }),
  };
}

export type OktaClient = ReturnType<typeof createOktaClient>;

export function createOktaClient(options: OktaClientOptions) {
  const transport: Transport = createTransport(options);
  const origin = transport.origin;

  function url(operation: OktaOperation, params: Record<string, string> = {}, query: Query = {}): string {
    const path = buildPath(OKTA_OPERATIONS[operation].path, params);
    // encodeURIComponent rather than URLSearchParams: Okta's examples use %20 in search expressions,
    // and "+" as a space is a form-encoding convention not every server applies to query strings.
    const qs = Object.entries(query)
      .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join("&");
    return `${origin}${path}${qs ? `?${qs}` : ""}`;
  }

  async function call<S extends z.ZodType>(
    operation: OktaOperation,
    target: string,
    schema: S,
    body: unknown,
    opts: CallOptions | undefined,
  ): Promise<z.output<S>> {
    const response = await transport.send({ operation, url: target, body, signal: opts?.signal });
    return parseJsonResponse(response, schema, operation);
  }

  async function callNoContent(operation: OktaOperation, target: string, opts: CallOptions | undefined): Promise<void> {
    await transport.send({ operation, url: target, signal: opts?.signal });
  }

  const realms = {
    list(params: ListRealmsParams = {}): OktaList<OktaRealm> {
      return createList(transport, "listRealms", url("listRealms", {}, { ...params }), realmSchema);
    },
    create(profile: RealmProfileInput, opts?: CallOptions): Promise<OktaRealm> {
      return call("createRealm", url("createRealm"), realmSchema, { profile }, opts);
    },
    get(realmId: string, opts?: CallOptions): Promise<OktaRealm> {
      return call("getRealm", url("getRealm", { realmId }), realmSchema, undefined, opts);
    },
    /** PUT: replaces the whole profile (fields left out are removed). */
    replace(realmId: string, profile: RealmProfileInput, opts?: CallOptions): Promise<OktaRealm> {
      return call("replaceRealm", url("replaceRealm", { realmId }), realmSchema, { profile }, opts);
    },
    /** Permanent; Okta refuses while users or other objects still belong to the realm. */
    delete(realmId: string, opts?: CallOptions): Promise<void> {
      return callNoContent("deleteRealm", url("deleteRealm", { realmId }), opts);
    },
  };

  const realmAssignments = {
    list(params: PageParams = {}): OktaList<OktaRealmAssignment> {
      return createList(transport, "listRealmAssignments", url("listRealmAssignments", {}, { ...params }), realmAssignmentSchema);
    },
    create(input: RealmAssignmentInput, opts?: CallOptions): Promise<OktaRealmAssignment> {
      return call("createRealmAssignment", url("createRealmAssignment"), realmAssignmentSchema, input, opts);
    },
    get(assignmentId: string, opts?: CallOptions): Promise<OktaRealmAssignment> {
      return call("getRealmAssignment", url("getRealmAssignment", { assignmentId }), realmAssignmentSchema, undefined, opts);
    },
    replace(assignmentId: string, input: RealmAssignmentInput, opts?: CallOptions): Promise<OktaRealmAssignment> {
      return call("replaceRealmAssignment", url("replaceRealmAssignment", { assignmentId }), realmAssignmentSchema, input, opts);
    },
    delete(assignmentId: string, opts?: CallOptions): Promise<void> {
      return callNoContent("deleteRealmAssignment", url("deleteRealmAssignment", { assignmentId }), opts);
    },
    activate(assignmentId: string, opts?: CallOptions): Promise<void> {
      return callNoContent("activateRealmAssignment", url("activateRealmAssignment", { assignmentId }), opts);
    },
    deactivate(assignmentId: string, opts?: CallOptions): Promise<void> {
      return callNoContent("deactivateRealmAssignment", url("deactivateRealmAssignment", { assignmentId }), opts);
    },
    /** Runs one assignment, or every active one with "ALL"; returns the (usually SCHEDULED) operation. */
    execute(assignmentId: string, opts?: CallOptions): Promise<OktaRealmAssignmentOperation> {
      return call("executeRealmAssignment", url("executeRealmAssignment"), realmAssignmentOperationSchema, { assignmentId }, opts);
    },
    /** Newest first; Okta keeps at most 200. */
    listOperations(params: PageParams = {}): OktaList<OktaRealmAssignmentOperation> {
      return createList(
        transport,
        "listRealmAssignmentOperations",
        url("listRealmAssignmentOperations", {}, { ...params }),
        realmAssignmentOperationSchema,
      );
    },
  };

  const users = {
    create(input: CreateUserInput, opts?: CallOptions): Promise<OktaUser> {
      const credentials = input.credentials === undefined ? undefined : credentialsBody(input.credentials);
      const body = {
        profile: input.profile,
        ...(credentials === undefined || Object.keys(credentials).length === 0 ? {} : { credentials }),
        ...(input.realmId === undefined ? {} : { realmId: input.realmId }),
        ...(input.groupIds === undefined ? {} : { groupIds: input.groupIds }),
      };
      const query: Query = {
        activate: input.activate ?? true,
        // Okta only honours credentials.provider when the request says so.
        provider: input.credentials?.provider === undefined ? undefined : true,
        nextLogin: input.nextLogin,
      };
      return call("createUser", url("createUser", {}, query), userSchema, body, opts);
    },
    /** By id or login. */
    get(idOrLogin: string, opts?: CallOptions): Promise<OktaUser> {
      return call("getUser", url("getUser", { id: idOrLogin }), userSchema, undefined, opts);
    },
    list(params: ListUsersParams = {}): OktaList<OktaUser> {
      if (params.search !== undefined && params.filter !== undefined) {
        // Okta answers E0000033; refusing here saves a call and an audit line for a request that can't work.
        throw new OktaInvalidSearchError({ operation: "listUsers", oktaErrorCode: "E0000033" });
      }
      return createList(transport, "listUsers", url("listUsers", {}, { ...params }), userSchema);
    },
    /** The List Realm Users card: users whose realmId is this realm (search `realmId eq "…"`). */
    listInRealm(realmId: string, params: Omit<ListUsersParams, "search" | "filter"> = {}): OktaList<OktaUser> {
      return users.list({ ...params, search: realmUsersSearch(realmId) });
    },
    /** Partial update (POST): only what's given changes. */
    update(userId: string, input: UpdateUserInput, opts?: CallOptions): Promise<OktaUser> {
      const body = {
        ...(input.profile === undefined ? {} : { profile: input.profile }),
        ...(input.realmId === undefined ? {} : { realmId: input.realmId }),
        ...(input.credentials === undefined ? {} : { credentials: credentialsBody(input.credentials) }),
      };
      return call("updateUser", url("updateUser", { id: userId }), userSchema, body, opts);
    },
    /** The Update Realm for User card. */
    moveToRealm(userId: string, realmId: string, opts?: CallOptions): Promise<OktaUser> {
      return users.update(userId, { realmId }, opts);
    },
  };

  const schemas = {
    /** The default user type's schema: base and custom attributes (see requiredProfileAttributes). */
    getUserSchema(opts?: CallOptions): Promise<OktaUserSchema> {
      return call("getUserSchema", url("getUserSchema", { schemaId: "default" }), userSchemaSchema, undefined, opts);
    },
  };

  return { origin, realms, realmAssignments, users, schemas };
}
