// Okta's filter/search expression language (SCIM-style):
//   expr := term (("and" | "or") term)*   ("and" binds tighter than "or")
//   term := "(" expr ")" | attr op value | attr "pr"
//   op   := eq | sw | co | gt | ge | lt | le   (Okta doesn't support ne or not)
// Parse and policy failures throw SearchError, which the API reports as 400 E0000031.

export class SearchError extends Error {}

export type Literal = string | number | boolean | null;
export type CmpOp = "eq" | "sw" | "co" | "gt" | "ge" | "lt" | "le";
export type SearchNode =
  | { kind: "cmp"; attr: string; op: CmpOp; value: Literal }
  | { kind: "pr"; attr: string }
  | { kind: "and" | "or"; left: SearchNode; right: SearchNode };

type Token = { t: "(" | ")" } | { t: "word"; v: string } | { t: "lit"; v: Literal };

const MAX_EXPRESSION_LENGTH = 4096;

function tokenize(src: string): Token[] {
  if (src.length > MAX_EXPRESSION_LENGTH) throw new SearchError("expression too long");
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? "";
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(" || c === ")") {
      out.push({ t: c });
      i++;
    } else if (c === '"') {
      let s = "";
      i++;
      for (;;) {
        if (i >= src.length) throw new SearchError("unterminated string");
        const d = src[i] ?? "";
        if (d === "\\") {
          s += src[i + 1] ?? "";
          i += 2;
        } else if (d === '"') {
          i++;
          break;
        } else {
          s += d;
          i++;
        }
      }
      out.push({ t: "lit", v: s });
    } else {
      const m = /^[A-Za-z0-9_.$:-]+/.exec(src.slice(i));
      if (!m) throw new SearchError(`unexpected character ${c}`);
      const w = m[0];
      i += w.length;
      if (w === "true" || w === "false") out.push({ t: "lit", v: w === "true" });
      else if (w === "null") out.push({ t: "lit", v: null });
      else if (/^-?\d+(\.\d+)?$/.test(w)) out.push({ t: "lit", v: Number(w) });
      else out.push({ t: "word", v: w });
    }
  }
  return out;
}

const OPS = new Set(["eq", "sw", "co", "gt", "ge", "lt", "le"]);

export function parseSearch(src: string): SearchNode {
  const tokens = tokenize(src);
  let pos = 0;
  const peekWord = () => {
    const t = tokens[pos];
    return t && t.t === "word" ? t.v.toLowerCase() : null;
  };
  const parseOr = (): SearchNode => {
    let left = parseAnd();
    while (peekWord() === "or") {
      pos++;
      left = { kind: "or", left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): SearchNode => {
    let left = parseTerm();
    while (peekWord() === "and") {
      pos++;
      left = { kind: "and", left, right: parseTerm() };
    }
    return left;
  };
  const parseTerm = (): SearchNode => {
    const t = tokens[pos++];
    if (!t) throw new SearchError("unexpected end of expression");
    if (t.t === "(") {
      const inner = parseOr();
      if (tokens[pos++]?.t !== ")") throw new SearchError("missing )");
      return inner;
    }
    if (t.t !== "word") throw new SearchError("expected an attribute");
    const opTok = tokens[pos++];
    if (!opTok || opTok.t !== "word") throw new SearchError("expected an operator");
    const op = opTok.v.toLowerCase();
    if (op === "pr") return { kind: "pr", attr: t.v };
    if (!OPS.has(op)) throw new SearchError(`unsupported operator ${opTok.v}`);
    const val = tokens[pos++];
    if (!val || val.t !== "lit") throw new SearchError("expected a value");
    return { kind: "cmp", attr: t.v, op: op as CmpOp, value: val.v };
  };
  const tree = parseOr();
  if (pos !== tokens.length) throw new SearchError("unexpected trailing input");
  return tree;
}

export type Accessor<T> = (item: T) => unknown;

/** Decides which attribute/operator pairs a resource allows, and how to read them. */
export type AttributeResolver<T> = (attr: string, op: CmpOp | "pr") => { read: Accessor<T>; kind: "string" | "date" | "other" };

export function compileSearch<T>(
  node: SearchNode,
  resolve: AttributeResolver<T>,
  caseInsensitive: boolean,
): (item: T) => boolean {
  if (node.kind === "and" || node.kind === "or") {
    const l = compileSearch(node.left, resolve, caseInsensitive);
    const r = compileSearch(node.right, resolve, caseInsensitive);
    return node.kind === "and" ? (x) => l(x) && r(x) : (x) => l(x) || r(x);
  }
  if (node.kind === "pr") {
    const { read } = resolve(node.attr, "pr");
    return (x) => {
      const v = read(x);
      return v !== undefined && v !== null && v !== "";
    };
  }
  if (node.kind !== "cmp") throw new SearchError("malformed expression");
  const { read, kind } = resolve(node.attr, node.op);
  const { op, value } = node;
  if (kind === "date") {
    if (typeof value !== "string" || Number.isNaN(Date.parse(value))) throw new SearchError("invalid date");
    const want = Date.parse(value);
    return (x) => {
      const v = read(x);
      return typeof v === "number" && compareNumbers(v, op, want);
    };
  }
  if (op !== "eq" && op !== "sw" && op !== "co" && typeof value === "string") {
    return (x) => anyOf(read(x), (v) => typeof v === "string" && compareNumbers(v.localeCompare(value), op, 0));
  }
  const norm = (s: string) => (caseInsensitive ? s.toLowerCase() : s);
  const want = typeof value === "string" ? norm(value) : value;
  return (x) =>
    anyOf(read(x), (v) => {
      if (typeof v === "string" && typeof want === "string") {
        const s = norm(v);
        if (op === "eq") return s === want;
        if (op === "sw") return s.startsWith(want);
        if (op === "co") return s.includes(want);
        return false;
      }
      if (typeof v === "number" && typeof want === "number") return compareNumbers(v, op, want);
      return op === "eq" && v === want;
    });
}

function anyOf(v: unknown, test: (v: unknown) => boolean): boolean {
  return Array.isArray(v) ? v.some(test) : test(v);
}

function compareNumbers(a: number, op: CmpOp, b: number): boolean {
  switch (op) {
    case "eq":
      return a === b;
    case "gt":
      return a > b;
    case "ge":
      return a >= b;
    case "lt":
      return a < b;
    case "le":
      return a <= b;
    default:
      return false;
  }
}
