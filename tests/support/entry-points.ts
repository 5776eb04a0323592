// Every public way into the app's code: the exports of lib/actions/** (server actions are public
// POST endpoints) and the HTTP-method exports of app/**/route.ts, each with what the guard knows of
// it. The authorization matrix and the hostile-input suite enumerate from here, so a new action or
// route is covered by both or fails both. Import it after anything that must run before env() is
// read (the guard module is loaded on first use, not at import).
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { guardOf } from "@/lib/auth/guard";

export const root = path.resolve(__dirname, "../..");

export const importFile = (file: string) => import(/* @vite-ignore */ pathToFileURL(path.join(root, file)).href) as Promise<Record<string, unknown>>;

/** Route handlers deliberately outside the guard, and why. */
export const ROUTES_NOT_GUARDED: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts":
    "Auth.js's own endpoints (sign-in, OIDC callback, sign-out, csrf): public by design, CSRF-protected by Auth.js; admission is the signIn callback, tested in team-admission.int.test.ts",
  "app/api/health/route.ts": "the public health probe for the launcher and orchestrators: version and database/migration state only, no team data",
  "app/api/health/live/route.ts": "the liveness probe for orchestrators: answers that the process is up, reads nothing",
  "app/api/metrics/route.ts": "the Prometheus scrape endpoint: off (404) unless METRICS_TOKEN is set, then its own bearer token (not a member's session); counts only, no team data",
};

export function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .filter(keep)
    .sort();
}

export const routeFiles = () => filesUnder("app", (f) => /(^|\/)route\.tsx?$/.test(f));

export type EntryPoint = {
  file: string;
  exportName: string;
  /** Undefined when the export is not wrapped by guardedAction/guardedRoute. */
  guard: ReturnType<typeof guardOf>;
  fn: (...args: unknown[]) => Promise<unknown>;
};

const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

async function exportsOf(files: readonly string[], keep: (exportName: string) => boolean): Promise<EntryPoint[]> {
  const { guardOf } = await import("@/lib/auth/guard");
  const out: EntryPoint[] = [];
  for (const file of files) {
    for (const [exportName, value] of Object.entries(await importFile(file))) {
      if (keep(exportName)) out.push({ file, exportName, guard: guardOf(value), fn: value as EntryPoint["fn"] });
    }
  }
  return out;
}

/** Every export of every file under lib/actions (each must be a guarded action). */
export const actionExports = () => exportsOf(filesUnder("lib/actions", (f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f)), () => true);

/** The HTTP-method exports of every route file but those in ROUTES_NOT_GUARDED (each must be a guarded route). */
export const routeExports = () =>
  exportsOf(
    routeFiles().filter((f) => !(f in ROUTES_NOT_GUARDED)),
    (name) => HTTP_METHODS.has(name),
  );
