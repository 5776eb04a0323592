// Audit details are free-form, so secrets are removed structurally before anything is written:
// any key that names a secret is replaced, at any depth. Callers should not pass secrets at all;
// this is the safety net. Pure, unit-tested.

export type AuditJson = string | number | boolean | null | AuditJson[] | { [key: string]: AuditJson };

const SECRET_KEY = /secret|token|password|passwd|authorization|cookie|credential|private|api[-_]?key|assertion|^code$|verifier/i;
const MAX_DEPTH = 6;
const MAX_STRING = 2_000;

export const REDACTED = "[redacted]";

export function redactDetails(value: unknown, depth = 0): AuditJson {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return "[too deep]";
  if (Array.isArray(value)) return value.slice(0, 100).map((item) => redactDetails(item, depth + 1));
  if (typeof value === "object") {
    const out: { [key: string]: AuditJson } = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      out[key] = SECRET_KEY.test(key) ? REDACTED : redactDetails(item, depth + 1);
    }
    return out;
  }
  return String(value);
}
