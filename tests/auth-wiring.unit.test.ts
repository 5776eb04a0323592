// Wiring that is easy to get wrong when someone adds a page or changes the guard's input handling.
import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));
const { config } = await import("@/proxy");
const { APP_PAGES } = await import("@/lib/auth/page-access");
const { formDataToObject } = await import("@/lib/auth/guard");

describe("proxy matcher", () => {
  it("covers every signed-in page, so direct access without the permission answers 403", () => {
    for (const page of APP_PAGES) expect(config.matcher, `add "${page.href}/:path*" to proxy.ts's matcher`).toContain(`${page.href}/:path*`);
  });
});

describe("guard input from FormData", () => {
  it("drops Next's $ACTION fields and keeps repeated keys as arrays", () => {
    const form = new FormData();
    form.set("$ACTION_ID_abc", "");
    form.set("$ACTION_REF_1", "");
    form.set("email", "a@b.example");
    form.append("scope", "okta.users.read");
    form.append("scope", "okta.realms.read");
    expect(formDataToObject(form)).toEqual({ email: "a@b.example", scope: ["okta.users.read", "okta.realms.read"] });
  });
});
