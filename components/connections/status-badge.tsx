import type { ConnectionStatus } from "@/lib/generated/prisma/enums";
import { cn } from "@/components/ui/cn";

export const STATUS_LABELS: Record<ConnectionStatus, string> = {
  PENDING: "Pending",
  HEALTHY: "Healthy",
  DEGRADED: "Degraded",
  NEEDS_REAUTH: "Needs reauthorization",
};

const STYLES: Record<ConnectionStatus, string> = {
  PENDING: "bg-slate-100 text-slate-700",
  HEALTHY: "bg-emerald-100 text-emerald-800",
  DEGRADED: "bg-amber-100 text-amber-900",
  NEEDS_REAUTH: "bg-red-100 text-red-800",
};

export function StatusBadge({ status }: { status: ConnectionStatus }) {
  return <span className={cn("rounded-full px-2 py-0.5 text-xs font-medium", STYLES[status])}>{STATUS_LABELS[status]}</span>;
}

export function EnvironmentBadge({ environment }: { environment: string }) {
  return <span className="rounded border border-slate-300 px-1.5 py-0.5 text-xs text-slate-600">{environment}</span>;
}
