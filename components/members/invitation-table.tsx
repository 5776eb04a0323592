import { RoleBadge } from "@/components/ui/role-badge";
import type { Role } from "@/lib/generated/prisma/enums";
import { RevokeInvitationButton } from "./revoke-invitation-button";

export type InvitationRow = { id: string; email: string; role: Role; createdAt: Date; invitedBy: { email: string | null } | null };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

export function InvitationTable({ invitations, revocableRoles }: { invitations: InvitationRow[]; revocableRoles: Role[] }) {
  if (invitations.length === 0) return <p className="text-sm text-slate-600">No pending invitations.</p>;
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Pending invitations</caption>
      <thead className="border-b border-slate-200 text-slate-500">
        <tr>
          <th scope="col" className="py-2 font-medium">Email</th>
          <th scope="col" className="py-2 font-medium">Role</th>
          <th scope="col" className="py-2 font-medium">Invited</th>
          <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        {invitations.map((i) => (
          <tr key={i.id} className="border-b border-slate-100">
            <td className="py-3">{i.email}</td>
            <td className="py-3"><RoleBadge role={i.role} /></td>
            <td className="py-3 text-slate-600">
              {dateFormat.format(i.createdAt)}
              {i.invitedBy?.email ? ` by ${i.invitedBy.email}` : ""}
            </td>
            <td className="py-3 text-right">{revocableRoles.includes(i.role) ? <RevokeInvitationButton invitationId={i.id} email={i.email} /> : null}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
