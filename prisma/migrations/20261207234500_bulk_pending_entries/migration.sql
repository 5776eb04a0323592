-- A CSV preview's entries as the action saved them (one per line); the job turns them into its items.
-- AlterTable
ALTER TABLE "BulkMoveJob" ADD COLUMN "pendingEntries" TEXT;
