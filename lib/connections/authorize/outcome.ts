import { z } from "zod";

// What the OAuth callback concluded, kept on the pending authorization row and shown once on the
// Connections page. Messages are written here (never Okta's raw text) and are safe to render.
export const authorizationOutcomeSchema = z.object({
  ok: z.boolean(),
  connectionId: z.string(),
  nickname: z.string(),
  reauthorize: z.boolean(),
  message: z.string(),
  /** Okta's error code on the redirect or token response, when it refused. */
  oktaError: z.string().optional(),
  referenceId: z.string().optional(),
  requestedScopes: z.array(z.string()).default([]),
  grantedScopes: z.array(z.string()).default([]),
  missingRequired: z.array(z.string()).default([]),
  missingOptional: z.array(z.string()).default([]),
  /** Newly granted compared with the previous authorization (reauthorize only). */
  newlyGranted: z.array(z.string()).default([]),
  principal: z.string().nullable().optional(),
  previousPrincipal: z.string().nullable().optional(),
  principalChanged: z.boolean().default(false),
});

export type AuthorizationOutcome = z.infer<typeof authorizationOutcomeSchema>;

/** Failures found before any pending authorization could be trusted; the page maps them to text. */
export const STATE_FAILURES = {
  missing_state:
    "Okta's answer had no state, so it can't be matched to an authorization you started. Nothing was saved. Start the authorization again from this page.",
  unknown_state: "This authorization response doesn't match any authorization started here. Nothing was saved. Start the authorization again from this page.",
  foreign_state:
    "This authorization was started by another team member, so it can't be finished from your session. Nothing was saved. Start your own authorization from this page.",
  replayed_state: "This authorization response was already used. Nothing more was saved. If the connection isn't authorized, start the authorization again.",
  expired_state: "This authorization took longer than 10 minutes and expired. Nothing was saved. Start the authorization again.",
  unreadable_state:
    "This authorization's saved details (its PKCE verifier) could not be read, so Okta's answer was not used. Nothing was saved. If the app's ENCRYPTION_KEY was just changed, keep the old key in ENCRYPTION_RETIRED_KEYS; then start the authorization again.",
} as const;

export type StateFailure = keyof typeof STATE_FAILURES;

export const isStateFailure = (value: unknown): value is StateFailure => typeof value === "string" && value in STATE_FAILURES;
