import type { ConnectionStatus } from "@/lib/generated/prisma/enums";

/** What a connection row shows: built from ConnectionSummary on the server (no secret fields exist there). */
export type ConnectionRowView = {
  id: string;
  nickname: string;
  oktaDomain: string;
  environment: "Production" | "Preview" | "Development" | "Custom domain" | "Not accepted";
  status: ConnectionStatus;
  statusReason: string | null;
  requestedScopes: string[];
  grantedScopes: string[];
  principal: string | null;
  lastAuthorizedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  clientId: string;
};

/** A dialog opened from a row menu: controlled by the table, focus returned to the row's menu button. */
export type DialogControl = { open: boolean; onOpenChange: (open: boolean) => void; onCloseAutoFocus?: (event: Event) => void };
