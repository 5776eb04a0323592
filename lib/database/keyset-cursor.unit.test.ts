// A sortable list's cursor comes back as a query parameter anyone can edit: it must round-trip any
// sort value (text with "|" or quotes, a null), and anything else must decode to no cursor.
import { describe, expect, it } from "vitest";
import { decodeSortedCursor, encodeSortedCursor } from "./keyset-cursor";

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");

describe("sorted cursor", () => {
  it("round-trips text with separators, quotes and non-ASCII, and a null sort value", () => {
    for (const value of ['Acme | "prod" ☃', null, ""]) {
      expect(decodeSortedCursor("nickname.asc", encodeSortedCursor("nickname.asc", { value, id: "c1" }))).toEqual({ value, id: "c1" });
    }
  });

  it("a cursor made for another order, or of another shape, is no cursor", () => {
    const cursor = encodeSortedCursor("nickname.asc", { value: "a", id: "c1" });
    expect(decodeSortedCursor("nickname.desc", cursor)).toBeUndefined();
    expect(decodeSortedCursor("domain.asc", cursor)).toBeUndefined();
    for (const forged of ["", "%%%", b64("not json"), b64('{"a":1}'), b64('["nickname.asc","a"]'), b64('["nickname.asc",1,"c1"]'), b64('["nickname.asc","a",""]'), b64('["nickname.asc","a","c1","x"]')]) {
      expect(decodeSortedCursor("nickname.asc", forged)).toBeUndefined();
    }
  });
});
