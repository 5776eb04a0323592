// SSRF through the server's own fetches: redirects to internal hosts, discovery metadata naming
// internal endpoints, DNS answers that point at private ranges, and the default wiring with no test
// hooks at all. Each row is an attack that must be refused; two observers that don't go through the
// guard (counting servers on 127.0.0.2/127.0.0.1 and every client socket the process opens, seen
// through node:diagnostics_channel) must see no connection to a disallowed host.
import { customFetch } from "@auth/core";
import * as oidc from "openid-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createOpenIdRefresher, createOrgClientFactory } from "@/lib/connections/token-endpoint";
import { createGuardedLookup, findDisallowedAddress, type Resolver } from "@/lib/net/guarded-lookup";
import { createOutboundFetch } from "@/lib/net/outbound-fetch";
import { createOktaClient } from "@/lib/okta/client";
import { OktaUpstreamError } from "@/lib/okta/errors";
import { createTransport } from "@/lib/okta/transport";
import { reportFigures } from "../verify/report";
import { type CountingServer, observeClientSockets, type SocketObserver, startCountingServer } from "./observer";
import { orgMetadata } from "@/lib/connections/testing/org-metadata";
import { type StubOkta, startStubOkta } from "./stub-okta";

vi.mock("server-only", () => ({}));
const { toAuthProvider } = await import("@/lib/auth/providers");

let stub: StubOkta;
let count2: CountingServer; // 127.0.0.2: a private address nothing may reach
let count1: CountingServer; // 127.0.0.1 on another port than the stub: what "localhost" resolves to
let observer: SocketObserver;
const rows: [string, string][] = [];
let attacks = 0;
let rejected = 0;

beforeAll(async () => {
  observer = observeClientSockets();
  [stub, count2, count1] = await Promise.all([startStubOkta(), startCountingServer("127.0.0.2"), startCountingServer("127.0.0.1")]);
});

const accepted = () => count1.accepted() + count2.accepted();

afterAll(async () => {
  const disallowed = observer.disallowedSockets(stub.port) + accepted();
  observer.stop();
  await Promise.all([stub.close(), count2.close(), count1.close()]);
  rows.push(["outbound attacks refused (redirects, metadata, DNS, default wiring)", `${rejected}/${attacks}`]);
  rows.push(["connections to disallowed hosts (counting servers + socket observer)", String(disallowed)]);
  reportFigures({ suite: "ssrf", counts: { attacks, attacks_rejected: rejected, disallowed_requests: disallowed }, rows });
});

/**
 * Runs one attack: `refused` must resolve true, and neither observer may have seen a connection to a
 * disallowed host while it ran. Counted for the figures whatever the outcome.
 */
async function attack(refused: () => Promise<boolean>): Promise<void> {
  attacks++;
  const socketsBefore = observer.disallowedSockets(stub.port);
  const acceptedBefore = accepted();
  const ok = await refused();
  // Give a (wrongly) opened socket time to show up before judging.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const leaked = observer.disallowedSockets(stub.port) - socketsBefore + (accepted() - acceptedBefore);
  if (ok && leaked === 0) rejected++;
  expect(ok).toBe(true);
  expect(leaked).toBe(0);
}

const rejects = (promise: Promise<unknown>): Promise<boolean> => promise.then(
  () => false,
  () => true,
);

const CLIENT = { clientId: "0oa-ssrf", clientSecret: "ssrf-secret-value" };
const oktaClient = (origin: string, extra: Partial<Parameters<typeof createOktaClient>[0]> = {}) =>
  createOktaClient({ origin, getAccessToken: async () => "access-token", retry: { maxRetries: 0 }, ...extra });
const firstPage = async (client: ReturnType<typeof createOktaClient>): Promise<void> => {
  for await (const page of client.realms.list({ limit: 1 }).pages({ maxRecords: 2 })) void page;
};
const signInFetch = (): typeof fetch => {
  const provider = toAuthProvider({ id: "oidc", name: "SSO", issuer: stub.origin, clientId: "c", clientSecret: "s", insecure: true }, stub.origin);
  const f = provider[customFetch];
  if (!f) throw new Error("provider has no customFetch");
  return f;
};

