// Derives the trimmed, committed copies of Okta's official OpenAPI specs (spec/*.json) so a fresh clone can
// validate the sandbox and the client without /work/shared. Re-run with `npm run spec:trim` after upgrading the
// specs; the output is key-sorted so unchanged input gives no diff.
//   npm run spec:trim [-- <dir with management-minimal.yaml and oauth-minimal.yaml>]   (or OKTA_OPENAPI_DIR=...)
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

type Json = null | boolean | number | string | Json[] | JsonObject;
type JsonObject = { [key: string]: Json };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sourceDir = path.resolve(repoRoot, process.argv[2] ?? process.env.OKTA_OPENAPI_DIR ?? "../shared/okta-openapi");
const outDir = path.join(repoRoot, "spec");

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const ALL = METHODS;

// The operations this project calls or serves. Paths are Okta's exact templates (note `{id}`, not `{userId}`).
const MANAGEMENT: Record<string, string[]> = {
  "/api/v1/realms": ALL,
  "/api/v1/realms/{realmId}": ALL,
  "/api/v1/realm-assignments": ALL,
  "/api/v1/realm-assignments/{assignmentId}": ALL,
  "/api/v1/realm-assignments/{assignmentId}/lifecycle/activate": ALL,
  "/api/v1/realm-assignments/{assignmentId}/lifecycle/deactivate": ALL,
  "/api/v1/realm-assignments/operations": ALL,
  "/api/v1/users": ALL,
  "/api/v1/users/{id}": ["get", "post", "put", "delete"],
  "/api/v1/users/{id}/lifecycle/activate": ALL,
  "/api/v1/users/{id}/lifecycle/deactivate": ALL,
  "/api/v1/meta/schemas/user/{schemaId}": ["get", "post"],
};
const OAUTH: Record<string, string[]> = {
  "/.well-known/openid-configuration": ALL,
  "/oauth2/v1/authorize": ALL,
  "/oauth2/v1/token": ALL,
  "/oauth2/v1/revoke": ALL,
  "/oauth2/v1/introspect": ALL,
  "/oauth2/v1/keys": ALL,
  "/oauth2/v1/userinfo": ALL,
};

// Schema keywords that matter for validation; everything else (description, title, example(s), externalDocs,
// xml, x-enumDescriptions, x-okta-lifecycle, ...) is prose or SDK tooling.
const SCHEMA_KEYWORDS = new Set([
  "$ref", "type", "format", "pattern", "enum", "default", "required", "readOnly", "writeOnly", "nullable",
  "additionalProperties", "properties", "items", "allOf", "oneOf", "anyOf", "not", "discriminator",
  "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength",
  "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "deprecated",
  // Okta extensions with validation meaning: null is a legal update value ("remove this property"), and an
  // object may carry arbitrary extra keys.
  "x-okta-allow-null-property-value-for-updates", "x-okta-extensible",
]);
const PROSE = new Set(["description", "summary", "title", "example", "examples", "externalDocs", "tags", "xml"]);
const unknownKeys = new Set<string>();

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Copies only `keep` keys; reports keys that are neither kept nor known prose so a spec upgrade can't silently
 * drop a validation keyword. */
function pick(obj: JsonObject, keep: Record<string, (v: Json) => Json>, where: string): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(obj)) {
    const fn = keep[k];
    if (fn) out[k] = fn(v);
    else if (!PROSE.has(k) && !k.startsWith("x-")) unknownKeys.add(`${where}.${k}`);
  }
  return out;
}

const same = (v: Json): Json => v;
const mapValues = (fn: (v: Json) => Json) => (v: Json): Json =>
  isObject(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fn(x)])) : v;
const mapArray = (fn: (v: Json) => Json) => (v: Json): Json => (Array.isArray(v) ? v.map(fn) : v);

function schema(v: Json): Json {
  if (!isObject(v)) return v; // `additionalProperties: true`
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) {
    if (!SCHEMA_KEYWORDS.has(k)) {
      if (!PROSE.has(k) && !k.startsWith("x-")) unknownKeys.add(`schema.${k}`);
      continue;
    }
    if (k === "properties") out[k] = mapValues(schema)(x);
    else if (k === "items" || k === "not" || k === "additionalProperties") out[k] = schema(x);
    else if (k === "allOf" || k === "oneOf" || k === "anyOf") out[k] = mapArray(schema)(x);
    else out[k] = x; // enum/default/required/discriminator are data, copied verbatim
  }
  return out;
}

