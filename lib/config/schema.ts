import { z } from "zod";

// Every environment variable the app reads, in one place. README's configuration table mirrors it.
// Empty strings count as unset so `FOO=` in a .env file does not sneak past "required".
const optionalString = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());

const base64Key = z
  .string()
  .refine((v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, "base64").length === 32, {
    message: "must be 32 random bytes, base64-encoded (generate one with: openssl rand -base64 32)",
  });

export const envSchema = z.object({
  APP_MODE: z.enum(["local", "production"]).default("local"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
  DATA_DIR: z.preprocess((v) => (v === "" ? undefined : v), z.string().default(".data")),
  DATABASE_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgresql:// URL" }).optional(),
  ),
  ENCRYPTION_KEY: z.preprocess((v) => (v === "" ? undefined : v), base64Key.optional()),
  AUTH_SECRET: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().min(32, "must be at least 32 characters (generate one with: openssl rand -base64 32)").optional(),
  ),
  SANDBOX: z.enum(["auto", "off"]).default("auto"),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Comma-separated custom Okta domains accepted besides *.okta.com, *.okta-emea.com, *.oktapreview.com. */
  OKTA_ALLOWED_DOMAINS: optionalString,
  /**
   * The one development setting: comma-separated http(s) origins allowed to act as an Okta org or
   * sign-in issuer (the sandbox, other Okta stand-ins). Off by default, logged loudly when on,
   * refused in production.
   */
  DEV_OKTA_HTTP_ORIGINS: optionalString,
  /** Previous encryption keys (comma-separated, base64), kept only to decrypt until re-encrypted. */
  ENCRYPTION_RETIRED_KEYS: optionalString,
  // Sign-in providers (any that are fully set are offered).
  AUTH_OKTA_ISSUER: optionalString,
  AUTH_OKTA_ID: optionalString,
  AUTH_OKTA_SECRET: optionalString,
  AUTH_OIDC_ISSUER: optionalString,
  AUTH_OIDC_ID: optionalString,
  AUTH_OIDC_SECRET: optionalString,
  AUTH_OIDC_NAME: optionalString,
  /** Set by `npm start` in local mode: the sandbox Okta org as the identity provider. */
  AUTH_SANDBOX_ISSUER: optionalString,
  AUTH_SANDBOX_ID: optionalString,
  AUTH_SANDBOX_SECRET: optionalString,
  /** Comma-separated email domains whose people may join (as viewers) without an invitation. */
  ALLOWED_EMAIL_DOMAINS: optionalString,
  /** Log verbosity; production writes JSON lines, local mode readable ones (lib/observability/log.ts). */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("info"),
  /** Turns on /api/metrics (Prometheus); scrapers send it as a bearer token. Unset: the endpoint answers 404. */
  METRICS_TOKEN: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(16, "must be at least 16 characters (generate one with: openssl rand -hex 32)").optional()),
  /** Minutes between scheduled connection health checks (one run per interval across all instances). */
  CONNECTION_CHECK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** After SIGTERM, how long the server keeps serving (readiness already 503) before it closes its listener. */
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().int().min(0).max(600).default(5),
  /** Longest a SIGTERM waits (drain included) before the process exits. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(1).max(3600).default(25),
  SESSION_MAX_AGE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
});

export type RawEnv = z.infer<typeof envSchema>;

/** One line per problem, naming the variable and the fix. */
export function describeEnvError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`)
    .join("; ");
}
