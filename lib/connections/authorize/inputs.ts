import { z } from "zod";
import { singleLine } from "@/lib/validation/text";

// Input schemas of the connection actions, shared by the dialogs and the actions.

const id = singleLine(z.string().trim().min(1, "Missing connection id").max(64));
const nickname = singleLine(
  z
    .string({ error: "Enter a nickname" })
    .trim()
    .min(1, "Enter a nickname, for example “Acme production”.")
    .max(100, "Keep the nickname under 100 characters."),
);

/** One value or many (FormData repeats the key per checked box; a plain object may pass an array). */
const scopeList = z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(singleLine(z.string().max(100))).max(50));

export const createConnectionSchema = z.object({
  nickname,
  domain: singleLine(z.string({ error: "Enter your Okta domain" }).trim().min(1, "Enter your Okta domain, for example acme.okta.com.").max(300)),
  clientId: singleLine(z.string({ error: "Enter the client ID" }).trim().min(1, "Enter the client ID from the OAuth app's General tab.").max(200)),
  // Not trimmed beyond the ends: a secret is used exactly as pasted.
  clientSecret: singleLine(z.string({ error: "Enter the client secret" }).trim().min(1, "Enter the client secret from the OAuth app's General tab.").max(500)),
  scopeMode: z.enum(["default", "custom"]).default("default"),
  scopes: scopeList.default([]),
});

export const reauthorizeConnectionSchema = z.object({
  id,
  /** previous: the scopes of the last authorization (what "Reauthorize" without changes means). */
  scopeMode: z.enum(["previous", "default", "custom"]).default("previous"),
  scopes: scopeList.default([]),
  /** Optional: a rotated client secret. Empty keeps the stored one. */
  clientSecret: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), singleLine(z.string().trim().max(500)).optional()),
});

export const renameConnectionSchema = z.object({ id, nickname });
export const testConnectionSchema = z.object({ id });
export const deleteConnectionSchema = z.object({
  id,
  confirmation: singleLine(z.string({ error: "Type the nickname to confirm" }).max(200)),
});

export type CreateConnectionForm = z.input<typeof createConnectionSchema>;
export type ReauthorizeConnectionForm = z.input<typeof reauthorizeConnectionSchema>;
