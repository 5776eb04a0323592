// Hostile inputs for the property-based suites (fast-check): strings an attacker or a careless
// paste would send, values of the wrong type, and ways to damage a valid input (one field replaced,
// fields left out, fields added, the whole thing replaced by something of another shape, or sent as
// FormData with repeated keys). Pure: no database, no network.
import fc from "fast-check";

const big = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length));

/** Fixed strings that have broken real parsers, queries, filters, spreadsheets and logs. */
export const HOSTILE_STRINGS: readonly string[] = [
  // size
  big("x", 10_001),
  big("é", 20_000),
  big("👩‍👩‍👧‍👦", 12_000),
  big("a,", 6_000),
  // control characters, NUL, line breaks
  "\u0000",
  "abc\u0000def",
  "\u0001\u0002\u0007\u001b[31mred\u001b[0m",
  "name\r\nSet-Cookie: session=stolen",
  "%0d%0aLocation:%20https://evil.example",
  "\t\n\u000b\f\r",
  "\u0085\u2028\u2029",
  // unicode: bidi, zero-width, emoji, lone surrogates, compatibility forms
  "\u202Eexe.txt",
  "admin\u200B\u200C\u200D\uFEFF",
  "🙂🔥💥",
  "\uD800",
  "\uDFFF",
  "a\uD83Db",
  "ＡＤＭＩＮ",
  "ǅǈǋ",
  "İı",
  // SQL / NoSQL
  "' OR '1'='1",
  "'; DROP TABLE \"Connection\"; --",
  "1; SELECT pg_sleep(5)--",
  '{"$gt": ""}',
  "{\"$where\": \"sleep(1000)\"}",
  // HTML / script
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(document.cookie)",
  // CSV formulas
  "=cmd|' /C calc'!A0",
  "+1+1",
  "-2+3",
  "@SUM(1+1)",
  // paths, URLs
  "../../../../etc/passwd",
  "..%2f..%2f..%2fetc%2fpasswd",
  "/api/v1/users?limit=200",
  "http://169.254.169.254/latest/meta-data/",
  "?a=1&b=2#frag",
  // Okta search / SCIM filter injection
  '" or 1 eq 1',
  '") or (profile.login sw "',
  'profile.login eq "x" or true',
  "id pr",
  // JSON and values that look like other types
  '{"__proto__": {"isAdmin": true}}',
  "null",
  "undefined",
  "[]",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "0x1F",
  "true",
  // templates and format strings
  "${7*7}",
  "{{7*7}}",
  "%s%s%s%n",
  // blanks
  "",
  " ",
  "   \t  ",
  // names JavaScript objects already have
  "__proto__",
  "constructor",
  "toString",
];

/** A hostile string: a fixed one, random unicode (incl. lone surrogates), or a fixed one wrapped in random text. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 8 }), fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 8 })).map((p) => p.join("")) },
);

/** A value of some other type than the field expects (every field of every schema is a string or coerced from one). */
export const wrongTypeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 53 + 1),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.constant({ toString: "x", valueOf: 1 }),
  fc.constant(new Date(0)),
  fc.constant([[["deep"]]]),
);

/** A whole input of the wrong shape. */
export const wrongShape: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, 0, 1, -1, true, false, "", "x", [], {}, [{}], Number.NaN),
  hostileString,
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 4 }),
  fc.anything({ maxDepth: 3, withNullPrototype: true, withObjectString: true }),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.anything({ maxDepth: 2 }), { maxKeys: 6 }),
);

/** Keys nobody declared: prototype pollution, role escalation, Next's own action fields. */
export const extraFields: fc.Arbitrary<Record<string, unknown>> = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom("__proto__", "constructor", "prototype", "isAdmin", "role", "createdById", "status", "grantedScopes", "$ACTION_ID_x", "profile.__proto__", "id", "actor"),
        fc.string({ maxLength: 12 }),
      ),
      fc.oneof(hostileString, wrongTypeValue, fc.constantFrom("OWNER", true, { admin: true })),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((pairs) => {
    // Own properties even for "__proto__" (an object literal would set the prototype instead).
    const out: Record<string, unknown> = {};
    for (const [k, v] of pairs) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });

