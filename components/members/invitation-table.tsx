"use client";

import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { RoleBadge } from "@/components/ui/role-badge";
import type { Role } from "@/lib/generated/prisma/enums";
import { RevokeInvitationButton } from "./revoke-invitation-button";

export type InvitationRow = { id: string; email: string; role: Role; createdAt: Date; invitedBy: { email: string | null } | null };

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium" });

export function InvitationTable({ invitations, revocableRoles }: { invitations: InvitationRow[]; revocableRoles: Role[] }) {
  const columns: DataTableColumn<InvitationRow>[] = [
    { id: "email", header: "Email", accessorFn: (i) => i.email, rowHeader: true, className: "font-normal break-all", cell: ({ row: { original: i } }) => i.email },
    { id: "role", header: "Role", accessorFn: (i) => i.role, cell: ({ row: { original: i } }) => <RoleBadge role={i.role} /> },
    {
      id: "invited",
      header: "Invited",
      accessorFn: (i) => new Date(i.createdAt).getTime(),
      className: "text-slate-600",
      cell: ({ row: { original: i } }) => `${dateFormat.format(new Date(i.createdAt))}${i.invitedBy?.email ? ` by ${i.invitedBy.email}` : ""}`,
    },
    {
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      enableSorting: false,
      className: "text-right",
      cell: ({ row: { original: i } }) => (revocableRoles.includes(i.role) ? <RevokeInvitationButton invitationId={i.id} email={i.email} /> : null),
    },
  ];
  return <DataTable label="Pending invitations" data={invitations} columns={columns} getRowId={(i) => i.id} sortable empty="No pending invitations." />;
}
