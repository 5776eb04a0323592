// Calls the app's server actions over HTTP the way the browser's router does (Next 16):
//   POST <the page's path>
//   Next-Action: <action id>            (from <distDir>/server/server-reference-manifest.json)
//   Origin: <app url>                   (Next refuses actions whose Origin doesn't match the Host)
//   Cookie: <session cookie>
//   Content-Type: text/plain;charset=UTF-8
//   body: React's encodeReply([input]) — for plain JSON input a string: JSON with "$"-strings escaped
// and reads the RSC (Flight) reply: row 0 is `{"a":"$@<row>", "f": <page tree if revalidated>, …}`,
// the referenced row is the action's return value, here the guard's ActionResult `{ ok, … }`.
// Next's action handler decodes a non-multipart body with decodeReply(string) (action-handler.js,
// "encodeReply returned a string"), so this is the browser's own wire format, not a shortcut.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { ActionResult } from "../lib/auth/guard";

type ManifestEntry = { exportedName?: string; filename?: string; workers: Record<string, unknown> };
type Manifest = { node: Record<string, ManifestEntry> };

/** Action ids by exported name (e.g. "updateRealm"), for the actions defined under lib/actions/. */
export function readActionIds(distDir: string): Map<string, string> {
  const file = path.join(distDir, "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  const ids = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (!entry.exportedName || !entry.filename?.replace(/\\/g, "/").includes("lib/actions/")) continue;
    if (ids.has(entry.exportedName)) throw new Error(`two server actions are exported as ${entry.exportedName}; name them apart`);
    ids.set(entry.exportedName, id);
  }
  if (ids.size === 0) throw new Error(`no lib/actions server actions in ${file} (is the build current?)`);
  return ids;
}

/** React's encodeReply for JSON-only values: strings that start with "$" are escaped as "$$…". */
function encodeReplyJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" && v.startsWith("$") ? `$${v}` : v));
}

/** The rows of a Flight response: `<hex id>:<json>` lines (text rows `T` and others are kept raw). */
function flightRows(body: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of body.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/s.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) rows.set(m[1], m[2]);
  }
  return rows;
}

/** Resolves Flight's encoded JSON values ($@n / $n references, $undefined, $D dates, $$ escapes). */
function revive(value: unknown, rows: Map<string, string>, depth = 0): unknown {
  if (depth > 50) throw new Error("Flight reply nests too deeply");
  if (typeof value === "string") {
    if (!value.startsWith("$")) return value;
    if (value.startsWith("$$")) return value.slice(1);
    if (value === "$undefined") return undefined;
    if (value.startsWith("$D")) return value.slice(2);
    const ref = /^\$@?([0-9a-f]+)$/.exec(value);
    if (ref?.[1] !== undefined) {
      const raw = rows.get(ref[1]);
      if (raw === undefined) throw new Error(`Flight reply lacks row ${ref[1]}`);
      return revive(JSON.parse(raw) as unknown, rows, depth + 1);
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => revive(v, rows, depth + 1));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v, rows, depth + 1)]));
  }
  return value;
}

/** The action's return value from a Flight reply (row 0's `a`). */
function parseActionReply(body: string): unknown {
  const rows = flightRows(body);
  const root = rows.get("0");
  if (root === undefined) throw new Error(`not a Flight reply: ${body.slice(0, 200)}`);
  const parsed = JSON.parse(root) as { a?: unknown };
  if (!("a" in parsed)) throw new Error("the Flight reply carries no action result");
  return revive(parsed.a, rows);
}

export type ActionCall<T> = {
  status: number;
  /** The ActionResult, when the reply was one. */
  result?: ActionResult<T>;
  /** Why the call is not a usable ActionResult (HTTP status, unparsable reply). */
  problem?: string;
};

export type ServerActionTarget = { appUrl: string; cookie: string };

/**
 * Posts one server action as the browser does, from `pagePath` (the page the form is on: a write
 * that revalidates gets that page's fresh tree in the same reply, as in the browser).
 */
export async function callServerAction<T>(target: ServerActionTarget, pagePath: string, actionId: string, input: unknown): Promise<ActionCall<T>> {
  const res = await fetch(`${target.appUrl}${pagePath}`, {
    method: "POST",
    headers: {
      Accept: "text/x-component",
      "Next-Action": actionId,
      Origin: target.appUrl,
      Cookie: target.cookie,
      "Content-Type": "text/plain;charset=UTF-8",
    },
    body: encodeReplyJson([input]),
    redirect: "manual",
  });
  const body = await res.text();
  const status = res.status;
  if (res.status !== 200) return { status, problem: `HTTP ${res.status}: ${body.slice(0, 200)}` };
  try {
    const value = parseActionReply(body) as ActionResult<T> | undefined;
    if (!value || typeof value !== "object" || typeof value.ok !== "boolean") return { status, problem: `not an ActionResult: ${JSON.stringify(value).slice(0, 200)}` };
    return { status, result: value };
  } catch (error) {
    return { status, problem: error instanceof Error ? error.message : String(error) };
  }
}
