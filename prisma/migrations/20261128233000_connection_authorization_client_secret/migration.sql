-- AlterTable
ALTER TABLE "ConnectionAuthorization" ADD COLUMN     "clientSecretEnc" TEXT;
