// An org AS on a bare http server with a tiny in-test directory: one user, apps as each test needs.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock, DirectoryUser, OAuthApp, OrgDirectory, RotationType } from "../../org/contract";
import { createOrgAuthorizationServer, type OrgAuthorizationServer } from "../index";

export const USER: DirectoryUser = {
  id: "00u1sandboxadmin",
  status: "ACTIVE",
  login: "admin@example.com",
  email: "admin@example.com",
  firstName: "Ada",
  lastName: "Admin",
};
export const PASSWORD = "correct horse battery staple";
export const REDIRECT_URI = "http://127.0.0.1:9/callback";

export interface AppOptions {
  clientId?: string;
  grantedScopes?: string[];
  rotationType?: RotationType;
  leeway?: number;
  grantTypes?: string[];
}

export function makeApp(opts: AppOptions = {}): OAuthApp {
  const clientId = opts.clientId ?? "0oaWorkflowsApp";
  return {
    clientId,
    clientSecret: `${clientId}-secret`,
    name: "Okta Workflows OAuth",
    redirectUris: [REDIRECT_URI],
    grantedScopes: new Set(opts.grantedScopes ?? ["okta.realms.read", "okta.realms.manage", "okta.users.read"]),
    refreshToken: { rotationType: opts.rotationType ?? "ROTATE", leeway: opts.leeway ?? 30 },
    grantTypes: opts.grantTypes ?? ["authorization_code", "refresh_token"],
  };
}

export function makeClock(): Clock {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => void (offset += ms) };
}

export function makeDirectory(apps: OAuthApp[]): OrgDirectory {
  const byId = new Map(apps.map((a) => [a.clientId, a]));
  return {
    getApp: (clientId) => byId.get(clientId),
    findUserByLogin: (login) => (login.toLowerCase() === USER.login ? USER : undefined),
    getUser: (id) => (id === USER.id ? USER : undefined),
    checkPassword: (userId, password) => userId === USER.id && password === PASSWORD,
  };
}

export interface Sandbox {
  issuer: string;
  as: OrgAuthorizationServer;
  clock: Clock;
  apps: OAuthApp[];
  close(): Promise<void>;
}

export async function startSandbox(apps: OAuthApp[], opts: { accessTokenTtlSeconds?: number } = {}): Promise<Sandbox> {
  const clock = makeClock();
  // The AS needs the issuer (the listening port) and the server needs the AS: fill it in after listen.
  const mounted: { as?: OrgAuthorizationServer } = {};
  const server: Server = createServer((req, res) => {
    const handled = mounted.as ? mounted.as.handle(req, res) : Promise.resolve(false);
    handled.then(
      (ours) => {
        if (!ours) {
          res.statusCode = 404;
          res.end();
        }
      },
      (err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const as = await createOrgAuthorizationServer({ issuer, directory: makeDirectory(apps), clock, ...opts });
  mounted.as = as;
  return {
    issuer,
    as,
    clock,
    apps,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
