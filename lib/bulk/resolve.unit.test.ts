import { describe, expect, it } from "vitest";
import { filterBatches, MAX_FILTER_CHARS, MAX_FILTER_URL_CHARS, termsFor } from "./resolve";

describe("CSV entries as listUsers filter terms", () => {
  it("asks an id by id, a login as typed and in lower case (filter values are case-sensitive), an email only in the email pass", () => {
    expect(termsFor("00u1a2b3c4d5e6f7g8h9", "login")).toEqual(['id eq "00u1a2b3c4d5e6f7g8h9"']);
    expect(termsFor("Ada@Example.com", "login")).toEqual(['profile.login eq "Ada@Example.com"', 'profile.login eq "ada@example.com"']);
    expect(termsFor("jdoe", "login")).toEqual(['profile.login eq "jdoe"']);
    expect(termsFor("jdoe", "email")).toEqual([]);
    expect(termsFor("a@b.example", "email")).toEqual(['profile.email eq "a@b.example"']);
    // A quote in a value can't end the literal.
    expect(termsFor('x" or id pr "@y', "login")).toEqual(['profile.login eq "x\\" or id pr \\"@y"']);
  });

  it("packs as many entries per request as the length limits allow, every entry exactly once, in order", () => {
    const entries = Array.from({ length: 1000 }, (_, i) => ({ seq: i + 1, input: `user${i}@bench.example` }));
    const batches = filterBatches(entries, "login");
    expect(batches.flatMap((b) => b.entries.map((e) => e.seq))).toEqual(entries.map((e) => e.seq));
    for (const b of batches) {
      expect(b.filter.length).toBeLessThanOrEqual(MAX_FILTER_CHARS);
      expect(encodeURIComponent(b.filter).length).toBeLessThanOrEqual(MAX_FILTER_URL_CHARS);
      expect(b.filter.split(" or ")).toHaveLength(b.entries.length);
    }
    // About 90 logins of this length per request: a 10,000-line file costs about 110 listings, not 10,000 reads.
    expect(batches.length).toBeLessThanOrEqual(12);
    expect(batches.slice(0, -1).every((b) => b.entries.length >= 80)).toBe(true);
  });
});
