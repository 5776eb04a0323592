import { randomToken } from "./ids";
import { CATCH_ALL_PRIORITY, type OrgStore } from "./store";

export interface SeedOptions {
  /** The Next app's base URL; the OAuth apps' redirect URIs hang off it. Default http://localhost:3000. */
  appUrl?: string;
  /** Extra realms (one PARTNER with allowed domains) and users spread across them. Default: on in local mode, off in test mode. */
  sampleData?: boolean;
  /** How many sample users (default 300). */
  userCount?: number;
  /** Fixed admin password (default: random, printed). */
  adminPassword?: string;
}

/** The scopes the Okta Realms connector's cards use (okta-facts §1.1). */
export const CONNECTOR_SCOPES = [
  "okta.realms.read",
  "okta.realms.manage",
  "okta.users.read",
  "okta.users.manage",
  "okta.schemas.read",
];

export const ADMIN_LOGIN = "admin@sandbox.example";

export interface SeededOrg {
  connectorApp: { clientId: string; clientSecret: string };
  signInApp: { clientId: string; clientSecret: string };
  admin: { login: string; password: string; id: string };
}

/**
 * Creates what every sandbox org has (default realm, catch-all, super admin, the two apps) and
 * optional sample data. `keep` reuses earlier credentials so a reset doesn't break a running app.
 */
export function seedOrg(store: OrgStore, opts: SeedOptions = {}, sampleDefault = false, keep?: SeededOrg): SeededOrg {
  const appUrl = (opts.appUrl ?? "http://localhost:3000").replace(/\/+$/, "");
  const defaultRealm = store.createRealm({ name: "Default realm" }, true);
  store.createAssignment(
    {
      name: "Catch-all",
      priority: 0,
      conditions: { profileSourceId: store.profileSourceId },
      actions: { assignUserToRealm: { realmId: defaultRealm.id } },
    },
    true,
  );
  // createAssignment validates user-facing priorities; the catch-all sits at the reserved lowest one.
  for (const a of store.assignments.values()) if (a.isDefault) a.priority = CATCH_ALL_PRIORITY;

  const adminPassword = opts.adminPassword ?? keep?.admin.password ?? `Sandbox-${randomToken(12)}1!`;
  const admin = store.createUser({
    profile: { login: ADMIN_LOGIN, email: ADMIN_LOGIN, firstName: "Sandbox", lastName: "Admin" },
    password: adminPassword,
    activate: true,
    superAdmin: true,
  });
  const connector = store.createApp({
    name: "Okta Workflows OAuth",
    ...keep?.connectorApp,
    redirectUris: [`${appUrl}/api/connections/callback`],
    grantedScopes: CONNECTOR_SCOPES,
    rotationType: "ROTATE",
    leeway: 30,
    grantTypes: ["authorization_code", "refresh_token"],
  });
  const signIn = store.createApp({
    name: "Realms Connections sign-in",
    ...keep?.signInApp,
    redirectUris: [`${appUrl}/api/auth/callback/sandbox`],
    grantTypes: ["authorization_code"],
  });

  if (opts.sampleData ?? sampleDefault) seedSampleData(store, opts.userCount ?? 300);

  return {
    connectorApp: { clientId: connector.clientId, clientSecret: connector.clientSecret },
    signInApp: { clientId: signIn.clientId, clientSecret: signIn.clientSecret },
    admin: { login: ADMIN_LOGIN, password: adminPassword, id: admin.id },
  };
}

function seedSampleData(store: OrgStore, userCount: number): void {
  const partners = store.createRealm({ name: "Partners", realmType: "PARTNER", domains: ["partner.example", "partners.example"] });
  const engineering = store.createRealm({ name: "Engineering", realmType: "DEFAULT" });
  const sales = store.createRealm({ name: "Sales", realmType: "DEFAULT" });
  store.createAssignment({
    name: "Engineering department",
    priority: 10,
    conditions: { profileSourceId: store.profileSourceId, expression: { value: 'user.profile.department == "Engineering"' } },
    actions: { assignUserToRealm: { realmId: engineering.id } },
  });
  const quarter = Math.floor(userCount / 4);
  const rest = userCount - 3 * quarter;
  store.bulkAddUsers({ count: rest, loginPattern: "employee{n}@sandbox.example", profile: { department: "Operations" } });
  store.bulkAddUsers({ count: quarter, realmId: partners.id, loginPattern: "partner{n}@partner.example", profile: { organization: "Car Co" } });
  store.bulkAddUsers({ count: quarter, realmId: engineering.id, loginPattern: "engineer{n}@sandbox.example", profile: { department: "Engineering" } });
  store.bulkAddUsers({ count: quarter, realmId: sales.id, loginPattern: "seller{n}@sandbox.example", profile: { department: "Sales" } });
}
