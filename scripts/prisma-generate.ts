import { execFileSync } from "node:child_process";

// The Prisma 7 CLI looks for its schema engine on every command and tries to download it, which
// cannot work offline. `generate` never uses that engine, so any existing file satisfies the lookup.
// (migrate/db push would silently do nothing with it; migrations are applied by scripts/db-migrate.ts.)
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath };
execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], { stdio: "inherit", env });
