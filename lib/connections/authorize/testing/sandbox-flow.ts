// The connection-flow suites' moving parts against a started sandbox Okta org: a fresh OAuth app, the
// scripted browser at Okta's sign-in page, and Okta's redirect delivered to the real callback route.
// Import it with `await import(...)` after the suite has allowed the org's http origin
// (DEV_OKTA_HTTP_ORIGINS), like the app modules it loads.
import { randomBytes } from "node:crypto";
import type { Sandbox } from "@/sandbox";
import { GET } from "@/app/api/connections/callback/route";
import { sessionCookieName } from "@/lib/auth/session-cookie";
import { env } from "@/lib/env";
import { CALLBACK_PATH, connectionRedirectUri } from "../server";
import { approveAtOkta } from "./okta-browser";

export type App = { clientId: string; clientSecret: string };

const SCOPES = ["okta.realms.read", "okta.realms.manage", "okta.users.read", "okta.users.manage", "okta.schemas.read"];

export function sandboxFlow(sandbox: Sandbox) {
  return {
    /** A fresh OAuth app in the sandbox org (a suite may rotate its secret). */
    newApp(): App {
      const app = sandbox.control.createApp({
        name: `Workflows ${randomBytes(3).toString("hex")}`,
        redirectUris: [connectionRedirectUri()],
        grantedScopes: SCOPES,
        rotationType: "ROTATE",
        leeway: 30,
        grantTypes: ["authorization_code", "refresh_token"],
      });
      return { clientId: app.clientId, clientSecret: app.clientSecret };
    },

    /** The browser at Okta: follows the authorize URL, signs in, and returns the query Okta redirects back with. */
    approve: (authorizeUrl: string) => approveAtOkta(authorizeUrl, sandbox.seeded.admin, CALLBACK_PATH),

    /** Okta's redirect arriving at the app's callback, in `member`'s browser. */
    async callback(member: { token: string }, query: URLSearchParams): Promise<{ status: number; target: string }> {
      const url = new URL(`http://localhost${CALLBACK_PATH}`);
      url.search = query.toString();
      const response = await GET(new Request(url, { headers: { cookie: `${sessionCookieName(env().APP_URL)}=${member.token}` } }), { params: Promise.resolve({}) });
      return { status: response.status, target: response.headers.get("location") ?? "" };
    },
  };
}
