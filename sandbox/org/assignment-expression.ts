import type { Profile } from "./types";

// Realm assignments carry an Okta Expression Language condition. The sandbox evaluates a
// documented subset (see sandbox/README.md); anything else is refused when the assignment is
// saved, so a test never silently gets "matches nobody".
//
//   term  := user.profile.<attr> == "<v>" | user.profile.<attr> != "<v>"
//          | user.profile.<attr>.endsWith("<v>") | .startsWith("<v>") | .contains("<v>")
//   expr  := term ((&& | AND) term)* ((|| | OR) ...)*      (&& binds tighter than ||)
// String comparisons are case-sensitive, as in Okta EL.

export type UserPredicate = (profile: Profile) => boolean;

const TERM =
  /^\s*user\.profile\.([A-Za-z_][A-Za-z0-9_]*)\s*(?:(==|!=)\s*"((?:[^"\\]|\\.)*)"|\.(endsWith|startsWith|contains)\(\s*"((?:[^"\\]|\\.)*)"\s*\))\s*$/;

const unescape = (s: string) => s.replace(/\\(.)/g, "$1");

function compileTerm(text: string): UserPredicate | null {
  const m = TERM.exec(text);
  if (!m) return null;
  const [, attr = "", cmp, eqValue, method, methodValue] = m;
  const read = (p: Profile) => {
    const v = p[attr];
    return typeof v === "string" ? v : v === null || v === undefined ? null : String(v);
  };
  if (cmp) {
    const want = unescape(eqValue ?? "");
    return cmp === "==" ? (p) => read(p) === want : (p) => read(p) !== want;
  }
  const arg = unescape(methodValue ?? "");
  if (method === "endsWith") return (p) => read(p)?.endsWith(arg) ?? false;
  if (method === "startsWith") return (p) => read(p)?.startsWith(arg) ?? false;
  return (p) => read(p)?.includes(arg) ?? false;
}

/** Splits on a logical operator that is outside string literals. */
function splitOutsideQuotes(text: string, ops: string[]): string[] {
  const parts: string[] = [];
  let depthQuote = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === '"') depthQuote = !depthQuote;
    if (depthQuote) continue;
    for (const op of ops) {
      const padded = /^[A-Z]+$/.test(op) ? ` ${op} ` : op;
      if (text.startsWith(padded, i)) {
        parts.push(text.slice(start, i));
        start = i + padded.length;
        i = start - 1;
        break;
      }
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Compiles an expression; `null` means the sandbox can't evaluate it. Empty matches everyone. */
export function compileAssignmentExpression(value: string | undefined): UserPredicate | null {
  if (value === undefined || value.trim() === "") return () => true;
  const ors = splitOutsideQuotes(value, ["||", "OR"]).map((orPart) => {
    const ands = splitOutsideQuotes(orPart, ["&&", "AND"]).map(compileTerm);
    if (ands.some((t) => t === null)) return null;
    const terms = ands.filter((t): t is UserPredicate => t !== null);
    return (p: Profile) => terms.every((t) => t(p));
  });
  if (ors.some((o) => o === null)) return null;
  const alts = ors.filter((o): o is UserPredicate => o !== null);
  return (p) => alts.some((a) => a(p));
}
