-- The preview runs as a job: RESOLVING while its entries are looked up in Okta (UNRESOLVED until then).
ALTER TYPE "BulkJobStatus" ADD VALUE 'RESOLVING' BEFORE 'PREVIEW';
ALTER TYPE "BulkItemStatus" ADD VALUE 'UNRESOLVED' BEFORE 'PENDING';

-- AlterTable
ALTER TABLE "BulkMoveJob" ADD COLUMN "selectionValue" TEXT,
ADD COLUMN "previewRequests" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "previewStartedAt" TIMESTAMP(3),
ADD COLUMN "previewFinishedAt" TIMESTAMP(3);