describe("controls: the exempt stand-in org (DEV_OKTA_HTTP_ORIGINS) is reachable", () => {
  it("discovery, refresh and a Management API page succeed against it", async () => {
    stub.setRoutes({
      "/.well-known/openid-configuration": () => ({ status: 200, body: orgMetadata(stub.origin) }),
      "/oauth2/v1/token": () => ({ status: 200, body: { access_token: "at", token_type: "Bearer", expires_in: 3600 } }),
      "/api/v1/realms": () => ({ status: 200, body: [] }),
    });
    const refresh = createOpenIdRefresher({ devHttpOrigins: [stub.origin], timeoutSeconds: 2 });
    await expect(refresh({ oktaDomain: stub.origin, ...CLIENT, refreshToken: "rt" })).resolves.toMatchObject({ access_token: "at" });
    await expect(firstPage(oktaClient(stub.origin))).resolves.toBeUndefined();
    expect(observer.disallowedSockets(stub.port) + accepted()).toBe(0);
  });
});

describe("redirects from the org to internal hosts are never followed", () => {
  const targets = () => [
    ["the metadata service", "http://169.254.169.254/latest/meta-data/iam/security-credentials/"],
    ["127.0.0.2 (counting)", `${count2.origin}/steal`],
    ["localhost (counting)", `http://localhost:${count1.port}/steal`],
    ["mapped ::ffff:127.0.0.2 (counting)", `http://[::ffff:127.0.0.2]:${count2.port}/steal`],
  ];
  const redirectTo = (location: string, status = 302) => () => ({ status, headers: { location } });

  it("discovery (openid-client)", async () => {
    for (const [, target] of targets()) {
      stub.setRoutes({ "/.well-known/openid-configuration": redirectTo(target ?? "") });
      const orgClient = createOrgClientFactory({ devHttpOrigins: [stub.origin], timeoutSeconds: 2 });
      await attack(() => rejects(orgClient(stub.origin, CLIENT.clientId, CLIENT.clientSecret)));
    }
  });

  it("token endpoint (refresh grant)", async () => {
    for (const [, target] of targets()) {
      stub.setRoutes({
        "/.well-known/openid-configuration": () => ({ status: 200, body: orgMetadata(stub.origin) }),
        "/oauth2/v1/token": redirectTo(target ?? "", 307),
      });
      const refresh = createOpenIdRefresher({ devHttpOrigins: [stub.origin], timeoutSeconds: 2 });
      await attack(() => rejects(refresh({ oktaDomain: stub.origin, ...CLIENT, refreshToken: "rt" })));
    }
  });

  it("revocation endpoint", async () => {
    for (const [, target] of targets()) {
      stub.setRoutes({
        "/.well-known/openid-configuration": () => ({ status: 200, body: orgMetadata(stub.origin) }),
        "/oauth2/v1/revoke": redirectTo(target ?? "", 307),
      });
      const config = await createOrgClientFactory({ devHttpOrigins: [stub.origin], timeoutSeconds: 2 })(stub.origin, CLIENT.clientId, CLIENT.clientSecret);
      await attack(() => rejects(oidc.tokenRevocation(config, "refresh-token", { token_type_hint: "refresh_token" })));
    }
  });

  it("Management API (transport's default fetch)", async () => {
    for (const [, target] of targets()) {
      stub.setRoutes({ "/api/v1/realms": redirectTo(target ?? "") });
      await attack(() => firstPage(oktaClient(stub.origin)).then(() => false, (e: unknown) => e instanceof OktaUpstreamError && e.kind === "redirect"));
    }
  });

  it("sign-in issuer requests (Auth.js customFetch) get the 3xx back, unfollowed", async () => {
    for (const [, target] of targets()) {
      stub.setRoutes({ "/.well-known/openid-configuration": redirectTo(target ?? "") });
      await attack(async () => (await signInFetch()(`${stub.origin}/.well-known/openid-configuration`)).status === 302);
    }
  });
});

