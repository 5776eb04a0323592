// The create-connection server action itself (guard → zod → Domain rules → discovery), called as an
// admin with hostile domains and with an org whose discovery redirects to internal hosts. Each must
// be refused with a message on the Domain field, save nothing, and open no connection to a
// disallowed host (counting server on 127.0.0.2 + every client socket, seen by diagnostics_channel).
import { afterAll, describe, expect, it, vi } from "vitest";
import { reportFigures } from "../verify/report";
import { observeClientSockets, startCountingServer } from "./observer";
import { startStubOkta } from "./stub-okta";

vi.mock("server-only", () => ({}));

// Before the app's env() is first read: the stand-in org is the one exempt origin, as the sandbox is.
const stub = await startStubOkta();
const counting = await startCountingServer("127.0.0.2");
const observer = observeClientSockets();
process.env.DEV_OKTA_HTTP_ORIGINS = stub.origin;
process.env.OKTA_ALLOWED_DOMAINS = "sso.acme-corp.com, localhost, sso.corp";

const { createConnectionAction } = await import("@/lib/actions/connections/create-connection");
const { db } = await import("@/lib/db");
const fx = await import("../support/team-fixtures");

const HOSTILE = [
  "127.0.0.1", "2130706433", "0177.0.0.1", "0x7f.1", "169.254.169.254", "0251.0376.0251.0376", "[::1]", "[::ffff:127.0.0.1]",
  "[fd00:ec2::254]", "fe80::1%eth0", "localhost", "acme.localhost", "metadata.google.internal.", "instance-data", "sso.corp",
  "acme.okta.com@127.0.0.1", "https://acme.okta.com@169.254.169.254/", "127.0.0.1#.okta.com", "acme.okta.com.evil.com",
  "acme.okt\u0430.com", "gopher://127.0.0.1:6379/_INFO", `http://127.0.0.2:${counting.port}`, `127.0.0.1:${counting.port}`,
];

let attacks = 0;
let rejected = 0;

afterAll(async () => {
  const disallowed = observer.disallowedSockets(stub.port) + counting.accepted();
  observer.stop();
  await Promise.all([stub.close(), counting.close()]);
  reportFigures({
    suite: "ssrf",
    counts: { inputs: attacks, attacks, attacks_rejected: rejected, disallowed_requests: disallowed },
    rows: [["create-connection action: hostile domains and redirecting discovery refused", `${rejected}/${attacks}`]],
  });
});

async function createAs(domain: string) {
  const before = await db().connection.count();
  const result = await createConnectionAction({ nickname: `ssrf-${attacks}`, domain, clientId: "0oa-ssrf", clientSecret: "ssrf-secret-value", scopeMode: "default", scopes: [] });
  const saved = (await db().connection.count()) - before;
  return { result, saved };
}

describe("createConnectionAction refuses SSRF domains", () => {
  it("every hostile Domain is refused on the field, nothing saved, nothing contacted", async () => {
    fx.actAs(await fx.createUser("ADMIN"));
    for (const domain of HOSTILE) {
      attacks++;
      const { result, saved } = await createAs(domain);
      const fieldMessage = result.ok ? undefined : result.error.fieldErrors?.domain?.[0];
      const ok = !result.ok && result.error.code === "INVALID_INPUT" && typeof fieldMessage === "string" && saved === 0;
      if (ok) rejected++;
      expect({ domain, code: result.ok ? "OK" : result.error.code, saved }).toEqual({ domain, code: "INVALID_INPUT", saved: 0 });
      expect(fieldMessage).toMatch(/okta|domain|internal|IP address|port/i);
    }
    expect(observer.disallowedSockets(stub.port) + counting.accepted()).toBe(0);
  });

  it("an org whose discovery redirects to the metadata service or 127.0.0.2 is refused, not followed", async () => {
    fx.actAs(await fx.createUser("ADMIN"));
    for (const location of ["http://169.254.169.254/latest/meta-data/", `${counting.origin}/.well-known/openid-configuration`]) {
      stub.setRoutes({ "/.well-known/openid-configuration": () => ({ status: 302, headers: { location } }) });
      attacks++;
      const { result, saved } = await createAs(stub.origin);
      const ok = !result.ok && result.error.code === "UPSTREAM" && saved === 0;
      if (ok && observer.disallowedSockets(stub.port) + counting.accepted() === 0) rejected++;
      expect({ code: result.ok ? "OK" : result.error.code, saved }).toEqual({ code: "UPSTREAM", saved: 0 });
      expect(result.ok ? "" : result.error.fieldErrors?.domain?.[0]).toMatch(/Couldn't reach an Okta org/);
    }
    expect(stub.requests.filter((r) => r.includes("openid-configuration")).length).toBe(2);
    expect(observer.disallowedSockets(stub.port) + counting.accepted()).toBe(0);
  });
});
