import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asArray, call, field, nextLink, start, type Sandbox } from "./test-support/client";

let sb: Sandbox;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.stop());

describe("users pagination", () => {
  it("walks 10,000 users by following Link rel=next verbatim, each exactly once", async () => {
    const realm = sb.org.createRealm({ name: "Walk" });
    sb.control.addUsers({ count: 10_000, realmId: realm.id, loginPattern: "walker{n}@walk.example" });
    const seen = new Map<string, number>();
    let url: string | null = `${sb.url}/api/v1/users?limit=200&search=${encodeURIComponent(`realmId eq "${realm.id}"`)}`;
    let pages = 0;
    while (url) {
      const r = await call(sb, "GET", url);
      expect(r.status).toBe(200);
      expect(r.headers.get("link")).toMatch(/rel="self"/);
      const page = asArray(r.json);
      expect(page.length).toBeLessThanOrEqual(200);
      for (const u of page) {
        const id = String(field(u, "id"));
        seen.set(id, (seen.get(id) ?? 0) + 1);
        expect(field(u, "realmId")).toBe(realm.id);
      }
      url = nextLink(r.headers.get("link"));
      if (url) expect(url.startsWith(sb.url)).toBe(true);
      pages++;
    }
    expect(pages).toBe(50);
    expect(seen.size).toBe(10_000);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it("the default listing pages every user too, and the last page has no next link", async () => {
    const total = sb.org.users.size;
    let url: string | null = `${sb.url}/api/v1/users`;
    const ids = new Set<string>();
    let lastLink: string | null = null;
    while (url) {
      const r = await call(sb, "GET", url);
      for (const u of asArray(r.json)) ids.add(String(field(u, "id")));
      lastLink = r.headers.get("link");
      url = nextLink(lastLink);
    }
    expect(ids.size).toBe(total);
    expect(lastLink).not.toMatch(/rel="next"/);
  });

  it("adds 50,000 users in bulk in well under a few seconds", () => {
    const t0 = performance.now();
    const r = sb.control.addUsers({ count: 50_000, loginPattern: "bulk{n}@bulk.example" });
    expect(r.created).toBe(50_000);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(sb.org.findUser("bulk49999@bulk.example")).toBeDefined();
  });
});
