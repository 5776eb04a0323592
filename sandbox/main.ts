// `npm run sandbox`: the sandbox Okta org for local use. Prints the connection settings as
// KEY=value lines (one each) for scripts to parse, persists to .data/sandbox.json, and stops
// cleanly on SIGINT/SIGTERM.
import { startSandbox } from "./index";

async function main(): Promise<void> {
  const port = Number(process.env.SANDBOX_PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SANDBOX_PORT must be a port number, got ${process.env.SANDBOX_PORT}`);
  const appUrl = process.env.SANDBOX_APP_URL ?? "http://localhost:3000";
  const sandbox = await startSandbox({
    mode: "local",
    port,
    host: process.env.SANDBOX_HOST ?? "127.0.0.1",
    persistPath: process.env.SANDBOX_PERSIST_PATH ?? ".data/sandbox.json",
    seed: { appUrl },
  });
  const lines = {
    OKTA_ORG_URL: sandbox.url,
    OKTA_API_TOKEN: sandbox.apiToken,
    OKTA_CLIENT_ID: sandbox.seeded.connectorApp.clientId,
    OKTA_CLIENT_SECRET: sandbox.seeded.connectorApp.clientSecret,
    OKTA_ADMIN_LOGIN: sandbox.seeded.admin.login,
    OKTA_ADMIN_PASSWORD: sandbox.seeded.admin.password,
  };
  process.stdout.write(Object.entries(lines).map(([k, v]) => `${k}=${v}\n`).join(""));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    sandbox.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`[sandbox] failed to stop after ${signal}`, err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  console.error("[sandbox] failed to start", err);
  process.exit(1);
});
