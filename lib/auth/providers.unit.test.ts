import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { planProviders, toAuthProvider } = await import("./providers");

const none = {
  APP_MODE: "local" as const,
  DEV_OKTA_HTTP_ORIGINS: undefined,
  AUTH_OKTA_ISSUER: undefined,
  AUTH_OKTA_ID: undefined,
  AUTH_OKTA_SECRET: undefined,
  AUTH_OIDC_ISSUER: undefined,
  AUTH_OIDC_ID: undefined,
  AUTH_OIDC_SECRET: undefined,
  AUTH_OIDC_NAME: undefined,
  AUTH_SANDBOX_ISSUER: undefined,
  AUTH_SANDBOX_ID: undefined,
  AUTH_SANDBOX_SECRET: undefined,
};
const sandbox = { AUTH_SANDBOX_ISSUER: "http://127.0.0.1:4010", AUTH_SANDBOX_ID: "sb", AUTH_SANDBOX_SECRET: "sbs" };

describe("sign-in providers from the environment", () => {
  it("offers Okta and a generic issuer when fully set, and not the sandbox then", () => {
    const plan = planProviders({
      ...none,
      ...sandbox,
      DEV_OKTA_HTTP_ORIGINS: "http://127.0.0.1:4010",
      AUTH_OKTA_ISSUER: "https://acme.okta.com/",
      AUTH_OKTA_ID: "o",
      AUTH_OKTA_SECRET: "os",
      AUTH_OIDC_ISSUER: "https://login.example.com",
      AUTH_OIDC_ID: "g",
      AUTH_OIDC_SECRET: "gs",
      AUTH_OIDC_NAME: "Example SSO",
    });
    expect(plan.specs.map((s) => [s.id, s.name, s.issuer])).toEqual([
      ["okta", "Okta", "https://acme.okta.com"],
      ["oidc", "Example SSO", "https://login.example.com"],
    ]);
    expect(plan.problems).toEqual([]);
  });

  it("uses the sandbox in local mode when nothing else is configured, and warns loudly about http", () => {
    const plan = planProviders({ ...none, ...sandbox, DEV_OKTA_HTTP_ORIGINS: "http://127.0.0.1:4010" });
    expect(plan.specs).toMatchObject([{ id: "sandbox", insecure: true }]);
    expect(plan.warnings.join()).toMatch(/DEVELOPMENT SETTING ON/);
  });

  it("refuses an http issuer whose origin is not in DEV_OKTA_HTTP_ORIGINS", () => {
    const plan = planProviders({ ...none, ...sandbox });
    expect(plan.specs).toEqual([]);
    expect(plan.problems.join()).toMatch(/AUTH_SANDBOX_ISSUER refused: .*DEV_OKTA_HTTP_ORIGINS/);
  });

  it("never uses the sandbox in production", () => {
    const plan = planProviders({ ...none, ...sandbox, APP_MODE: "production" });
    expect(plan.specs).toEqual([]);
  });

  it("names partial configuration", () => {
    const plan = planProviders({ ...none, AUTH_OKTA_ISSUER: "https://acme.okta.com" });
    expect(plan.problems[0]).toMatch(/AUTH_OKTA_ISSUER, AUTH_OKTA_ID and AUTH_OKTA_SECRET must all be set/);
  });

  it("asks for PKCE, state and nonce and keeps no IdP tokens", () => {
    const provider = toAuthProvider({ id: "okta", name: "Okta", issuer: "https://acme.okta.com", clientId: "o", clientSecret: "os", insecure: false }, undefined);
    expect(provider.checks).toEqual(["pkce", "state", "nonce"]);
    expect(provider.type).toBe("oidc");
    expect(provider.account?.({ access_token: "a", refresh_token: "r", id_token: "i", token_type: "bearer" })).toEqual({});
  });
});
