import { describe, expect, it } from "vitest";
import { REDACTED, redactDetails } from "./redact";

describe("audit details redaction", () => {
  it("replaces secret-named keys at any depth and keeps the rest", () => {
    expect(
      redactDetails({
        role: "ADMIN",
        clientSecret: "s3cr3t",
        nested: { access_token: "a", refreshToken: "r", password: "p", list: [{ Authorization: "Bearer x", ok: 1 }] },
        code: "authcode",
        codeChallengeMethod: "S256",
      }),
    ).toEqual({
      role: "ADMIN",
      clientSecret: REDACTED,
      nested: { access_token: REDACTED, refreshToken: REDACTED, password: REDACTED, list: [{ Authorization: REDACTED, ok: 1 }] },
      code: REDACTED,
      codeChallengeMethod: "S256",
    });
  });

  it("turns non-JSON values into JSON", () => {
    expect(redactDetails({ at: new Date("2026-01-01T00:00:00Z"), n: Number.NaN, u: undefined })).toEqual({ at: "2026-01-01T00:00:00.000Z", n: null });
  });
});
