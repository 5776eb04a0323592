import { z } from "zod";
import { applyCustomSchema } from "../org/custom-schema";
import { ATTRIBUTE_TYPES, type SchemaAttribute } from "../org/user-schema";
import { OktaError } from "../http/okta-error";
import { jsonBody, type ApiContext, type Route } from "./api";
import { orgCall } from "./errors-map";
import { userSchemaJson } from "./serialize";
import { parseOrReject } from "./zod-causes";

// /api/v1/meta/schemas/user/{schemaId} (spec: Schema tag). `default` and the schema's own id work.

export const SchemaAttributeBody = z.object({
  title: z.string().min(1),
  type: z.enum(ATTRIBUTE_TYPES as [SchemaAttribute["type"], ...SchemaAttribute["type"][]]),
  description: z.string().optional(),
  format: z.enum(["country-code", "date-time", "email", "encrypted", "hashed", "language-code", "locale", "ref-id", "timezone", "uri"]).optional(),
  required: z.boolean().optional(),
  minLength: z.number().int().min(0).optional(),
  maxLength: z.number().int().min(1).optional(),
  enum: z.array(z.union([z.string(), z.number()])).optional(),
  pattern: z.string().optional(),
  unique: z.boolean().optional(),
  items: z.object({ type: z.enum(ATTRIBUTE_TYPES as [SchemaAttribute["type"], ...SchemaAttribute["type"][]]) }).optional(),
  mutability: z.enum(["IMMUTABLE", "READ_ONLY", "READ_WRITE", "WRITE_ONLY"]).optional(),
  scope: z.enum(["NONE", "SELF"]).optional(),
  permissions: z.array(z.object({ principal: z.string(), action: z.string() })).optional(),
});

const UpdateSchemaBody = z.object({
  definitions: z
    .object({ custom: z.object({ properties: z.record(z.string(), SchemaAttributeBody.nullable()) }).optional() })
    .optional(),
});

function requireSchema(ctx: ApiContext): void {
  const id = ctx.params.schemaId ?? "";
  if (id !== "default" && id !== ctx.store.schemaMeta.id) throw new OktaError("E0000007", `Resource not found: ${id} (Schema)`);
}

export const schemaRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/api/v1/meta/schemas/user/:schemaId",
    operationId: "getUserSchema",
    scope: "okta.schemas.read",
    handle: (ctx) => {
      requireSchema(ctx);
      return { status: 200, body: userSchemaJson(ctx.orgUrl, ctx.store) };
    },
  },
  {
    method: "POST",
    pattern: "/api/v1/meta/schemas/user/:schemaId",
    operationId: "updateUserProfile",
    scope: "okta.schemas.manage",
    handle: (ctx) => {
      requireSchema(ctx);
      const body = parseOrReject(UpdateSchemaBody, jsonBody(ctx), "schema");
      const changes = body.definitions?.custom?.properties ?? {};
      orgCall(() => applyCustomSchema(ctx.store, changes), "schema");
      return { status: 200, body: userSchemaJson(ctx.orgUrl, ctx.store) };
    },
  },
];
