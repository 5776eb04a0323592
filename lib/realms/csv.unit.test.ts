import { describe, expect, it } from "vitest";
import { csvCell, usersToCsv } from "./csv";
import type { UserView } from "./views";

const user = (over: Partial<UserView>): UserView => ({
  id: "00u1",
  login: "a@x.example",
  email: "a@x.example",
  firstName: "Ada",
  lastName: "Lovelace",
  status: "ACTIVE",
  created: "2026-01-01T00:00:00.000Z",
  lastLogin: null,
  realmId: "guo1",
  ...over,
});

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=HYPERLINK(\"http://evil\")", '"\'=HYPERLINK(""http://evil"")"'],
    ["+1+1", "'+1+1"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["a=b", "a=b"],
  ])("%j → %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("leaves empty values empty", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });
});

describe("usersToCsv", () => {
  it("writes a header and one CRLF-terminated row per user, names joined", () => {
    const csv = usersToCsv([user({ firstName: "=cmd", lastName: "x" })]);
    expect(csv.split("\r\n")).toEqual(["id,login,email,name,status,created,lastLogin", "00u1,a@x.example,a@x.example,'=cmd x,ACTIVE,2026-01-01T00:00:00.000Z,", ""]);
  });
});
