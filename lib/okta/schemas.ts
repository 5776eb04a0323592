// Response shapes, checked on every call. Loose objects: Okta adds fields (and _links/_embedded) over
// time, and those must not break a screen. Strict on the fields the app reads: a response missing
// one is reported as an unexpected answer rather than rendering "undefined".
import { z } from "zod";

const timestamp = z.iso.datetime({ offset: true });
const nullableTimestamp = timestamp.nullable().optional();

/** Known values are listed for callers; unknown future values still parse. */
export const REALM_TYPES = ["PARTNER", "DEFAULT"] as const;
export const USER_STATUSES = [
  "ACTIVE",
  "DEPROVISIONED",
  "LOCKED_OUT",
  "PASSWORD_EXPIRED",
  "PROVISIONED",
  "RECOVERY",
  "STAGED",
  "SUSPENDED",
] as const;

export const realmProfileSchema = z.looseObject({
  name: z.string(),
  realmType: z.string().optional(),
  domains: z.array(z.string()).optional(),
});

export const realmSchema = z.looseObject({
  id: z.string().min(1),
  created: timestamp,
  lastUpdated: timestamp,
  isDefault: z.boolean(),
  profile: realmProfileSchema,
});
export type OktaRealm = z.infer<typeof realmSchema>;

export const realmAssignmentSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  priority: z.number().int(),
  status: z.string(),
  isDefault: z.boolean(),
  created: timestamp,
  lastUpdated: timestamp,
  conditions: z
    .looseObject({
      profileSourceId: z.string().optional(),
      expression: z.looseObject({ value: z.string().optional() }).optional(),
    })
    .optional(),
  actions: z.looseObject({
    assignUserToRealm: z.looseObject({ realmId: z.string() }).optional(),
  }),
  domains: z.array(z.string()).optional(),
});
export type OktaRealmAssignment = z.infer<typeof realmAssignmentSchema>;

export const realmAssignmentOperationSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string(),
  status: z.string(),
  created: timestamp,
  started: nullableTimestamp,
  completed: nullableTimestamp,
  realmId: z.string().nullable().optional(),
  realmName: z.string().nullable().optional(),
  numUserMoved: z.number().nullable().optional(),
  assignmentOperation: z
    .looseObject({
      configuration: z
        .looseObject({ id: z.string().optional(), name: z.string().optional() })
        .nullable()
        .optional(),
    })
    .nullable()
    .optional(),
});
export type OktaRealmAssignmentOperation = z.infer<typeof realmAssignmentOperationSchema>;

export const userProfileSchema = z.looseObject({
  login: z.string(),
  email: z.string().nullable().optional(),
  firstName: z.string().nullable().optional(),
  lastName: z.string().nullable().optional(),
});

export const userSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  created: timestamp,
  activated: nullableTimestamp,
  statusChanged: nullableTimestamp,
  lastLogin: nullableTimestamp,
  lastUpdated: timestamp,
  passwordChanged: nullableTimestamp,
  /** Present on realm-aware orgs; absent elsewhere. */
  realmId: z.string().optional(),
  profile: userProfileSchema,
  credentials: z
    .looseObject({
      provider: z.looseObject({ type: z.string().optional(), name: z.string().optional() }).optional(),
    })
    .optional(),
  type: z.looseObject({ id: z.string().optional() }).optional(),
});
export type OktaUser = z.infer<typeof userSchema>;

export const userSchemaAttributeSchema = z.looseObject({
  title: z.string().optional(),
  description: z.string().nullable().optional(),
  type: z.string().optional(),
  format: z.string().nullable().optional(),
  required: z.boolean().nullable().optional(),
  enum: z.array(z.unknown()).nullable().optional(),
  oneOf: z.array(z.looseObject({ const: z.unknown(), title: z.string().optional() })).nullable().optional(),
  minLength: z.number().nullable().optional(),
  maxLength: z.number().nullable().optional(),
  pattern: z.string().nullable().optional(),
  mutability: z.string().optional(),
});
export type OktaUserSchemaAttribute = z.infer<typeof userSchemaAttributeSchema>;

const schemaDefinition = z.looseObject({
  id: z.string().optional(),
  properties: z.record(z.string(), userSchemaAttributeSchema).default({}),
  required: z.array(z.string()).default([]),
});

export const userSchemaSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  title: z.string().optional(),
  definitions: z.looseObject({
    base: schemaDefinition,
    custom: schemaDefinition.optional(),
  }),
});
export type OktaUserSchema = z.infer<typeof userSchemaSchema>;
