import "server-only";
import { cookies } from "next/headers";
import { env } from "@/lib/env";
import { sessionCookieName } from "./session-cookie";

// Where server actions and pages get the caller's session token: the request's cookie. This is
// the only swappable piece of the guard, because integration tests call actions outside a Next
// request (no cookies()). Everything after the token (session lookup, expiry, membership, role,
// input validation, audit) is the real path in tests too. Route handlers never use this: they read
// the cookie from their Request.

export type SessionTokenReader = () => Promise<string | undefined>;

const readRequestCookie: SessionTokenReader = async () => {
  const jar = await cookies();
  return jar.get(sessionCookieName(env().APP_URL))?.value;
};

let reader: SessionTokenReader = readRequestCookie;

export function readSessionToken(): Promise<string | undefined> {
  return reader();
}

/** Tests only: make server actions see this session token. Returns a function that restores the cookie reader. */
export function setSessionTokenReaderForTests(next: SessionTokenReader): () => void {
  if (process.env.NODE_ENV === "production") throw new Error("the session token reader cannot be replaced in production");
  reader = next;
  return () => {
    reader = readRequestCookie;
  };
}
