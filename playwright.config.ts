import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
// Playwright's own browser cannot be downloaded here; Debian's Chromium works through executablePath.
const dataDir = process.env.E2E_DATA_DIR ?? ".data/e2e";
// The server's whole output (launcher, Next, sandbox) goes to a file too, so the secret scan can
// read it; set here, in the runner, so every worker inherits it.
const serverLog = path.resolve(dataDir, "server.log");
process.env.E2E_SERVER_LOG = serverLog;
const chromiumPath = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "./e2e",
  outputDir: path.join(dataDir, "test-results"),
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  timeout: 60_000,
  reporter: process.env.PW_JSON_OUTPUT ? [["list"], ["json", { outputFile: process.env.PW_JSON_OUTPUT }]] : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  // The real start path (scripts/start.ts): database choice, migrations, sandbox, build, next start.
  webServer: {
    command: `mkdir -p '${dataDir}' && node --import tsx scripts/start.ts 2>&1 | tee '${serverLog}'`,
    url: `${baseURL}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(port),
      APP_URL: baseURL,
      DATA_DIR: dataDir,
      // The scheduled connection check would change connection states under the specs' feet; the
      // operability suite (tests/operability) proves it instead.
      CONNECTION_CHECKS: process.env.CONNECTION_CHECKS ?? "off",
      ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
    },
  },
});
