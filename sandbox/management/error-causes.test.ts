// Every rule the sandbox enforces answers with a cause that explains it (errorCauses[].errorSummary),
// as Okta does: the app shows these verbatim, so an empty or generic cause would hide the reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asArray, call, field, start, type Sandbox } from "./test-support/client";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.stop());

const causes = (v: unknown) => asArray(field(v, "errorCauses")).map((c) => String(field(c, "errorSummary")));

describe("each enforced rule explains itself in errorCauses", () => {
  it("delete: a realm with users, the default realm, a realm an assignment targets", async () => {
    const occupied = sb.org.createRealm({ name: "Occupied causes" });
    sb.control.addUsers({ count: 1, realmId: occupied.id, loginPattern: "cause{n}@sandbox.example" });
    expect(causes((await call(sb, "DELETE", `/api/v1/realms/${occupied.id}`)).json)).toEqual([expect.stringMatching(/still has 1 user/)]);

    expect(causes((await call(sb, "DELETE", `/api/v1/realms/${sb.org.defaultRealm().id}`)).json)).toEqual([expect.stringMatching(/default realm can't be deleted/)]);

    const targeted = sb.org.createRealm({ name: "Targeted causes" });
    sb.org.createAssignment({
      name: "Sends people to Targeted",
      priority: 20,
      conditions: { profileSourceId: sb.org.profileSourceId, expression: { value: 'user.profile.department == "X"' } },
      actions: { assignUserToRealm: { realmId: targeted.id } },
    });
    expect(causes((await call(sb, "DELETE", `/api/v1/realms/${targeted.id}`)).json)).toEqual([expect.stringMatching(/Sends people to Targeted.*assigns users to this realm/)]);
  });

  it("the allowed-domains rule, on create and on move", async () => {
    const strict = sb.org.createRealm({ name: "Strict causes", domains: ["strict.example"] });
    const created = await call(sb, "POST", "/api/v1/users?activate=false", {
      body: { profile: { login: "out@else.example", email: "out@else.example", firstName: "O", lastName: "T" }, realmId: strict.id },
    });
    expect(causes(created.json)).toEqual(expect.arrayContaining([expect.stringMatching(/^login: .*allowed domains for the realm 'Strict causes'/)]));

    const outsider = sb.org.createUser({ profile: { login: "mover@else.example", email: "mover@else.example", firstName: "M", lastName: "V" }, activate: false });
    const moved = await call(sb, "POST", `/api/v1/users/${outsider.id}`, { body: { realmId: strict.id } });
    expect(moved.status).toBe(400);
    expect(causes(moved.json)).toEqual(expect.arrayContaining([expect.stringMatching(/^email: .*allowed domains/)]));
  });

  it("an unknown profile attribute and a bad search expression", async () => {
    const unknown = await call(sb, "POST", "/api/v1/users?activate=false", { body: { profile: { login: "shoe@x.example", email: "shoe@x.example", firstName: "S", lastName: "Z", shoeSize: 9 } } });
    expect(causes(unknown.json)).toContain("Property name 'shoeSize' is not defined in profile");

    const search = await call(sb, "GET", `/api/v1/users?search=${encodeURIComponent('profile.login eq "unterminated')}`);
    expect(field(search.json, "errorCode")).toBe("E0000031");
    expect(causes(search.json)).toEqual([expect.any(String)]);
    expect(causes(search.json)[0]?.length).toBeGreaterThan(10);
  });
});
