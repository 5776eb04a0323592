import { describe, expect, it } from "vitest";
import { connectionsHref, pagerModel, sortHref } from "./pager-model";

describe("connections pager", () => {
  it("says which rows are shown, with thousands separators and an en dash", () => {
    expect(pagerModel({ total: 1000, offset: 0, shown: 50, next: "c1" })).toEqual({ summary: "Showing 1–50 of 1,000", nextHref: "/connections?after=c1" });
    expect(pagerModel({ total: 60, offset: 50, shown: 10, previous: "c2" })).toEqual({ summary: "Showing 51–60 of 60", previousHref: "/connections?before=c2" });
  });

  it("keeps the filter in both links and names it in the summary", () => {
    const model = pagerModel({ total: 120, offset: 50, shown: 50, next: "n", previous: "p", q: "acme & co" });
    expect(model.summary).toBe("Showing 51–100 of 120 connections matching “acme & co”");
    expect(model.nextHref).toBe("/connections?q=acme+%26+co&after=n");
    expect(model.previousHref).toBe("/connections?q=acme+%26+co&before=p");
  });

  it("one match is one connection", () => {
    expect(pagerModel({ total: 1, offset: 0, shown: 1, q: "p07" }).summary).toBe("Showing 1–1 of 1 connection matching “p07”");
  });

  it("an empty result has no links", () => {
    expect(pagerModel({ total: 0, offset: 0, shown: 0, q: "zzz" })).toEqual({ summary: "No connections matching “zzz”" });
    expect(connectionsHref({})).toBe("/connections");
  });
});

describe("connections order in links", () => {
  const byNickname = { sort: "nickname", dir: "asc" } as const;

  it("the pager's links keep the order and the filter; the default order stays out of the URL", () => {
    const model = pagerModel({ total: 60, offset: 25, shown: 25, next: "n", previous: "p", q: "acme", status: "HEALTHY", order: byNickname });
    expect(model.nextHref).toBe("/connections?q=acme&status=HEALTHY&sort=nickname&dir=asc&after=n");
    expect(model.previousHref).toBe("/connections?q=acme&status=HEALTHY&sort=nickname&dir=asc&before=p");
    expect(pagerModel({ total: 60, offset: 0, shown: 25, next: "n", order: { sort: "created", dir: "desc" } }).nextHref).toBe("/connections?after=n");
    expect(connectionsHref({ order: { sort: "created", dir: "asc" } })).toBe("/connections?sort=created&dir=asc");
  });

  it("a header link flips the sorted column and starts another in its first direction, on page 1 with the filter", () => {
    const view = { q: "acme", status: "PENDING", order: byNickname };
    expect(sortHref(view, "nickname")).toBe("/connections?q=acme&status=PENDING&sort=nickname&dir=desc");
    expect(sortHref({ ...view, order: { sort: "nickname", dir: "desc" } }, "nickname")).toBe("/connections?q=acme&status=PENDING&sort=nickname&dir=asc");
    expect(sortHref(view, "domain")).toBe("/connections?q=acme&status=PENDING&sort=domain&dir=asc");
    expect(sortHref(view, "lastAuthorized")).toBe("/connections?q=acme&status=PENDING&sort=lastAuthorized&dir=desc");
    // Back to the default order: a plain URL again.
    expect(sortHref({ order: { sort: "created", dir: "asc" } }, "created")).toBe("/connections");
  });
});
