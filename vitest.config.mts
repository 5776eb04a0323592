import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const exclude = ["node_modules/**", ".next/**", "e2e/**", ".data/**"];

// Two projects: `unit` needs nothing running; `integration` gets a real, freshly migrated Postgres
// (DATABASE_URL's server when set, else an embedded PostgreSQL) from tests/setup/database.ts.
export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["**/*.unit.test.ts"], exclude: [...exclude, "sandbox/**"], environment: "node" },
      },
      {
        // The sandbox Okta org's own suites: they start sandbox servers (and Chromium), no database.
        extends: true,
        // hookTimeout: starting a sandbox and Chromium in beforeAll can pass 10 s on a loaded 2-core machine.
        test: { name: "sandbox", include: ["sandbox/**/*.test.ts"], exclude, environment: "node", testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: [...exclude, "sandbox/**"],
          environment: "node",
          globalSetup: ["tests/setup/database.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
