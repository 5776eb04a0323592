import path from "node:path";
import { describeEnvError, envSchema, type RawEnv } from "./schema";
import { loadOrCreateLocalSecrets } from "./local-secrets";

export type AppEnv = Omit<RawEnv, "ENCRYPTION_KEY" | "AUTH_SECRET" | "APP_URL"> & {
  ENCRYPTION_KEY: string;
  AUTH_SECRET: string;
  APP_URL: string;
  dataDir: string;
};

export class EnvError extends Error {}

/**
 * Validates the environment. Production requires explicit keys; local mode fills missing keys from
 * (or generates them into) DATA_DIR/secrets.json. There is no path that runs without a key.
 */
export function resolveEnv(source: Record<string, string | undefined>, warn: (line: string) => void = () => {}): AppEnv {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) throw new EnvError(`Invalid configuration: ${describeEnvError(parsed.error)}`);
  const raw = parsed.data;
  const dataDir = path.resolve(raw.DATA_DIR);
  let { ENCRYPTION_KEY, AUTH_SECRET } = raw;

  if (raw.APP_MODE === "production") {
    const missing = [
      ["ENCRYPTION_KEY", ENCRYPTION_KEY],
      ["AUTH_SECRET", AUTH_SECRET],
      ["DATABASE_URL", raw.DATABASE_URL],
    ].filter(([, v]) => !v).map(([k]) => k);
    if (raw.DEV_OKTA_HTTP_ORIGINS) {
      throw new EnvError("DEV_OKTA_HTTP_ORIGINS is a development setting and is refused with APP_MODE=production; unset it");
    }
    if (missing.length > 0) {
      throw new EnvError(`APP_MODE=production needs ${missing.join(", ")}; set them (see README, Configuration). Keys: openssl rand -base64 32`);
    }
  } else if (!ENCRYPTION_KEY || !AUTH_SECRET) {
    const local = loadOrCreateLocalSecrets(dataDir, warn);
    ENCRYPTION_KEY ??= local.ENCRYPTION_KEY;
    AUTH_SECRET ??= local.AUTH_SECRET;
  }
  if (!ENCRYPTION_KEY || !AUTH_SECRET) throw new EnvError("ENCRYPTION_KEY and AUTH_SECRET are required");

  return {
    ...raw,
    ENCRYPTION_KEY,
    AUTH_SECRET,
    APP_URL: (raw.APP_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, ""),
    dataDir,
  };
}
