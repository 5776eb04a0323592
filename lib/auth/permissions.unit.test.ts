import { describe, expect, it } from "vitest";
import { APP_PAGES, pageForPath, safeCallbackPath } from "./page-access";
import { can, PERMISSION_NAMES, PERMISSIONS, ROLES, type Permission } from "./permissions";

// The role descriptions of issue 4, written out as a table; the map must say exactly this.
const EXPECTED: Record<Permission, Record<(typeof ROLES)[number], boolean>> = {
  "connections.read": { OWNER: true, ADMIN: true, OPERATOR: true, VIEWER: true },
  "connections.manage": { OWNER: true, ADMIN: true, OPERATOR: false, VIEWER: false },
  "realms.read": { OWNER: true, ADMIN: true, OPERATOR: true, VIEWER: true },
  "realms.write": { OWNER: true, ADMIN: true, OPERATOR: true, VIEWER: false },
  "members.invite": { OWNER: true, ADMIN: true, OPERATOR: false, VIEWER: false },
  "members.manage": { OWNER: true, ADMIN: false, OPERATOR: false, VIEWER: false },
  "audit.read": { OWNER: true, ADMIN: true, OPERATOR: false, VIEWER: false },
};

describe("permission map", () => {
  it("has exactly the documented permissions", () => {
    expect([...PERMISSION_NAMES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(PERMISSION_NAMES.flatMap((p) => ROLES.map((r) => [p, r] as const)))("%s for %s", (permission, role) => {
    expect(can(role, permission)).toBe(EXPECTED[permission][role]);
  });

  it("gives nobody without a role anything", () => {
    for (const p of PERMISSION_NAMES) {
      expect(can(null, p)).toBe(false);
      expect(can(undefined, p)).toBe(false);
    }
  });

  it("is ordered by privilege: each role can do everything the role below it can", () => {
    for (let i = 1; i < ROLES.length; i++) {
      const higher = ROLES[i - 1];
      const lower = ROLES[i];
      for (const p of PERMISSION_NAMES) if (can(lower, p)) expect(can(higher, p), `${higher} ⊇ ${lower} on ${p}`).toBe(true);
    }
  });

  it("only lists known roles", () => {
    for (const roles of Object.values(PERMISSIONS)) for (const r of roles) expect(ROLES).toContain(r);
  });
});

describe("signed-in pages", () => {
  it("maps paths to pages, including sub-paths", () => {
    expect(pageForPath("/members")?.permission).toBe("members.invite");
    expect(pageForPath("/members/abc")?.permission).toBe("members.invite");
    expect(pageForPath("/membersx")).toBeUndefined();
    expect(pageForPath("/")).toBeUndefined();
  });

  it("gives viewers and operators Connections only", () => {
    for (const role of ["VIEWER", "OPERATOR"] as const) {
      expect(APP_PAGES.filter((p) => can(role, p.permission)).map((p) => p.href)).toEqual(["/connections"]);
    }
    expect(APP_PAGES.filter((p) => can("ADMIN", p.permission)).map((p) => p.href)).toEqual(["/connections", "/members", "/audit"]);
  });

  it("follows only same-site relative callback paths", () => {
    expect(safeCallbackPath("/members")).toBe("/members");
    expect(safeCallbackPath("//evil.example")).toBe("/connections");
    expect(safeCallbackPath("/\\evil.example")).toBe("/connections");
    expect(safeCallbackPath("https://evil.example")).toBe("/connections");
    // Browsers drop tabs/newlines and read backslashes as slashes: "/\t/evil" would become "//evil".
    for (const sneaky of ["/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/%09/x", "/\u0000/evil.example", "/\\/evil.example"]) {
      const result = safeCallbackPath(sneaky);
      expect(new URL(result, "https://app.example").origin, sneaky).toBe("https://app.example");
    }
    expect(safeCallbackPath("/\t/evil.example")).toBe("/connections");
    expect(safeCallbackPath("/connections/abc?x=1#y")).toBe("/connections/abc?x=1#y");
    expect(safeCallbackPath(undefined)).toBe("/connections");
  });
});
