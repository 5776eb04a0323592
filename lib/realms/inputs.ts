// Input schemas of the realm actions and routes, shared with the forms. Every value may arrive as a
// FormData string, so numbers and booleans are coerced and domain lists are split here. Pure.
import { z } from "zod";
import { REALM_TYPES } from "@/lib/okta/schemas";
import { multiLine, singleLine } from "@/lib/validation/text";
import { domainProblems, splitDomains } from "./domains";

export const connectionId = singleLine(z.string().trim().min(1, "Choose a connection").max(100));
const oktaId = (what: string) => singleLine(z.string().trim().min(1, `Enter the ${what}`).max(200));

export const realmName = singleLine(z.string().trim().min(1, "Enter a name").max(255, "Use at most 255 characters"));
export const realmType = z.enum(REALM_TYPES, { error: "Choose Default or Partner" });

export const domainList = z.preprocess(splitDomains, z.array(singleLine(z.string().max(255, "Use at most 255 characters per domain")))).superRefine((domains, ctx) => {
  for (const problem of domainProblems(domains)) ctx.addIssue({ code: "custom", message: problem });
});

export const createRealmInput = z.object({
  connectionId,
  name: realmName,
  realmType: realmType.default("DEFAULT"),
  domains: domainList.optional(),
});

/** Fields left out keep their current value (the update sends the whole profile either way). */
export const updateRealmInput = z.object({
  connectionId,
  realmId: oktaId("realm id"),
  name: realmName.optional(),
  realmType: realmType.optional(),
  domains: domainList.optional(),
});

export const deleteRealmInput = z.object({ connectionId, realmId: oktaId("realm id"), confirmName: singleLine(z.string().max(300)) });

export const findUserInput = z.object({ connectionId, query: singleLine(z.string().trim().min(1, "Enter a login, email or user id").max(320)) });

/** The user picker's query: the start of a login or email (Okta's `sw`), two characters at least. */
export const suggestUsersInput = z.object({ connectionId, prefix: singleLine(z.string().trim().min(2, "Type at least two characters").max(100)) });

export const moveUserInput = z.object({ connectionId, userId: oktaId("user id"), realmId: oktaId("target realm") });

/** Record limit: empty = every record, 0 = no limit (as the connector's cards), otherwise a cap. */
export const recordLimit = z.preprocess(
  (v) => (v === "" || v === null || v === undefined ? undefined : v),
  z.coerce.number().int("Use a whole number").min(0, "Use 0 or more").max(500_000, "Use at most 500000").optional(),
);

export function maxRecordsOf(limit: number | undefined): number | undefined {
  return limit === undefined || limit === 0 ? undefined : limit;
}

export const RESULT_SETS = ["first", "first200", "all"] as const;
export type ResultSet = (typeof RESULT_SETS)[number];

export const searchRealmsQuery = z.object({
  connectionId,
  name: singleLine(z.string().trim().max(255)).optional(),
  sortOrder: z.enum(["asc", "desc"]).default("asc"),
  resultSet: z.enum(RESULT_SETS).default("first200"),
});

export const realmUsersQuery = z.object({
  connectionId,
  realmId: oktaId("realm id"),
  resultSet: z.enum(["first200", "all"]).default("first200"),
  limit: recordLimit,
  sortBy: z.enum(["profile.login", "profile.lastName", "created", "lastLogin", "status"]).optional(),
  sortOrder: z.enum(["asc", "desc"]).default("asc"),
});

export const exportUsersQuery = z.object({ connectionId, realmId: oktaId("realm id"), limit: recordLimit });

const flag = z.preprocess((v) => (typeof v === "string" ? v === "true" || v === "on" || v === "1" : v), z.boolean());

export const CREDENTIAL_OPTIONS = ["none", "password", "recovery", "password_recovery"] as const;
export type CredentialOption = (typeof CREDENTIAL_OPTIONS)[number];

/** The fixed part of Create Realm User; profile attributes come as `profile.<name>` and are checked against the org's schema. */
export const createRealmUserInput = z
  .looseObject({
    connectionId,
    realmId: oktaId("realm id"),
    credentialOption: z.enum(CREDENTIAL_OPTIONS).default("none"),
    password: singleLine(z.string().max(256)).optional(),
    recoveryQuestion: singleLine(z.string().trim().max(256)).optional(),
    recoveryAnswer: singleLine(z.string().max(256)).optional(),
    activate: flag.default(false),
  })
  .superRefine((v, ctx) => {
    const needsPassword = v.credentialOption === "password" || v.credentialOption === "password_recovery";
    const needsRecovery = v.credentialOption === "recovery" || v.credentialOption === "password_recovery";
    if (needsPassword && !v.password) ctx.addIssue({ code: "custom", path: ["password"], message: "Enter a password" });
    if (needsRecovery && !v.recoveryQuestion) ctx.addIssue({ code: "custom", path: ["recoveryQuestion"], message: "Enter a recovery question" });
    if (needsRecovery && (!v.recoveryAnswer || v.recoveryAnswer.trim().length < 4)) {
      ctx.addIssue({ code: "custom", path: ["recoveryAnswer"], message: "Enter an answer of at least 4 characters" });
    }
  });

export const realmAssignmentsInput = z.object({ connectionId, realmId: oktaId("realm id") });
export const assignmentIdInput = z.object({ connectionId, assignmentId: oktaId("assignment id") });

const assignmentFields = {
  connectionId,
  name: singleLine(z.string().trim().min(1, "Enter a name").max(255)),
  priority: z.coerce.number({ error: "Enter a number" }).int("Use a whole number").min(0, "Use 0 or more").max(498, "Use at most 498 (499 is the catch-all)"),
  profileSourceId: singleLine(z.string().trim().min(1, "Choose a profile source").max(200)),
  expression: multiLine(z.string().trim().max(2000)).optional(),
  targetRealmId: oktaId("target realm"),
};

export const createAssignmentInput = z.object(assignmentFields);
export const updateAssignmentInput = z.object({ ...assignmentFields, assignmentId: oktaId("assignment id") });

export const executeAssignmentInput = z.object({ connectionId, assignmentId: singleLine(z.string().trim().min(1).max(200)) });
export const operationStatusInput = z.object({ connectionId, operationId: oktaId("operation id") });
