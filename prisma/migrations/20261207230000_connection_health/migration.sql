-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "lostScopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "lastCheckedAt" TIMESTAMP(3);
