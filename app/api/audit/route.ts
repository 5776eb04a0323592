import { z } from "zod";
import { guardedRoute } from "@/lib/auth/guard";
import { listAuditEvents } from "@/lib/audit/list-events";

const query = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.iso.datetime().optional(),
});

/** The audit log as JSON (newest first; page with `before`), for export to other tools. */
export const GET = guardedRoute({ name: "audit.export", permission: "audit.read", input: query }, async ({ limit, before }) =>
  Response.json(
    { ok: true, data: await listAuditEvents({ limit, before: before ? new Date(before) : undefined }) },
    { headers: { "Cache-Control": "no-store" } },
  ),
);