/** How a valid input is damaged in one run. */
export type Damage =
  | { kind: "shape"; value: unknown }
  | { kind: "hostile"; field: string; value: string }
  | { kind: "wrong-type"; field: string; value: unknown }
  | { kind: "missing"; fields: string[] }
  | { kind: "extra"; extra: Record<string, unknown> }
  | { kind: "form-repeat"; field: string; values: string[] }
  | { kind: "form-hostile"; field: string; value: string };

export function damage(fields: readonly string[]): fc.Arbitrary<Damage> {
  const field = fc.constantFrom(...fields);
  // fast-check prints counterexamples with this (not the 10k-character strings themselves).
  const printable = (d: Damage): Damage => Object.assign(d, { [fc.toStringMethod]: () => describeDamage(d) });
  return fc.oneof(
    { weight: 2, arbitrary: wrongShape.map((value): Damage => ({ kind: "shape", value })) },
    { weight: 5, arbitrary: fc.record({ field, value: hostileString }).map((d): Damage => ({ kind: "hostile", ...d })) },
    { weight: 2, arbitrary: fc.record({ field, value: wrongTypeValue }).map((d): Damage => ({ kind: "wrong-type", ...d })) },
    { weight: 2, arbitrary: fc.subarray([...fields], { minLength: 1 }).map((f): Damage => ({ kind: "missing", fields: f })) },
    { weight: 1, arbitrary: extraFields.map((extra): Damage => ({ kind: "extra", extra })) },
    { weight: 1, arbitrary: fc.record({ field, values: fc.array(hostileString, { minLength: 2, maxLength: 3 }) }).map((d): Damage => ({ kind: "form-repeat", ...d })) },
    { weight: 1, arbitrary: fc.record({ field, value: hostileString }).map((d): Damage => ({ kind: "form-hostile", ...d })) },
  ).map(printable);
}

function toForm(input: Record<string, unknown>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) form.append(k, typeof one === "string" ? one : JSON.stringify(one));
  }
  return form;
}

/** Applies a damage to a valid input: the object (or FormData) to send. */
export function applyDamage(base: Record<string, unknown>, d: Damage): unknown {
  switch (d.kind) {
    case "shape":
      return d.value;
    case "hostile":
    case "wrong-type":
      return { ...base, [d.field]: d.value };
    case "missing": {
      const out = { ...base };
      for (const f of d.fields) delete out[f];
      return out;
    }
    case "extra": {
      const out: Record<string, unknown> = { ...base };
      for (const [k, v] of Object.entries(d.extra)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      return out;
    }
    case "form-repeat": {
      const form = toForm(base);
      form.delete(d.field);
      for (const v of d.values) form.append(d.field, v);
      return form;
    }
    case "form-hostile":
      return toForm({ ...base, [d.field]: d.value });
  }
}

/** A short label for figures and failure messages (no 10k-character strings in the output). */
export function describeDamage(d: Damage): string {
  const show = (v: unknown) => {
    const s = typeof v === "string" ? JSON.stringify(v) : (() => { try { return JSON.stringify(v) ?? String(v); } catch { return String(v); } })();
    return s.length > 60 ? `${s.slice(0, 60)}…(${s.length} chars)` : s;
  };
  switch (d.kind) {
    case "shape":
      return `shape ${show(d.value)}`;
    case "hostile":
    case "wrong-type":
    case "form-hostile":
      return `${d.kind} ${d.field}=${show(d.value)}`;
    case "missing":
      return `missing ${d.fields.join(",")}`;
    case "extra":
      return `extra ${Object.keys(d.extra).join(",")}`;
    case "form-repeat":
      return `form-repeat ${d.field}×${d.values.length}`;
  }
}
