-- CreateEnum
CREATE TYPE "BulkJobStatus" AS ENUM ('PREVIEW', 'QUEUED', 'RUNNING', 'PAUSED', 'CANCELLING', 'CANCELLED', 'COMPLETED', 'FAILED');

-- CreateEnum
CREATE TYPE "BulkItemStatus" AS ENUM ('PENDING', 'IN_FLIGHT', 'MOVED', 'SKIPPED', 'BLOCKED', 'NOT_FOUND', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "BulkMoveJob" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "targetRealmId" TEXT NOT NULL,
    "targetRealmName" TEXT NOT NULL,
    "selectionKind" TEXT NOT NULL,
    "selectionSummary" TEXT NOT NULL,
    "status" "BulkJobStatus" NOT NULL DEFAULT 'PREVIEW',
    "maxApiCapacity" INTEGER NOT NULL DEFAULT 90,
    "lanes" INTEGER NOT NULL DEFAULT 16,
    "total" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT,
    "createdByEmail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "auditedAt" TIMESTAMP(3),

    CONSTRAINT "BulkMoveJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkMoveItem" (
    "jobId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "input" TEXT NOT NULL,
    "userId" TEXT,
    "login" TEXT,
    "email" TEXT,
    "fromRealmId" TEXT,
    "status" "BulkItemStatus" NOT NULL,
    "needsVerify" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "message" TEXT,
    "oktaRequestId" TEXT,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BulkMoveItem_pkey" PRIMARY KEY ("jobId","seq")
);

-- CreateTable
CREATE TABLE "OktaRateOrg" (
    "origin" TEXT NOT NULL,
    "inFlightLimit" INTEGER NOT NULL DEFAULT 75,

    CONSTRAINT "OktaRateOrg_pkey" PRIMARY KEY ("origin")
);

-- CreateTable
CREATE TABLE "OktaRateBucket" (
    "key" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "limit" INTEGER,
    "remaining" INTEGER NOT NULL DEFAULT 0,
    "resetAtMs" BIGINT NOT NULL DEFAULT 0,
    "nextAtMs" BIGINT NOT NULL DEFAULT 0,
    "probeUntilMs" BIGINT NOT NULL DEFAULT 0,
    "granted" BIGINT NOT NULL DEFAULT 0,
    "updatedAtMs" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "OktaRateBucket_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "OktaInFlight" (
    "id" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "bucketKey" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAtMs" BIGINT NOT NULL,

    CONSTRAINT "OktaInFlight_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BulkMoveJob_connectionId_createdAt_idx" ON "BulkMoveJob"("connectionId", "createdAt");

-- CreateIndex
CREATE INDEX "BulkMoveJob_status_idx" ON "BulkMoveJob"("status");

-- CreateIndex
CREATE INDEX "BulkMoveItem_jobId_status_idx" ON "BulkMoveItem"("jobId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "BulkMoveItem_jobId_userId_key" ON "BulkMoveItem"("jobId", "userId");

-- CreateIndex
CREATE INDEX "OktaRateBucket_origin_idx" ON "OktaRateBucket"("origin");

-- CreateIndex
CREATE INDEX "OktaInFlight_origin_expiresAtMs_idx" ON "OktaInFlight"("origin", "expiresAtMs");

-- AddForeignKey
ALTER TABLE "BulkMoveJob" ADD CONSTRAINT "BulkMoveJob_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkMoveJob" ADD CONSTRAINT "BulkMoveJob_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BulkMoveItem" ADD CONSTRAINT "BulkMoveItem_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "BulkMoveJob"("id") ON DELETE CASCADE ON UPDATE CASCADE;
