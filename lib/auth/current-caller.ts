import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { can } from "./permissions";
import { pageForPath } from "./page-access";
import { readSessionToken } from "./request-session";
import { resolveCaller, type Caller, type Member } from "./resolve-caller";

// For server components: the same lookup as the guard, once per request.

export const currentCaller = cache(async (): Promise<Caller> => resolveCaller(await readSessionToken()));

/** The signed-in member, or a redirect: anonymous → sign-in, non-member → the refusal page. */
export async function requireMember(returnTo: string): Promise<Member> {
  const caller = await currentCaller();
  if (caller.kind === "anonymous") redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (caller.kind === "non-member") redirect("/denied?reason=NOT_A_MEMBER");
  return caller.member;
}

/** For a signed-in page: the member, and whether their role may use the page (render the 403 notice if not). */
export async function requirePage(href: string): Promise<{ member: Member; allowed: boolean }> {
  const member = await requireMember(href);
  const page = pageForPath(href);
  return { member, allowed: page ? can(member.role, page.permission) : false };
}
