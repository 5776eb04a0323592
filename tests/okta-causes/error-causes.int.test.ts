// Okta's errorCauses are never dropped: every server action that calls Okta, answered with 400
// E0000001 and a cause that names no field of its form, shows that cause verbatim in the message the
// admin reads. Hostile cause text (HTML, 10,000 characters, control and bidi characters) is shown
// cleaned and capped, and renders as text. Real guard, real Postgres, the in-process sandbox org
// (its fault rules answer with the chosen causes). Reuses the hostile suite's org and valid inputs.
import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { actionExports } from "../support/entry-points";

vi.mock("server-only", () => ({}));

const h = await import("../hostile/harness"); // first: starts the org and allows its origin before env() is read
const { ACTION_SPECS } = await import("../hostile/specs");
const { MAX_CAUSE_CHARS } = await import("@/lib/okta/cause-text");
const { FailureNotice } = await import("@/components/realms/failure-notice");
const { keyringFromEnv } = await import("@/lib/crypto");
const { env } = await import("@/lib/env");
const { refreshableConnection } = await import("../faults/support/sandbox-oauth");

/** The actions whose work is an Okta Management API call (connection.create/reauthorize talk OAuth, not the API). */
const CALLS_OKTA = (name: string) => name.startsWith("realm.") || name === "connection.test";

const entries = (await actionExports()).flatMap((e) => (e.guard && CALLS_OKTA(e.guard.name) ? [{ name: e.guard.name, fn: e.fn }] : []));

beforeAll(async () => {
  h.fx.actAs(await h.fx.createUser("OWNER"));
});
afterEach(() => h.sb.control.clearFaults());
afterAll(async () => {
  await h.db().connection.deleteMany({ where: { id: { notIn: h.connectionsAtStart } } });
  await h.fx.resetTeam();
});

/** Every Management API request answers 400 E0000001 with these causes. */
const refuseWith = (causes: string[]) => h.sb.control.setFaults([{ pathPrefix: "/api/v1/", failNext: 1_000, errorCauses: causes }]);

const testableConnection = async () =>
  (await refreshableConnection({ db: h.db(), keyring: keyringFromEnv(env()) }, h.sb, ["okta.realms.read", "okta.users.read"])).connectionId;

type Answer = { ok: boolean; data?: unknown; error?: { message?: unknown } };

/** The message the admin reads: a guard error's, an Outcome failure's, or a test result's. */
function messageOf(answer: Answer): string {
  const data = answer.data as { ok?: boolean; failure?: { message?: unknown }; message?: unknown } | undefined;
  const message = answer.error?.message ?? data?.failure?.message ?? data?.message;
  return typeof message === "string" ? message : `(no message in ${JSON.stringify(answer).slice(0, 300)})`;
}

describe("Okta's error causes reach the admin", () => {
  it("covers every server action that calls Okta", () => {
    expect(entries.map((e) => e.name).sort()).toEqual(Object.keys(ACTION_SPECS).filter(CALLS_OKTA).sort());
    expect(entries.length).toBeGreaterThanOrEqual(14);
  });

  for (const name of Object.keys(ACTION_SPECS).filter(CALLS_OKTA)) {
    it(`${name}: an E0000001 cause that names no field of the form is shown verbatim`, async () => {
      const entry = entries.find((e) => e.name === name);
      const spec = ACTION_SPECS[name];
      if (!entry || !spec) throw new Error(`no entry or spec for ${name}`);
      // Test forces a token refresh first: it gets a connection of its own with a real refresh token.
      const input = name === "connection.test" ? { id: await testableConnection() } : await spec.base();
      const cause = `Realm '${name}' is referenced by realm assignment 'Partners catch-all' and cannot be changed now`;
      refuseWith([cause]);

      const answer = (await entry.fn(input)) as Answer;

      const message = messageOf(answer);
      expect(message).toContain(cause);
      expect(message).not.toMatch(/^Okta rejected the request\. Check [\w.]+\.$/);
    });
  }

  it("a cause that names a field the form lacks is shown at form level with its field, never as 'Check realm.'", async () => {
    const realm = h.sb.org.createRealm({ name: `causes-${Date.now().toString(36)}` });
    const input = await ACTION_SPECS["realm.delete"]?.base();
    refuseWith(["realm: Cannot delete a realm that still has users"]);
    const entry = entries.find((e) => e.name === "realm.delete");
    const answer = (await entry?.fn({ ...input, realmId: realm.id, confirmName: realm.profile.name })) as Answer;
    const message = messageOf(answer);
    expect(message).toBe("Okta rejected the request: realm: Cannot delete a realm that still has users");
    expect(message).not.toContain("Check realm.");
  });

  it("a cause that names a field of the form goes on that field, and the rest stays at form level", async () => {
    const entry = entries.find((e) => e.name === "realm.create");
    const input = await ACTION_SPECS["realm.create"]?.base();
    refuseWith(["profile.domains: 'partner..example' is not a valid domain", "The org has reached its limit of 100 realms"]);
    const answer = (await entry?.fn(input)) as Answer;
    const failure = (answer.data as { failure?: { message: string; fieldErrors?: Record<string, string[]> } }).failure;
    expect(failure?.fieldErrors).toEqual({ domains: ["'partner..example' is not a valid domain"] });
    expect(failure?.message).toContain("The org has reached its limit of 100 realms");
  });

  it("hostile cause text is cleaned, capped, and renders escaped", async () => {
    const entry = entries.find((e) => e.name === "realm.user.find");
    const spec = ACTION_SPECS["realm.user.find"];
    const html = `<img src=x onerror=alert(1)><script>alert("x")</script>`;
    const hostile = `${html}\u0000\u0007\u001b[31m\u202Egnp.exe\u2066 ${"x".repeat(10_000)}`;
    refuseWith([hostile, ...Array.from({ length: 12 }, (_, i) => `cause ${i}`)]);

    const answer = (await entry?.fn(await spec?.base())) as Answer;
    const message = messageOf(answer);

    expect(message).toContain(html); // verbatim text: escaping is the renderer's job
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const shown = message.slice(message.indexOf("<img"));
    expect(shown.indexOf(";")).toBeLessThanOrEqual(MAX_CAUSE_CHARS); // the 10,000-character cause is cut
    expect(message).toContain("…");
    expect(message).toContain("(and 8 more causes)"); // 13 causes: 5 shown
    expect(message.length).toBeLessThan(2_000);

    const rendered = renderToStaticMarkup(createElement(FailureNotice, { failure: { code: "validation", message } }));
    expect(rendered).not.toContain("<script>");
    expect(rendered).not.toContain("<img");
    expect(rendered).toContain("&lt;script&gt;");
  });
});
