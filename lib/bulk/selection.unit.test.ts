import { describe, expect, it } from "vitest";
import { parseUserCsv } from "./selection";

describe("parseUserCsv", () => {
  it("takes the login column under a header, drops blanks and duplicates", () => {
    const csv = "\uFEFFid,login,name\r\n00u1,a@x.example,A\r\n\r\n00u2,\"b@x.example\",\"B, Jr\"\r\n00u3,A@x.example,again\r\n";
    expect(parseUserCsv(csv)).toEqual({ entries: ["a@x.example", "b@x.example"], duplicates: 1 });
  });

  it("takes the first column without a header", () => {
    expect(parseUserCsv("a@x.example\n00u2;ignored\n").entries).toEqual(["a@x.example", "00u2"]);
  });
});
