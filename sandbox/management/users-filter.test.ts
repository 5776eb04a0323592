// GET /api/v1/users `filter`, as Okta's listUsers documents it (spec: "Filtering is case-sensitive for
// property names and query values, while operators are case-insensitive"; eq only, except gt/ge/lt/le
// on lastUpdated; `and`/`or`, no `not`; status, lastUpdated, id, profile.login/email/firstName/lastName).
// The bulk preview resolves CSV entries with `or`-joined filters of exactly these forms.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asArray, call, field, start, type Sandbox } from "./test-support/client";

let sb: Sandbox;
const ids: Record<string, string> = {};
beforeAll(async () => {
  sb = await start();
  for (const [key, login, email] of [
    ["ada", "ada@filter.example", "ada.work@filter.example"],
    ["bob", "Bob@Filter.example", "bob@filter.example"],
    ["quote", 'q"uote\\@filter.example', "shared@filter.example"],
    ["dup", "dup@filter.example", "shared@filter.example"],
  ] as const) {
    const r = await call(sb, "POST", "/api/v1/users?activate=false", { body: { profile: { login, email, firstName: "F", lastName: key } } });
    expect(r.status, r.text).toBe(200);
    ids[key] = String(field(r.json, "id"));
  }
});
afterAll(() => sb.stop());

const logins = async (filter: string): Promise<string[]> => {
  const r = await call(sb, "GET", `/api/v1/users?filter=${encodeURIComponent(filter)}`);
  expect(r.status, r.text).toBe(200);
  return asArray(r.json)
    .map((u) => String(field(field(u, "profile"), "login")))
    .sort();
};
const status = async (filter: string) => (await call(sb, "GET", `/api/v1/users?filter=${encodeURIComponent(filter)}`)).status;

describe("listUsers filter", () => {
  it("joins profile.login, profile.email and id terms with or, matching any of them", async () => {
    expect(await logins(`profile.login eq "ada@filter.example" or profile.email eq "bob@filter.example" or id eq "${ids.dup}"`)).toEqual([
      "Bob@Filter.example",
      "ada@filter.example",
      "dup@filter.example",
    ]);
  });

  it("compares values case-sensitively (a login typed in another case matches nothing)", async () => {
    expect(await logins('profile.login eq "bob@filter.example"')).toEqual([]);
    expect(await logins('profile.login eq "ADA@filter.example"')).toEqual([]);
    expect(await logins('profile.login eq "Bob@Filter.example"')).toEqual(["Bob@Filter.example"]);
    expect(await logins(`id eq "${(ids.ada ?? "").toUpperCase()}"`)).toEqual([]);
  });

  it("reads operators case-insensitively, property names case-sensitively", async () => {
    expect(await logins('profile.login EQ "ada@filter.example" OR profile.login Eq "dup@filter.example"')).toEqual(["ada@filter.example", "dup@filter.example"]);
    expect(await status('profile.Login eq "ada@filter.example"')).toBe(400);
    expect(await status('PROFILE.login eq "ada@filter.example"')).toBe(400);
  });

  it('escapes " and \\ in a quoted value with a backslash', async () => {
    expect(await logins('profile.login eq "q\\"uote\\\\@filter.example"')).toEqual(['q"uote\\@filter.example']);
    expect(await status('profile.login eq "unterminated')).toBe(400);
  });

  it("an email several users share matches them all", async () => {
    expect(await logins('profile.email eq "shared@filter.example"')).toEqual(["dup@filter.example", 'q"uote\\@filter.example']);
  });

  it("supports only eq (gt/ge/lt/le on lastUpdated), and no not, sw, co or pr", async () => {
    for (const bad of ['profile.login sw "ada"', 'profile.login co "ada"', "profile.login pr", 'not (profile.login eq "ada@filter.example")', 'profile.department eq "x"']) {
      expect(await status(bad), bad).toBe(400);
    }
    expect(await logins('lastUpdated gt "2000-01-01T00:00:00.000Z" and profile.login eq "ada@filter.example"')).toEqual(["ada@filter.example"]);
  });
});
