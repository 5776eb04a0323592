import { z } from "zod";
import { guardedRoute } from "@/lib/auth/guard";
import { listAuditEvents } from "@/lib/audit/list-events";

const query = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.string().max(200).optional(),
});

/** The audit log as JSON (newest first; pass `next` back as `after` for the next page), for other tools. */
export const GET = guardedRoute({ name: "audit.export", permission: "audit.read", input: query }, async ({ limit, after }) =>
  Response.json({ ok: true, data: await listAuditEvents({ limit, after }) }, { headers: { "Cache-Control": "no-store" } }),
);
