import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { skipsGate } = await import("./proxy-gate");

describe("the proxy's page gate", () => {
  it("leaves server-action POSTs and client navigations to the guard and the page", () => {
    const none = new URLSearchParams();
    expect(skipsGate(new Headers({ "Next-Action": "7f00aa" }), none)).toBe(true);
    expect(skipsGate(new Headers({ RSC: "1" }), none)).toBe(true);
    // What the proxy really sees of a navigation: Next strips the RSC header, the query stays.
    expect(skipsGate(new Headers(), new URLSearchParams("_rsc=1x2y3"))).toBe(true);
  });

  it("still gates a document request, whatever other headers say", () => {
    const none = new URLSearchParams();
    expect(skipsGate(new Headers({ Accept: "text/html" }), none)).toBe(false);
    expect(skipsGate(new Headers({ RSC: "0" }), none)).toBe(false);
    expect(skipsGate(new Headers({ Accept: "text/html" }), new URLSearchParams("rsc=1&page=2"))).toBe(false);
  });
});
