-- The connections list sorts by Okta domain, status and last authorization too, keyset-paged on
-- (column, id): each order reads its page from one of these (lib/connections/list-order.ts).
-- (status, id) also serves every lookup by status that the old index did.

-- DropIndex
DROP INDEX "Connection_status_idx";

-- CreateIndex
CREATE INDEX "Connection_status_id_idx" ON "Connection"("status", "id");

-- CreateIndex
CREATE INDEX "Connection_oktaDomain_id_idx" ON "Connection"("oktaDomain", "id");

-- CreateIndex
CREATE INDEX "Connection_lastAuthorizedAt_id_idx" ON "Connection"("lastAuthorizedAt", "id");