const mediaType = (v: Json): Json => (isObject(v) ? pick(v, { schema, encoding: same }, "mediaType") : v);
const content = mapValues(mediaType);
const header = (v: Json): Json =>
  isObject(v) ? pick(v, { $ref: same, required: same, schema, content, style: same, explode: same }, "header") : v;
const parameter = (v: Json): Json =>
  isObject(v)
    ? pick(v, { $ref: same, name: same, in: same, required: same, schema, content, style: same, explode: same,
        allowEmptyValue: same, allowReserved: same, deprecated: same }, "parameter")
    : v;
const requestBody = (v: Json): Json => (isObject(v) ? pick(v, { $ref: same, required: same, content }, "requestBody") : v);
const response = (v: Json): Json =>
  isObject(v) ? pick(v, { $ref: same, headers: mapValues(header), content }, "response") : v;
const operation = (v: Json): Json =>
  isObject(v)
    ? pick(v, { operationId: same, parameters: mapArray(parameter), requestBody, responses: mapValues(response),
        security: same, deprecated: same }, "operation")
    : v;

function collectRefs(v: Json, into: Set<string>): void {
  if (Array.isArray(v)) for (const x of v) collectRefs(x, into);
  else if (isObject(v)) {
    for (const [k, x] of Object.entries(v)) {
      if (k === "$ref" && typeof x === "string") into.add(x);
      // Discriminator mappings name schemas without `$ref`, but the validator must be able to reach them.
      else if (k === "discriminator" && isObject(x) && isObject(x.mapping)) {
        for (const target of Object.values(x.mapping)) {
          if (typeof target === "string") into.add(target.startsWith("#") ? target : `#/components/schemas/${target}`);
        }
      } else collectRefs(x, into);
    }
  }
}

const COMPONENT_KINDS: Record<string, (v: Json) => Json> = {
  schemas: schema, parameters: parameter, responses: response, headers: header, requestBodies: requestBody,
};

/** Security requirement objects name schemes directly; return the scopes of oauth2 schemes. */
function securityOf(op: JsonObject, doc: JsonObject): { schemes: Set<string>; scopes: string[] } {
  const schemes = new Set<string>();
  const scopes = new Set<string>();
  const reqs = op.security ?? doc.security ?? [];
  const defs = isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  for (const req of Array.isArray(reqs) ? reqs : []) {
    if (!isObject(req)) continue;
    for (const [name, list] of Object.entries(req)) {
      schemes.add(name);
      const def = defs[name];
      if (isObject(def) && def.type === "oauth2" && Array.isArray(list)) {
        for (const s of list) if (typeof s === "string") scopes.add(s);
      }
    }
  }
  return { schemes, scopes: [...scopes].sort() };
}

function securityScheme(v: Json, usedScopes: Set<string>): Json {
  // Scope descriptions are prose; only the scopes kept operations demand are listed.
  const scopes = (x: Json): Json =>
    isObject(x) ? Object.fromEntries(Object.keys(x).filter((s) => usedScopes.has(s)).map((s) => [s, ""])) : x;
  const flow = (x: Json): Json =>
    isObject(x) ? pick(x, { authorizationUrl: same, tokenUrl: same, refreshUrl: same, scopes }, "flow") : x;
  return isObject(v)
    ? pick(v, { type: same, scheme: same, bearerFormat: same, name: same, in: same, openIdConnectUrl: same,
        flows: mapValues(flow) }, "securityScheme")
    : v;
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k] ?? null)]));
}

