import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "proxy.ts", "public", "prisma/schema.prisma", "next.config.js", "package-lock.json", "postcss.config.mjs"];
const SKIP = new Set(["generated", "node_modules"]);
const distDir = () => process.env.NEXT_DIST_DIR || ".next";

function listFiles(entry: string, out: string[]): void {
  if (!existsSync(entry)) return;
  const stat = statSync(entry);
  if (stat.isFile()) {
    out.push(`${entry}:${stat.size}:${stat.mtimeMs}`);
    return;
  }
  for (const name of readdirSync(entry).sort()) {
    if (!SKIP.has(name)) listFiles(path.join(entry, name), out);
  }
}

/** Sizes and mtimes of the inputs of `next build`: cheap, and changes whenever the code does. */
export function sourceFingerprint(): string {
  const files: string[] = [];
  for (const s of SOURCES) listFiles(s, files);
  return createHash("sha256").update(files.join("\n")).digest("hex");
}

/**
 * Generates lib/generated/prisma when its client is missing (an install that skipped postinstall,
 * or a cleaned tree): the build, lint and typecheck import it. Checks the file, not the folder, so
 * a missing folder is the same case. `generate` runs node with the given arguments (npm test and
 * verify pass their step runner); the default shows the output and throws when it fails.
 */
export function ensurePrismaClient(generate: (nodeArgs: string[]) => unknown = (nodeArgs) => execFileSync(process.execPath, nodeArgs, { stdio: "inherit" })): void {
  if (!existsSync("lib/generated/prisma/client.ts")) generate(["--import", "tsx", "scripts/prisma-generate.ts"]);
}

/** Builds when there is no build, or the sources changed since the last one (a stale build misleads). */
export function ensureBuild(log: (line: string) => void): void {
  const fingerprint = sourceFingerprint();
  const marker = path.join(distDir(), "source-fingerprint");
  const current = existsSync(path.join(distDir(), "BUILD_ID")) && existsSync(marker) && readFileSync(marker, "utf8") === fingerprint;
  if (current) return;
  log("Building the app (first start or changed sources; takes about a minute)…");
  ensurePrismaClient();
  execFileSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit" });
  // After the build: `next build` may itself touch tsconfig.json.
  writeFileSync(marker, sourceFingerprint());
}
