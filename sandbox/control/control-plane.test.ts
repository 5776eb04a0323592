import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox } from "../index";
import { asArray, call, field, start, type Sandbox } from "../management/test-support/client";

let sb: Sandbox;
const dir = mkdtempSync(join(tmpdir(), "sandbox-control-"));
beforeAll(async () => {
  sb = await start();
});
afterAll(async () => {
  await sb.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("control plane over HTTP", () => {
  it("requires the org's API token", async () => {
    expect((await call(sb, "GET", "/__sandbox/state", { auth: null })).status).toBe(401);
    expect((await call(sb, "GET", "/__sandbox/state", { auth: "SSWS nope" })).status).toBe(401);
    const state = await call(sb, "GET", "/__sandbox/state");
    expect(state.status).toBe(200);
    expect(field(field(state.json, "seeded"), "connectorApp")).toEqual(sb.seeded.connectorApp);
  });

  it("bulk-adds users, changes grants, advances the clock and reads counters", async () => {
    const realm = sb.org.createRealm({ name: "Bulk" });
    const bulk = await call(sb, "POST", "/__sandbox/users/bulk", { body: { count: 2000, realmId: realm.id, loginPattern: "b{n}@bulk.example" } });
    expect(bulk.status).toBe(201);
    expect(field(bulk.json, "created")).toBe(2000);
    expect(sb.org.users.countInRealm(realm.id)).toBe(2000);

    const clientId = sb.seeded.connectorApp.clientId;
    const grants = await call(sb, "POST", `/__sandbox/apps/${clientId}/grants`, { body: { revoke: ["okta.users.manage"], grant: ["okta.realmAssignments.read"] } });
    expect(field(grants.json, "grantedScopes")).toContain("okta.realmAssignments.read");
    expect(sb.org.getApp(clientId)?.grantedScopes.has("okta.users.manage")).toBe(false);

    const before = sb.clock.now();
    await call(sb, "POST", "/__sandbox/clock/advance", { body: { ms: 3_600_000 } });
    expect(sb.clock.now() - before).toBeGreaterThanOrEqual(3_600_000);

    const counters = await call(sb, "GET", "/__sandbox/counters");
    expect(field(field(counters.json, "requests"), "POST /__sandbox/users/bulk")).toBeUndefined();
    const bad = await call(sb, "POST", "/__sandbox/users/bulk", { body: { count: -1 } });
    expect(bad.status).toBe(400);
  });

  it("injects failures over HTTP and resets the org keeping credentials", async () => {
    await call(sb, "PUT", "/__sandbox/faults", { body: { rules: [{ pathPrefix: "/api/v1/realms", failNext: 1, errorStatus: 502 }] } });
    expect((await call(sb, "GET", "/api/v1/realms")).status).toBe(502);
    const reset = await call(sb, "POST", "/__sandbox/reset", { body: {} });
    expect(reset.status).toBe(200);
    expect(field(field(reset.json, "seeded"), "connectorApp")).toEqual(sb.seeded.connectorApp);
    const realms = await call(sb, "GET", "/api/v1/realms");
    expect(asArray(realms.json)).toHaveLength(1);
    expect(sb.org.getApp(sb.seeded.connectorApp.clientId)?.grantedScopes.has("okta.users.manage")).toBe(true);
  });
});

describe("persistence", () => {
  it("keeps the org and its credentials across restarts", async () => {
    const persistPath = join(dir, "org.json");
    const first = await startSandbox({ mode: "local", persistPath, seed: { userCount: 40 } });
    const realm = first.org.createRealm({ name: "Survivor" });
    const creds = { token: first.apiToken, seeded: first.seeded };
    await first.stop();
    const second = await startSandbox({ mode: "local", persistPath });
    try {
      expect(second.apiToken).toBe(creds.token);
      expect(second.seeded).toEqual(creds.seeded);
      expect(second.org.realms.get(realm.id)?.profile.name).toBe("Survivor");
      expect(second.org.users.size).toBe(41);
      expect(second.org.checkPassword(second.seeded.admin.id, second.seeded.admin.password)).toBe(true);
    } finally {
      await second.stop();
    }
  });
});

describe("npm run sandbox (main.ts)", () => {
  it("prints the six settings, serves the org, and exits cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "sandbox/main.ts"], {
      env: { ...process.env, SANDBOX_PORT: "0", SANDBOX_PERSIST_PATH: join(dir, "main.json"), SANDBOX_APP_URL: "http://app.test:4000" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const settings = await new Promise<Record<string, string>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no settings printed: ${out}`)), 30_000);
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("OKTA_ADMIN_PASSWORD=")) {
          clearTimeout(timer);
          resolve(Object.fromEntries(out.trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)])));
        }
      });
    });
    expect(Object.keys(settings)).toEqual(["OKTA_ORG_URL", "OKTA_API_TOKEN", "OKTA_CLIENT_ID", "OKTA_CLIENT_SECRET", "OKTA_ADMIN_LOGIN", "OKTA_ADMIN_PASSWORD"]);
    expect(settings.OKTA_ADMIN_LOGIN).toBe("admin@sandbox.example");
    const res = await fetch(`${settings.OKTA_ORG_URL}/__sandbox/apps`, { headers: { authorization: `SSWS ${settings.OKTA_API_TOKEN}` } });
    const apps = (await res.json()) as { clientId: string; redirectUris: string[] }[];
    expect(apps.find((a) => a.clientId === settings.OKTA_CLIENT_ID)?.redirectUris).toEqual(["http://app.test:4000/api/connections/callback"]);
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", (c) => resolve(c));
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
  });
});