describe("discovery metadata and Link headers naming another host are refused before any request", () => {
  it("token and revocation endpoints off the org's origin", async () => {
    const cases: [string, Record<string, string>][] = [
      ["token", { token_endpoint: `${count2.origin}/token` }],
      ["token", { token_endpoint: `http://localhost:${count1.port}/token` }],
      ["revoke", { revocation_endpoint: "http://169.254.169.254/revoke" }],
      ["revoke", { revocation_endpoint: `${count2.origin}/revoke` }],
    ];
    for (const [call, overrides] of cases) {
      stub.setRoutes({ "/.well-known/openid-configuration": () => ({ status: 200, body: orgMetadata(stub.origin, overrides) }) });
      const orgClient = createOrgClientFactory({ devHttpOrigins: [stub.origin], timeoutSeconds: 2 });
      const config = await orgClient(stub.origin, CLIENT.clientId, CLIENT.clientSecret);
      await attack(() => rejects(call === "token" ? oidc.refreshTokenGrant(config, "rt") : oidc.tokenRevocation(config, "rt")));
    }
  });

  it("a Link rel=next to an internal host", async () => {
    for (const next of [`${count2.origin}/api/v1/realms?after=x`, "http://169.254.169.254/api/v1/realms?after=x"]) {
      stub.setRoutes({ "/api/v1/realms": () => ({ status: 200, headers: { link: `<${next}>; rel="next"` }, body: [] }) });
      await attack(() => firstPage(oktaClient(stub.origin)).then(() => false, (e: unknown) => e instanceof OktaUpstreamError && e.kind === "off_origin"));
    }
  });
});

