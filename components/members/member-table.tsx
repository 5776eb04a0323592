"use client";

import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { RoleBadge } from "@/components/ui/role-badge";
import type { Role } from "@/lib/generated/prisma/enums";
import { MemberRoleForm } from "./member-role-form";
import { RemoveMemberButton } from "./remove-member-button";

export type MemberRow = { id: string; role: Role; createdAt: Date; user: { id: string; email: string | null; name: string | null } };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });
const emailOf = (m: MemberRow) => m.user.email ?? "(no email)";

/** The team: sortable by email, role and join date; owners and admins change roles and remove people here. */
export function MemberTable({ members, viewerId, canManage }: { members: MemberRow[]; viewerId: string; canManage: boolean }) {
  const columns: DataTableColumn<MemberRow>[] = [
    {
      id: "email",
      header: "Email",
      accessorFn: emailOf,
      rowHeader: true,
      className: "font-normal break-all",
      cell: ({ row: { original: m } }) => (
        <>
          <span>{emailOf(m)}</span>
          {m.user.id === viewerId ? <span className="ml-2 text-xs text-slate-500">(you)</span> : null}
          {m.user.name ? <span className="block text-xs text-slate-500">{m.user.name}</span> : null}
        </>
      ),
    },
    {
      id: "role",
      header: "Role",
      accessorFn: (m) => m.role,
      cell: ({ row: { original: m } }) => (canManage ? <MemberRoleForm membershipId={m.id} email={emailOf(m)} role={m.role} /> : <RoleBadge role={m.role} />),
    },
    { id: "joined", header: "Joined", accessorFn: (m) => new Date(m.createdAt).getTime(), className: "text-slate-600 whitespace-nowrap", cell: ({ row: { original: m } }) => dateFormat.format(new Date(m.createdAt)) },
    ...(canManage
      ? [
          {
            id: "actions",
            header: () => <span className="sr-only">Actions</span>,
            enableSorting: false,
            className: "text-right",
            cell: ({ row: { original: m } }) => <RemoveMemberButton membershipId={m.id} email={emailOf(m)} />,
          } satisfies DataTableColumn<MemberRow>,
        ]
      : []),
  ];
  return <DataTable label="Members" data={members} columns={columns} getRowId={(m) => m.id} sortable empty="No members." />;
}
