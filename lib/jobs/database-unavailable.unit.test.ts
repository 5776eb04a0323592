import { describe, expect, it, vi } from "vitest";

vi.mock("pg-boss", () => ({ default: class {} }));
const { isDatabaseUnavailable } = await import("./bulk-worker");

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("a bulk run stopped by an error", () => {
  it("waits for the database when it went away (the run resumes by itself)", () => {
    expect(isDatabaseUnavailable(withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("terminating connection due to administrator command", "57P01"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("connection failure", "08006"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
  });

  it("is paused for a person on anything else (it would fail again on every resume)", () => {
    expect(isDatabaseUnavailable(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isDatabaseUnavailable(withCode('duplicate key value violates unique constraint "x"', "23505"))).toBe(false);
    expect(isDatabaseUnavailable("a string")).toBe(false);
  });
});
