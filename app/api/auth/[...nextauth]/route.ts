import { handlers } from "@/lib/auth/next-auth";

// Auth.js's own endpoints (sign-in redirect, OIDC callback, sign-out, csrf). Not wrapped by the guard:
// they are public by design and CSRF-protected by Auth.js; who may sign in is decided in the signIn
// callback (lib/team/admission.ts), which has its own integration tests.
export const { GET, POST } = handlers;
