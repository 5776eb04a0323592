import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";
import { singleLine } from "@/lib/validation/text";
import { normalizeEmail } from "./email";

// Input schemas of the member actions, shared by the forms and the actions.

const role = z.enum(ROLES, { error: "Choose a role" });
const id = singleLine(z.string().trim().min(1, "Missing id").max(64));

export const inviteMemberSchema = z.object({
  email: z
    .string({ error: "Enter an email address" })
    .trim()
    .min(1, "Enter an email address")
    .max(320)
    .pipe(z.email({ error: "Enter a valid email address" }))
    .transform(normalizeEmail),
  role,
});

export const changeMemberRoleSchema = z.object({ membershipId: id, role });
export const removeMemberSchema = z.object({ membershipId: id });
export const revokeInvitationSchema = z.object({ invitationId: id });

export type InviteMemberInput = z.input<typeof inviteMemberSchema>;
