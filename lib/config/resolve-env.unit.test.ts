import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, resolveEnv } from "./resolve-env";

const key = Buffer.alloc(32, 7).toString("base64");
const secret = "s".repeat(40);
const tmpDir = () => mkdtempSync(path.join(os.tmpdir(), "orc-env-"));

describe("resolveEnv", () => {
  it("refuses production without keys and names every missing variable", () => {
    expect(() => resolveEnv({ APP_MODE: "production", DATA_DIR: tmpDir() })).toThrow(
      /APP_MODE=production needs ENCRYPTION_KEY, AUTH_SECRET, DATABASE_URL/,
    );
  });

  it("accepts production with explicit keys and writes no local secrets", () => {
    const dir = tmpDir();
    const env = resolveEnv({ APP_MODE: "production", DATA_DIR: dir, ENCRYPTION_KEY: key, AUTH_SECRET: secret, DATABASE_URL: "postgresql://db/app" });
    expect(env.ENCRYPTION_KEY).toBe(key);
    expect(() => statSync(path.join(dir, "secrets.json"))).toThrow();
  });

  it("rejects a malformed key with the fix", () => {
    expect(() => resolveEnv({ ENCRYPTION_KEY: "short", DATA_DIR: tmpDir() })).toThrow(/ENCRYPTION_KEY: must be 32 random bytes.*openssl rand -base64 32/);
  });

  it("rejects a non-postgres DATABASE_URL and a bad PORT", () => {
    expect(() => resolveEnv({ DATABASE_URL: "mysql://x/y", DATA_DIR: tmpDir() })).toThrow(EnvError);
    expect(() => resolveEnv({ PORT: "70000", DATA_DIR: tmpDir() })).toThrow(/PORT/);
  });

  it("local mode generates keys once (mode 0600) and reuses them on the next start", () => {
    const dir = tmpDir();
    const warnings: string[] = [];
    const first = resolveEnv({ DATA_DIR: dir }, (l) => warnings.push(l));
    const second = resolveEnv({ DATA_DIR: dir }, (l) => warnings.push(l));
    expect(Buffer.from(first.ENCRYPTION_KEY, "base64")).toHaveLength(32);
    expect(second.ENCRYPTION_KEY).toBe(first.ENCRYPTION_KEY);
    expect(second.AUTH_SECRET).toBe(first.AUTH_SECRET);
    expect(warnings).toHaveLength(1);
    const file = path.join(dir, "secrets.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ ENCRYPTION_KEY: first.ENCRYPTION_KEY });
  });

  it("refuses the development http-origin setting in production", () => {
    expect(() =>
      resolveEnv({ APP_MODE: "production", ENCRYPTION_KEY: key, AUTH_SECRET: secret, DATABASE_URL: "postgresql://db/app", DEV_OKTA_HTTP_ORIGINS: "http://127.0.0.1:9000", DATA_DIR: tmpDir() }),
    ).toThrow(/DEV_OKTA_HTTP_ORIGINS .* refused with APP_MODE=production/);
  });

  it("treats empty strings as unset, so FOO= cannot pass for a key", () => {
    expect(() => resolveEnv({ APP_MODE: "production", ENCRYPTION_KEY: "", AUTH_SECRET: secret, DATABASE_URL: "postgresql://db/app", DATA_DIR: tmpDir() })).toThrow(/needs ENCRYPTION_KEY/);
  });
});
