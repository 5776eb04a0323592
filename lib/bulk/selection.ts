// What the admin selected, before Okta is asked anything: a CSV (pasted or uploaded) of logins or
// user ids, an Okta search expression, or every user of a realm. Pure.

export type Selection =
  | { kind: "csv"; entries: string[]; summary: string }
  | { kind: "search"; expression: string }
  | { kind: "realm"; realmId: string };

/** Most users one job may hold (its rows live in Postgres; the preview resolves them in chunks). */
export const MAX_SELECTION = 100_000;

/** Header names we recognise, preferred first (a file with both login and id columns is read by login). */
const HEADER_NAMES = ["login", "username", "user", "email", "id", "userid", "user id"];

/** Splits one CSV line (RFC 4180 quotes). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === "," || ch === ";" || ch === "\t") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out.map((c) => c.trim());
}

/**
 * Logins or ids from CSV text: the first column, or the column headed login/username/id/email when
 * there is a header row. Blank lines and duplicates are dropped; order is kept.
 */
export function parseUserCsv(text: string): { entries: string[]; duplicates: number } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/).filter((l) => l.trim() !== "");
  let column = 0;
  const first = lines[0];
  if (first !== undefined) {
    const header = cells(first).map((c) => c.toLowerCase());
    const name = HEADER_NAMES.find((n) => header.includes(n));
    const named = name === undefined ? -1 : header.indexOf(name);
    if (named >= 0) {
      column = named;
      lines.shift();
    }
  }
  const seen = new Set<string>();
  const entries: string[] = [];
  let duplicates = 0;
  for (const line of lines) {
    const value = cells(line)[column] ?? "";
    if (value === "") continue;
    const key = value.toLowerCase();
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    entries.push(value);
  }
  return { entries, duplicates };
}
