import { RoleBadge } from "@/components/ui/role-badge";
import type { Member } from "@/lib/auth/resolve-caller";
import type { Role } from "@/lib/generated/prisma/enums";
import { MemberRoleForm } from "./member-role-form";
import { RemoveMemberButton } from "./remove-member-button";

export type MemberRow = { id: string; role: Role; createdAt: Date; user: { id: string; email: string | null; name: string | null } };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

export function MemberTable({ members, viewer, canManage }: { members: MemberRow[]; viewer: Member; canManage: boolean }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Members</caption>
      <thead className="border-b border-slate-200 text-slate-500">
        <tr>
          <th scope="col" className="py-2 font-medium">Email</th>
          <th scope="col" className="py-2 font-medium">Role</th>
          <th scope="col" className="py-2 font-medium">Joined</th>
          {canManage ? <th scope="col" className="py-2 font-medium"><span className="sr-only">Actions</span></th> : null}
        </tr>
      </thead>
      <tbody>
        {members.map((m) => {
          const email = m.user.email ?? "(no email)";
          return (
            <tr key={m.id} className="border-b border-slate-100 align-top">
              <td className="py-3">
                <span>{email}</span>
                {m.user.id === viewer.userId ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}
                {m.user.name ? <span className="block text-xs text-slate-500">{m.user.name}</span> : null}
              </td>
              <td className="py-3">{canManage ? <MemberRoleForm membershipId={m.id} email={email} role={m.role} /> : <RoleBadge role={m.role} />}</td>
              <td className="py-3 text-slate-600">{dateFormat.format(m.createdAt)}</td>
              {canManage ? (
                <td className="py-3 text-right">
                  <RemoveMemberButton membershipId={m.id} email={email} />
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
