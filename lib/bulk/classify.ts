// How the preview classifies one user against the target realm: will move, already there, or
// blocked by the realm's allowed domains. Pure.
import type { OktaRealm, OktaUser } from "@/lib/okta";
import { realmDomainRule } from "@/lib/realms/domains";
import type { PreviewItem } from "./types";

export function classify(user: OktaUser, input: string, target: OktaRealm): PreviewItem {
  const login = typeof user.profile.login === "string" ? user.profile.login : null;
  const email = typeof user.profile.email === "string" ? user.profile.email : null;
  const base = { input, userId: user.id, login, email, fromRealmId: user.realmId ?? null };
  const here = user.realmId === target.id || (user.realmId === undefined && target.isDefault);
  if (here) return { ...base, status: "SKIPPED", message: "Already in the realm." };
  const rule = realmDomainRule({ name: target.profile.name, domains: target.profile.domains }, { login: login ?? "", email });
  const problems = Object.values(rule).flat();
  if (problems.length > 0) return { ...base, status: "BLOCKED", message: problems.join(" ") };
  return { ...base, status: "PENDING", message: null };
}
