import "server-only";
import { db } from "@/lib/db";

/** Members (owners first) and pending invitations, for the Members page. */
export async function listTeam() {
  const [members, invitations] = await Promise.all([
    db().membership.findMany({
      select: { id: true, role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
      orderBy: [{ role: "asc" }, { createdAt: "asc" }],
    }),
    db().invitation.findMany({
      where: { acceptedAt: null },
      select: { id: true, email: true, role: true, createdAt: true, invitedBy: { select: { email: true } } },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  return { members, invitations };
}