describe("names whose DNS answers point at non-public addresses are refused before connecting", () => {
  const PRIVATE_ANSWERS: [string, 4 | 6][] = [
    ["127.0.0.2", 4],
    ["10.0.0.5", 4],
    ["172.16.3.4", 4],
    ["192.168.1.10", 4],
    ["100.64.0.1", 4],
    ["169.254.169.254", 4],
    ["169.254.10.10", 4],
    ["0.0.0.0", 4],
    ["192.0.0.192", 4],
    ["198.18.0.1", 4],
    ["224.0.0.251", 4],
    ["255.255.255.255", 4],
    ["::1", 6],
    ["::", 6],
    ["fc00::1", 6],
    ["fd00:ec2::254", 6],
    ["fe80::1", 6],
    ["::ffff:10.0.0.5", 6],
    ["::ffff:a9fe:a9fe", 6],
    ["64:ff9b::a9fe:a9fe", 6],
    ["64:ff9b::7f00:1", 6],
    ["2002:7f00:1::1", 6],
    ["ff02::1", 6],
  ];
  const answer = (address: string, family: 4 | 6): Resolver => async () => [{ address, family }];
  const HOSTS = ["acme.okta.com", "sso.acme-corp.com"] as const;

  it.each(PRIVATE_ANSWERS)("%s: discovery of an Okta org and of an allow-listed custom domain", async (address, family) => {
    for (const host of HOSTS) {
      const orgClient = createOrgClientFactory({ devHttpOrigins: [], allowedDomains: "sso.acme-corp.com", timeoutSeconds: 2, resolve: answer(address, family) });
      let refusal: Error | undefined;
      await attack(() =>
        orgClient(host, CLIENT.clientId, CLIENT.clientSecret).then(
          () => false,
          (e: unknown) => {
            refusal = findDisallowedAddress(e);
            return refusal !== undefined;
          },
        ),
      );
      // Actionable: names the host, the address and what kind of address it is; no secret.
      expect(refusal?.message).toMatch(new RegExp(`^${host.replace(/\./g, "\\.")} resolves to .+ \\(${address.replace(/[.]/g, "\\.")}\\)`));
      expect(refusal?.message).not.toContain(CLIENT.clientSecret);
    }
  });

  it("one private address among public ones refuses the whole answer (refresh and Management API)", async () => {
    const mixed: Resolver = async () => [
      { address: "8.8.8.8", family: 4 },
      { address: "10.0.0.5", family: 4 },
    ];
    const refresh = createOpenIdRefresher({ devHttpOrigins: [], timeoutSeconds: 2, resolve: mixed });
    await attack(() => rejects(refresh({ oktaDomain: "acme.okta.com", ...CLIENT, refreshToken: "rt" })));
    const guarded = createOutboundFetch({ resolve: mixed });
    await attack(() =>
      firstPage(oktaClient("https://acme.okta.com", { fetch: guarded })).then(
        () => false,
        (e: unknown) => e instanceof OktaUpstreamError && /resolves to a private address \(10\.0\.0\.5\)/.test(e.message),
      ),
    );
  });

  it("DNS rebinding: the socket gets the answer that was checked; a second, private answer is never asked for", async () => {
    // Public first, then 127.0.0.2: a check-then-resolve-again design would connect to the second.
    const answers = ["93.184.216.34", "127.0.0.2"];
    let calls = 0;
    const rebinding: Resolver = async () => [{ address: answers[Math.min(calls++, 1)] ?? "", family: 4 }];
    const lookup = createGuardedLookup(rebinding);
    await attack(
      () =>
        new Promise<boolean>((resolve) =>
          lookup("rebind.example.com", { all: true }, (error, addresses) => {
            resolve(error === null && JSON.stringify(addresses) === JSON.stringify([{ address: "93.184.216.34", family: 4 }]) && calls === 1);
          }),
        ),
    );
    // Asked again (a new connection), the private answer is refused, not used.
    await attack(
      () => new Promise<boolean>((resolve) => lookup("rebind.example.com", { all: false }, (error) => resolve(findDisallowedAddress(error) !== undefined))),
    );
  });

  it("the refresh failure is a configuration problem to fix, not a transient one to retry", async () => {
    const refresh = createOpenIdRefresher({ devHttpOrigins: [], timeoutSeconds: 2, resolve: answer("169.254.169.254", 4) });
    const { classifyRefreshError } = await import("@/lib/connections/token-endpoint");
    const error = await refresh({ oktaDomain: "acme.okta.com", ...CLIENT, refreshToken: "rt" }).catch((e: unknown) => e);
    expect(classifyRefreshError(error)).toMatchObject({ kind: "configuration", message: expect.stringMatching(/the cloud metadata service \(169\.254\.169\.254\)/) });
  });
});

describe("the default wiring, with no test hooks, holds the same line", () => {
  it("Management API pinned to a loopback name or address over https, or to http without the exemption", async () => {
    const pinned = [`https://localhost:${count1.port}`, `https://127.0.0.2:${count2.port}`, `https://[::ffff:7f00:2]:${count2.port}`];
    for (const origin of pinned) {
      await attack(() => firstPage(oktaClient(origin)).then(() => false, (e: unknown) => e instanceof OktaUpstreamError && findDisallowedAddress(e) !== undefined));
    }
    const transport = createTransport({ origin: count2.origin, exemptOrigins: [], getAccessToken: async () => "t", retry: { maxRetries: 0 } });
    await attack(() => rejects(transport.send({ operation: "listRealms", url: `${count2.origin}/api/v1/realms` })));
  });

  it("sign-in issuer fetches to internal hosts", async () => {
    for (const url of [`https://127.0.0.2:${count2.port}/.well-known/openid-configuration`, `https://localhost:${count1.port}/token`, `http://127.0.0.2:${count2.port}/token`, "http://169.254.169.254/latest/meta-data/"]) {
      await attack(() => rejects(signInFetch()(url)));
    }
  });
});
