import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";

export function RoleBadge({ role }: { role: Role }) {
  return <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs font-medium text-slate-800">{ROLE_LABELS[role]}</span>;
}