function resolvePointer(doc: JsonObject, ref: string): Json | undefined {
  let node: Json | undefined = doc;
  for (const raw of ref.replace(/^#\//, "").split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObject(node) ? node[key] : undefined;
  }
  return node;
}

function trim(file: string, wanted: Record<string, string[]>): { doc: JsonObject; scopes: Record<string, string[]> } {
  const parsed: unknown = parse(readFileSync(path.join(sourceDir, file), "utf8"), { maxAliasCount: -1 });
  const info = isObject(parsed) ? parsed.info : undefined;
  if (!isObject(parsed) || !isObject(parsed.paths) || !isObject(info)) throw new Error(`${file}: not an OpenAPI document`);
  const src = parsed;
  const srcPaths = parsed.paths;
  const paths: JsonObject = {};
  const scopes: Record<string, string[]> = {};
  const schemes = new Set<string>();
  const usedScopes = new Set<string>();

  for (const [p, methods] of Object.entries(wanted)) {
    const item = srcPaths[p];
    if (!isObject(item)) {
      console.warn(`warning: ${file}: path ${p} not found`);
      continue;
    }
    const out: JsonObject = {};
    if (Array.isArray(item.parameters)) out.parameters = item.parameters.map(parameter);
    for (const m of methods) {
      const op = item[m];
      if (!isObject(op)) {
        if (methods !== ALL) console.warn(`warning: ${file}: ${m.toUpperCase()} ${p} not found`);
        continue;
      }
      out[m] = operation(op);
      const sec = securityOf(op, src);
      sec.schemes.forEach((s) => schemes.add(s));
      sec.scopes.forEach((s) => usedScopes.add(s));
      if (sec.scopes.length > 0) scopes[`${m.toUpperCase()} ${p}`] = sec.scopes;
    }
    paths[p] = out;
  }

  // Pull in every component reachable from the kept operations, to a fixed point.
  const components: Record<string, JsonObject> = {};
  const seen = new Set<string>();
  const queue = new Set<string>();
  collectRefs(paths, queue);
  while (queue.size > 0) {
    const [ref] = queue;
    if (ref === undefined) break;
    queue.delete(ref);
    if (seen.has(ref)) continue;
    seen.add(ref);
    const m = /^#\/components\/([^/]+)\/([^/]+)$/.exec(ref);
    const kind = m?.[1];
    const name = m?.[2];
    const fn = kind ? COMPONENT_KINDS[kind] : undefined;
    const target = resolvePointer(src, ref);
    if (!kind || !name || !fn || target === undefined) throw new Error(`${file}: unsupported or dangling $ref ${ref}`);
    const trimmed = fn(target);
    (components[kind] ??= {})[name] = trimmed;
    collectRefs(trimmed, queue);
  }
  const srcSchemes = isObject(src.components) && isObject(src.components.securitySchemes) ? src.components.securitySchemes : {};
  const securitySchemes: JsonObject = {};
  for (const s of schemes) {
    const def = srcSchemes[s];
    if (def === undefined) throw new Error(`${file}: security scheme ${s} not defined`);
    securitySchemes[s] = securityScheme(def, usedScopes);
  }
  if (schemes.size > 0) components.securitySchemes = securitySchemes;

  const version = String(info.version);
  const doc: JsonObject = {
    "x-derived-from": `okta-openapi ${file} ${version}, trimmed by scripts/trim-openapi.ts`,
    openapi: src.openapi ?? null,
    info: { title: info.title ?? null, version },
    ...(src.security !== undefined ? { security: src.security } : {}),
    paths: sortKeys(paths),
    components: sortKeys(components),
  };
  return { doc, scopes };
}

function write(name: string, value: Json): void {
  const file = path.join(outDir, name);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(file, text);
  console.log(`wrote ${path.relative(repoRoot, file)} (${(Buffer.byteLength(text) / 1024).toFixed(1)} KB)`);
}

if (!existsSync(path.join(sourceDir, "management-minimal.yaml"))) {
  console.error(`error: no Okta specs in ${sourceDir}; pass the directory as an argument or set OKTA_OPENAPI_DIR`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });
const management = trim("management-minimal.yaml", MANAGEMENT);
const oauth = trim("oauth-minimal.yaml", OAUTH);
write("okta-management.json", management.doc);
write("okta-oauth.json", oauth.doc);
write("okta-scopes.json", {
  "x-derived-from": String(management.doc["x-derived-from"]),
  ...sortKeys(management.scopes) as JsonObject,
});
if (unknownKeys.size > 0) console.warn(`warning: dropped unrecognised keys: ${[...unknownKeys].sort().join(", ")}`);
