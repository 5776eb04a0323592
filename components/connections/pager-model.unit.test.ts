import { describe, expect, it } from "vitest";
import { connectionsHref, pagerModel } from "./pager-model";

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
