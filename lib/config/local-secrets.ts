import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const secretsFileSchema = z.object({ ENCRYPTION_KEY: z.string(), AUTH_SECRET: z.string() });
export type LocalSecrets = z.infer<typeof secretsFileSchema>;

/**
 * Local mode only: generate the encryption key and auth secret once and keep them in the data
 * directory (mode 0600), so encrypted rows and sessions stay readable across restarts.
 * Production never calls this: it refuses to start without explicit keys.
 */
export function loadOrCreateLocalSecrets(dataDir: string, warn: (line: string) => void): LocalSecrets {
  const file = path.join(dataDir, "secrets.json");
  if (existsSync(file)) {
    const parsed = secretsFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (!parsed.success) throw new Error(`${file} is not a valid secrets file; move it away to generate new keys (data encrypted with the old key becomes unreadable)`);
    return parsed.data;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secrets: LocalSecrets = {
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    AUTH_SECRET: randomBytes(32).toString("base64"),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  warn(`Generated ENCRYPTION_KEY and AUTH_SECRET into ${file} (local mode). Set both explicitly in production.`);
  return secrets;
}
