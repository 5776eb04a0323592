// Conformance checks against the trimmed copies of Okta's official OpenAPI specs (spec/*.json, produced by
// scripts/trim-openapi.ts). Routing and ajv compilation come from openapi-backend; this module adds what it leaves
// out: undocumented statuses, bodies on no-content responses, media types, required headers, Okta's
// discriminator-without-oneOf polymorphism and the readOnly/writeOnly direction rules.
import { type ErrorObject } from "ajv";
import addFormats from "ajv-formats";
import { type Document, type Operation, OpenAPIRouter, OpenAPIValidator } from "openapi-backend";
import managementSpec from "../../spec/okta-management.json";
import oauthSpec from "../../spec/okta-oauth.json";
import scopeTable from "../../spec/okta-scopes.json";

export type Violation = { where: string; message: string };
export type SpecName = "management" | "oauth";

type Json = null | boolean | number | string | Json[] | JsonObject;
type JsonObject = { [key: string]: Json };
type Direction = "request" | "response";

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

function pointer(root: JsonObject, ref: string): Json | undefined {
  let node: Json | undefined = root;
  for (const raw of ref.replace(/^#\//, "").split("/")) {
    node = isObject(node) ? node[raw.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  }
  return node;
}

/** Visits every schema object (not data such as enum/default) so property names are never mistaken for keywords. */
function eachSchema(doc: JsonObject, fn: (schema: JsonObject) => void): void {
  const visitSchema = (s: Json | undefined): void => {
    if (!isObject(s)) return;
    fn(s);
    if (isObject(s.properties)) Object.values(s.properties).forEach(visitSchema);
    for (const k of ["items", "additionalProperties", "not", "then", "else", "if"]) visitSchema(s[k]);
    for (const k of ["allOf", "oneOf", "anyOf"]) {
      const list = s[k];
      if (Array.isArray(list)) list.forEach(visitSchema);
    }
  };
  const visitContent = (c: Json | undefined): void => {
    if (isObject(c)) for (const media of Object.values(c)) if (isObject(media)) visitSchema(media.schema);
  };
  const visitWithSchema = (p: Json): void => {
    if (!isObject(p)) return;
    visitSchema(p.schema);
    visitContent(p.content);
  };
  const visitResponse = (r: Json): void => {
    if (!isObject(r)) return;
    visitContent(r.content);
    if (isObject(r.headers)) Object.values(r.headers).forEach(visitWithSchema);
  };
  const components = isObject(doc.components) ? doc.components : {};
  const group = (name: string): Json[] => (isObject(components[name]) ? Object.values(components[name]) : []);
  group("schemas").forEach(visitSchema);
  group("parameters").forEach(visitWithSchema);
  group("headers").forEach(visitWithSchema);
  group("responses").forEach(visitResponse);
  group("requestBodies").forEach(visitWithSchema);
  for (const item of Object.values(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    for (const op of [item, ...Object.values(item)]) {
      if (!isObject(op)) continue;
      if (Array.isArray(op.parameters)) op.parameters.forEach(visitWithSchema);
      visitWithSchema(op.requestBody ?? null);
      if (isObject(op.responses)) Object.values(op.responses).forEach(visitResponse);
    }
  }
}

const resolve = (root: JsonObject, s: Json | undefined): Json | undefined =>
  isObject(s) && typeof s.$ref === "string" ? resolve(root, pointer(root, s.$ref)) : s;

/** Okta models polymorphism as a base schema with `discriminator.mapping` and no `oneOf` (e.g. TokenRequestOrgAs by
 * `grant_type`). Plain JSON Schema, ajv's own `discriminator` option (which requires `oneOf`) and openapi-backend
 * would all check only the base, so a token request without `code` would pass. Each mapping entry becomes an
 * if/then: the subtype must validate when the property has that value. */
function expandDiscriminators(root: JsonObject, s: JsonObject): void {
  const d = s.discriminator;
  if (!isObject(d) || !isObject(d.mapping) || typeof d.propertyName !== "string" || s.oneOf || s.anyOf) return;
  const prop = d.propertyName;
  const propSchema = resolve(root, isObject(s.properties) ? s.properties[prop] : undefined);
  const legal = isObject(propSchema) && Array.isArray(propSchema.enum) ? propSchema.enum : undefined;
  const branches: Json[] = [];
  for (const [value, target] of Object.entries(d.mapping)) {
    if (typeof target !== "string") continue;
    // Spec quirk: JsonWebKey maps `kty` values "enc"/"sig" (which are `use` values) while `kty` is enum [EC, RSA],
    // and the mapped JsonWebKeyRsa/EC recurse through JsonSigningWebKey's oneOf back into themselves. A mapping key
    // the property can never hold is unreachable, so it's skipped rather than compiled into an endless recursion.
    if (legal && !legal.includes(value)) continue;
    const ref = target.startsWith("#") ? target : `#/components/schemas/${target}`;
    branches.push({ if: { properties: { [prop]: { const: value } }, required: [prop] }, then: { $ref: ref } });
  }
  if (branches.length > 0) s.allOf = [...(Array.isArray(s.allOf) ? s.allOf : []), ...branches];
}

/** OpenAPI 3.0: a required readOnly property is required only in responses, a required writeOnly one only in
 * requests; a writeOnly property (PasswordCredential.value, RecoveryQuestionCredential.answer) must never be
 * returned, so in responses it becomes the `false` schema. readOnly properties in requests are tolerated, not
 * rejected: the spec says clients SHOULD NOT send them and Okta ignores them on PUT round-trips. */
function applyDirection(root: JsonObject, s: JsonObject, direction: Direction): void {
  if (!isObject(s.properties)) return;
  const props = s.properties;
  const flag = direction === "request" ? "readOnly" : "writeOnly";
  const flagged = (name: string): boolean => {
    const p = resolve(root, props[name]);
    return isObject(p) && p[flag] === true;
  };
  if (Array.isArray(s.required)) s.required = s.required.filter((n) => typeof n !== "string" || !flagged(n));
  if (direction === "response") for (const name of Object.keys(props)) if (flagged(name)) props[name] = false;
}

/** Spec quirk: GrantType's enum lists "urn:ietf:params:oauth:grant-type:jwt-bearer" twice, which ajv's meta-schema
 * rejects (enum items must be unique). A repeated enum value means nothing, so duplicates are dropped. */
function dedupeEnum(s: JsonObject): void {
  if (!Array.isArray(s.enum)) return;
  const seen = new Set<string>();
  s.enum = s.enum.filter((v) => {
    const key = JSON.stringify(v);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** Replaces every local `$ref` by its target, sharing objects (cycles included); openapi-backend decycles again
 * per compiled schema. This is what OpenAPIBackend.init() does, but synchronously so the exported API can be too. */
function dereference(root: JsonObject): void {
  const seen = new Set<object>();
  const visit = (node: Json): Json => {
    if (isObject(node) && typeof node.$ref === "string") {
      const target = pointer(root, node.$ref);
      if (target === undefined) throw new Error(`dangling $ref ${node.$ref}`);
      return visit(target);
    }
    if ((!isObject(node) && !Array.isArray(node)) || seen.has(node)) return node;
    seen.add(node);
    if (Array.isArray(node)) node.forEach((x, i) => (node[i] = visit(x)));
    else for (const k of Object.keys(node)) node[k] = visit(node[k] ?? null);
    return node;
  };
  visit(root);
}

function isDocument(v: unknown): v is Document {
  return isObject(v) && typeof v.openapi === "string" && isObject(v.paths);
}

function prepare(raw: unknown, direction: Direction): Document {
  const doc: unknown = structuredClone(raw);
  if (!isObject(doc)) throw new Error("spec is not an object");
  eachSchema(doc, dedupeEnum);
  eachSchema(doc, (s) => expandDiscriminators(doc, s));
  eachSchema(doc, (s) => applyDirection(doc, s, direction));
  dereference(doc);
  if (!isDocument(doc)) throw new Error("spec is not an OpenAPI document");
  return doc;
}

type Checker = { router: OpenAPIRouter; response: OpenAPIValidator; jsonBody: OpenAPIValidator; formBody: OpenAPIValidator };
const checkers = new Map<SpecName, Checker>();

function makeValidator(definition: Document, router: OpenAPIRouter, coerceTypes: boolean): OpenAPIValidator {
  return new OpenAPIValidator({
    definition,
    router,
    lazyCompileValidators: true,
    // strict:false because OpenAPI keywords (nullable, discriminator, readOnly, x-okta-*) aren't JSON Schema.
    ajvOpts: { strict: false, allErrors: true, coerceTypes },
    customizeAjv: (ajv) => addFormats(ajv),
  });
}

function checker(spec: SpecName): Checker {
  const cached = checkers.get(spec);
  if (cached) return cached;
  const raw = spec === "management" ? managementSpec : oauthSpec;
  const responseDoc = prepare(raw, "response");
  const requestDoc = prepare(raw, "request");
  const router = new OpenAPIRouter({ definition: responseDoc });
  const requestRouter = new OpenAPIRouter({ definition: requestDoc });
  const made: Checker = {
    router,
    response: makeValidator(responseDoc, router, false),
    jsonBody: makeValidator(requestDoc, requestRouter, false),
    // application/x-www-form-urlencoded values are strings on the wire; OpenAPI's form serialisation makes
    // max_age=300 the integer 300, so the form validator coerces scalars.
    formBody: makeValidator(requestDoc, requestRouter, true),
  };
  checkers.set(spec, made);
  return made;
}

function match(spec: SpecName, method: string, path: string): Operation | undefined {
  return checker(spec).router.matchOperation({ method, path, headers: {} });
}

/** Mirrors openapi-backend's status lookup: exact code, then `4XX`-style range, then `default`. */
function documentedStatus(op: Operation, status: number): string | undefined {
  const keys = Object.keys(op.responses ?? {});
  return [String(status), `${Math.floor(status / 100)}XX`, "default"].find((k) => keys.includes(k));
}

const isEmptyBody = (body: unknown): boolean => body === undefined || body === null || body === "";
const mediaType = (contentType: string): string => (contentType.split(";")[0] ?? "").trim().toLowerCase();
const describe = (op: Operation): string => `${op.method.toUpperCase()} ${op.path} (${op.operationId ?? "?"})`;

function toViolations(where: string, errors: ErrorObject[] | null | undefined, strip = ""): Violation[] {
  // An `if` error only restates that its `then` branch failed (see expandDiscriminators); the branch's own errors
  // carry the detail.
  return (errors ?? []).filter((e) => e.keyword !== "if").map((e) => {
    const at = e.instancePath.startsWith(strip) ? e.instancePath.slice(strip.length) : e.instancePath;
    const message =
      e.keyword === "false schema"
        ? "property is writeOnly in the spec and must not appear in a response"
        : `${e.message ?? e.keyword}${e.keyword === "enum" ? ` (${JSON.stringify(e.params)})` : ""}`;
    return { where: `${where}${at}`, message };
  });
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(headers).find(([k]) => k.toLowerCase() === wanted)?.[1];
}

export function validateResponse(
  spec: SpecName,
  r: { method: string; path: string; status: number; headers: Record<string, string>; body: unknown },
): Violation[] {
  const op = match(spec, r.method, r.path);
  if (!op) return [{ where: `${r.method.toUpperCase()} ${r.path}`, message: `no operation in the ${spec} spec matches` }];
  const key = documentedStatus(op, r.status);
  const found: unknown = key === undefined ? undefined : op.responses?.[key];
  const documented = isObject(found) ? found : undefined;
  if (!documented) {
    const known = Object.keys(op.responses ?? {}).join(", ");
    return [{ where: `${describe(op)} status`, message: `status ${r.status} is not documented (documented: ${known})` }];
  }
  const where = `${describe(op)} ${r.status}`;
  const violations: Violation[] = [];

  for (const [name, h] of Object.entries(isObject(documented.headers) ? documented.headers : {})) {
    if (isObject(h) && h.required === true && headerValue(r.headers, name) === undefined) {
      violations.push({ where: `${where} headers`, message: `missing required header ${name}` });
    }
  }
  const headerResult = checker(spec).response.validateResponseHeaders(r.headers, op, { statusCode: r.status });
  violations.push(...toViolations(`${where} headers`, headerResult.errors, "/headers"));

  const media = Object.keys(isObject(documented.content) ? documented.content : {});
  if (media.length === 0) {
    if (!isEmptyBody(r.body)) {
      const why = r.status === 204 ? "a 204 response must not have a body" : "the spec documents no body for this status";
      violations.push({ where: `${where} body`, message: why });
    }
    return violations;
  }
  const contentType = headerValue(r.headers, "content-type");
  const type = contentType === undefined ? media[0] : mediaType(contentType);
  if (type === undefined || !media.includes(type)) {
    violations.push({ where: `${where} content-type`, message: `${contentType} is not documented (documented: ${media.join(", ")})` });
    return violations;
  }
  if (isEmptyBody(r.body)) {
    violations.push({ where: `${where} body`, message: `expected a ${type} body` });
    return violations;
  }
  // openapi-backend compiles response schemas for application/json only; every kept response is JSON (the
  // trim output has no other response media type), so nothing is skipped in practice.
  if (type === "application/json") {
    const result = checker(spec).response.validateResponse(r.body, op, r.status);
    violations.push(...toViolations(`${where} body`, result.errors));
  }
  return violations;
}

function parseBody(body: unknown, type: string): { value: unknown } | { error: string } {
  if (type === "application/x-www-form-urlencoded") {
    if (typeof body === "string" || body instanceof URLSearchParams) {
      return { value: Object.fromEntries(new URLSearchParams(body)) };
    }
    return { value: body };
  }
  if (typeof body === "string") {
    try {
      return { value: JSON.parse(body) as unknown };
    } catch {
      return { error: "body is not valid JSON" };
    }
  }
  return { value: body };
}

export function validateRequestBody(
  spec: SpecName,
  r: { method: string; path: string; body: unknown; contentType?: string },
): Violation[] {
  const op = match(spec, r.method, r.path);
  if (!op) return [{ where: `${r.method.toUpperCase()} ${r.path}`, message: `no operation in the ${spec} spec matches` }];
  const where = `${describe(op)} request body`;
  const requestBody: unknown = op.requestBody;
  const rb = isObject(requestBody) ? requestBody : undefined;
  if (!rb) return isEmptyBody(r.body) ? [] : [{ where, message: "the operation takes no request body" }];
  if (isEmptyBody(r.body)) return rb.required === true ? [{ where, message: "a request body is required" }] : [];

  const media = Object.keys(isObject(rb.content) ? rb.content : {});
  const type = r.contentType === undefined ? media[0] : mediaType(r.contentType);
  if (type === undefined || !media.includes(type)) {
    return [{ where, message: `content type ${r.contentType} is not accepted (documented: ${media.join(", ")})` }];
  }
  const parsed = parseBody(r.body, type);
  if ("error" in parsed) return [{ where, message: parsed.error }];
  const c = checker(spec);
  const validator = type === "application/x-www-form-urlencoded" ? c.formBody : c.jsonBody;
  // openapi-backend builds the body validator first, from the first of json/multipart/form it finds; every kept
  // operation documents exactly one request media type (asserted in openapi.test.ts), so that is `type`.
  const operationId = op.operationId;
  const validate = operationId === undefined ? undefined : validator.getRequestValidatorsForOperation(operationId)[0];
  if (!validate) return [{ where, message: "no request body schema to validate against" }];
  validate({ requestBody: structuredClone(parsed.value) }); // clone: coercion rewrites data in place
  return toViolations(where, validate.errors, "/requestBody");
}

const scopes: Record<string, unknown> = scopeTable;

/** Scopes Okta demands for a management operation (all of them, per OpenAPI security semantics; today each
 * operation lists exactly one). Throws for an operation
 * the trimmed spec doesn't have: an empty answer would read as "no scope needed" and fail open. */
export function requiredScopes(method: string, path: string): string[] {
  const op = match("management", method, path);
  if (!op) throw new Error(`no management operation matches ${method.toUpperCase()} ${path}`);
  const listed = scopes[`${op.method.toUpperCase()} ${op.path}`];
  return Array.isArray(listed) ? listed.filter((s): s is string => typeof s === "string") : [];
}
