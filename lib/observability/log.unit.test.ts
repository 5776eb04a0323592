import { describe, expect, it } from "vitest";
import { createLogger, prettyLine } from "./log";
import { withRequestContext } from "./request-context";

function capture(format: "json" | "pretty" = "json") {
  const lines: string[] = [];
  const log = createLogger({ format, level: "debug", write: (line) => void lines.push(line) });
  return { log, lines };
}

const SECRETS = {
  bearer: "eyJhbGciOiJSUzI1NiJ9.c2VjcmV0LWFjY2Vzcy10b2tlbg.sig-123",
  refresh: "rt-7f3c9a1b2d4e5f60718293a4b5c6d7e8",
  clientSecret: "cs-very-secret-client-value-000111",
  cookie: "authjs.session-token=sess-abcdef0123456789",
  cursor: "00uCURSORsecret42",
};

describe("structured logs", () => {
  it("writes one JSON object per line with level, time, message, component and the request's reference id", () => {
    const { log, lines } = capture();
    withRequestContext({ ref: "OKR-ABCDE-FGHJK" }, () => log.child({ component: "bulk" }).warn({ jobId: "j1" }, "job stopped"));
    log.info("outside any request");
    expect(lines).toHaveLength(2);
    const first = JSON.parse(lines[0] ?? "") as Record<string, unknown>;
    expect(first).toMatchObject({ level: 40, levelName: "warn", msg: "job stopped", component: "bulk", ref: "OKR-ABCDE-FGHJK", jobId: "j1" });
    expect(typeof first.time).toBe("number");
    expect(lines[0]?.endsWith("\n")).toBe(true);
    expect(JSON.parse(lines[1] ?? "")).not.toHaveProperty("ref");
  });

  it("redacts headers, cookies, tokens, client secrets and Okta Link cursors wherever they appear", () => {
    const { log, lines } = capture();
    log.error(
      {
        request: { headers: { authorization: `Bearer ${SECRETS.bearer}`, cookie: SECRETS.cookie, accept: "application/json" } },
        response: { headers: new Headers({ link: `<https://acme.okta.com/api/v1/users?after=${SECRETS.cursor}>; rel="next"` }) },
        tokens: { access_token: SECRETS.bearer, refresh_token: SECRETS.refresh, accessToken: SECRETS.bearer },
        connection: { clientId: "0oa-public-id", clientSecret: SECRETS.clientSecret },
        nextUrl: `https://acme.okta.com/api/v1/users?limit=200&after=${SECRETS.cursor}`,
        err: new Error(`token endpoint said no to Bearer ${SECRETS.bearer}`, { cause: new Error(`"refresh_token":"${SECRETS.refresh}"`) }),
      },
      `calling https://acme.okta.com/api/v1/groups?after=${SECRETS.cursor} with SSWS ${SECRETS.clientSecret}`,
    );
    const line = lines.join("");
    for (const secret of Object.values(SECRETS)) expect(line).not.toContain(secret);
    const entry = JSON.parse(line) as { connection: { clientId: string }; request: { headers: { accept: string } }; err: { message: string } };
    // What an operator needs stays: ids, harmless headers, the error's message with the secret cut out.
    expect(entry.connection.clientId).toBe("0oa-public-id");
    expect(entry.request.headers.accept).toBe("application/json");
    expect(entry.err.message).toMatch(/^token endpoint said no to Bearer \[redacted\]/);
  });

  it("writes readable lines in local mode", () => {
    const { log, lines } = capture("pretty");
    withRequestContext({ ref: "REF1" }, () => log.child({ component: "guard" }).error({ action: "x" }, "failed"));
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d ERROR \[guard\] failed ref=REF1 action=x\n$/);
    expect(prettyLine({ level: 30, msg: "hi" })).toBe(" INFO  hi\n");
    // A logged value can't start a line of its own (log forging).
    expect(prettyLine({ level: 40, msg: "refused\r\n12:00:00 INFO  [guard] forged", code: "x\ny" })).toBe(" WARN  refused\\r\\n12:00:00 INFO  [guard] forged code=x\\ny\n");
  });
});
