-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "refreshLeaseOwner" TEXT,
ADD COLUMN     "refreshLeaseUntil" TIMESTAMP(3);
