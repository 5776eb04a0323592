import { existsSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import type { AppEnv } from "../config/resolve-env";

export type LocalSandbox = { env: Record<string, string>; stop(): Promise<void> };

async function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Connections store the org's origin, so the sandbox keeps its port across restarts: SANDBOX_PORT
 * when set, else the port it had last time (if still free), else any free port.
 */
async function choosePort(appEnv: AppEnv, file: string): Promise<{ port: number; lost?: number }> {
  if (appEnv.SANDBOX_PORT !== 0) return { port: appEnv.SANDBOX_PORT };
  const last = existsSync(file) ? Number(readFileSync(file, "utf8").trim()) : 0;
  if (!Number.isInteger(last) || last <= 0) return { port: 0 };
  return (await isFree(last)) ? { port: last } : { port: 0, lost: last };
}

/**
 * Local mode: start the sandbox Okta org so a newcomer can try everything offline. Its http origin
 * is allowed as an Okta org only through the explicit development setting (DEV_OKTA_HTTP_ORIGINS).
 */
export async function startLocalSandbox(appEnv: AppEnv, log: (line: string) => void): Promise<LocalSandbox | undefined> {
  if (appEnv.APP_MODE !== "local" || appEnv.SANDBOX === "off") return undefined;
  const { startSandbox } = await import("../../sandbox/index");
  const portFile = path.join(appEnv.dataDir, "sandbox.port");
  const { port, lost } = await choosePort(appEnv, portFile);
  const sandbox = await startSandbox({
    mode: "local",
    port,
    persistPath: path.join(appEnv.dataDir, "sandbox.json"),
    seed: { appUrl: appEnv.APP_URL },
  });
  writeFileSync(portFile, String(new URL(sandbox.url).port));
  const { connectorApp, signInApp, admin } = sandbox.seeded;
  // A persisted org keeps the redirect URIs of its first run; register this run's app URL too
  // (as an Okta admin would on the OAuth app's General tab when the app moves).
  for (const [clientId, callback] of [
    [connectorApp.clientId, "/api/connections/callback"],
    [signInApp.clientId, "/api/auth/callback/sandbox"],
  ] as const) {
    const app = sandbox.org.getApp(clientId);
    const uri = `${appEnv.APP_URL}${callback}`;
    if (app && !app.redirectUris.includes(uri)) app.redirectUris.push(uri);
  }
  log(`Sandbox Okta org: ${sandbox.url}  (a local stand-in for Okta; SANDBOX=off to disable)`);
  if (lost !== undefined) {
    log(`WARNING the sandbox's previous port ${lost} is in use, so its domain changed: connections to 127.0.0.1:${lost} will fail until it is free again and npm start is restarted`);
  }
  log(`  New connection → Domain: ${sandbox.url}  Client ID: ${connectorApp.clientId}  Client Secret: ${connectorApp.clientSecret}`);
  log(`  Sign in as ${admin.login} / ${admin.password}`);
  log(`  WARNING development setting on: DEV_OKTA_HTTP_ORIGINS=${sandbox.url} (http origin accepted as an Okta org)`);
  return {
    env: {
      DEV_OKTA_HTTP_ORIGINS: [process.env.DEV_OKTA_HTTP_ORIGINS, sandbox.url].filter(Boolean).join(","),
      AUTH_SANDBOX_ISSUER: sandbox.url,
      AUTH_SANDBOX_ID: signInApp.clientId,
      AUTH_SANDBOX_SECRET: signInApp.clientSecret,
    },
    stop: () => sandbox.stop(),
  };
}
