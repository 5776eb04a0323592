import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { skipsGate } = await import("./proxy-gate");

describe("the proxy's page gate", () => {
  it("leaves server-action POSTs and client navigations to the guard and the page", () => {
    expect(skipsGate(new Headers({ "Next-Action": "7f00aa" }))).toBe(true);
    expect(skipsGate(new Headers({ RSC: "1" }))).toBe(true);
  });

  it("still gates a document request, whatever other headers say", () => {
    expect(skipsGate(new Headers({ Accept: "text/html" }))).toBe(false);
    expect(skipsGate(new Headers({ RSC: "0" }))).toBe(false);
  });
});
