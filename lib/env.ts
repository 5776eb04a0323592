import "server-only";
import { resolveEnv, type AppEnv } from "./config/resolve-env";
import { logger } from "./observability/log";

let cached: AppEnv | undefined;

/**
 * The validated environment of the running server. Read lazily: `next build` imports route modules
 * without a runtime environment, and must not fail for it.
 */
export function env(): AppEnv {
  cached ??= resolveEnv(process.env, (line) => logger("env").warn(line));
  return cached;
}
