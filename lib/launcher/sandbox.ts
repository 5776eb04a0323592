import path from "node:path";
import type { AppEnv } from "../config/resolve-env";

export type LocalSandbox = { env: Record<string, string>; stop(): Promise<void> };

/**
 * Local mode with no Okta configured: start the sandbox Okta org so a newcomer can try everything
 * offline. Its http origin is allowed as an Okta org only through the explicit development setting.
 */
export async function startLocalSandbox(appEnv: AppEnv, log: (line: string) => void): Promise<LocalSandbox | undefined> {
  if (appEnv.APP_MODE !== "local" || appEnv.SANDBOX === "off") return undefined;
  const { startSandbox } = await import("../../sandbox/index");
  const sandbox = await startSandbox({
    mode: "local",
    port: appEnv.SANDBOX_PORT,
    persistPath: path.join(appEnv.dataDir, "sandbox.json"),
    appUrl: appEnv.APP_URL,
  });
  const { connectorApp, signInApp, admin } = sandbox.seeded;
  log(`Sandbox Okta org: ${sandbox.url}  (a local stand-in for Okta; SANDBOX=off to disable)`);
  log(`  New connection → Domain: ${sandbox.url}  Client ID: ${connectorApp.clientId}  Client Secret: ${connectorApp.clientSecret}`);
  log(`  Sign in as ${admin.login} / ${admin.password}`);
  return {
    env: {
      DEV_OKTA_HTTP_ORIGINS: sandbox.url,
      AUTH_SANDBOX_ISSUER: sandbox.url,
      AUTH_SANDBOX_ID: signInApp.clientId,
      AUTH_SANDBOX_SECRET: signInApp.clientSecret,
    },
    stop: () => sandbox.stop(),
  };
}
