-- CreateTable
CREATE TABLE "ConnectionAuthorization" (
    "id" TEXT NOT NULL,
    "stateHash" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "codeVerifierEnc" TEXT NOT NULL,
    "requestedScopes" TEXT[],
    "reauthorize" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "consumedAt" TIMESTAMP(3),
    "outcome" JSONB,

    CONSTRAINT "ConnectionAuthorization_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConnectionAuthorization_stateHash_key" ON "ConnectionAuthorization"("stateHash");

-- CreateIndex
CREATE INDEX "ConnectionAuthorization_connectionId_idx" ON "ConnectionAuthorization"("connectionId");

-- CreateIndex
CREATE INDEX "ConnectionAuthorization_userId_idx" ON "ConnectionAuthorization"("userId");

-- CreateIndex
CREATE INDEX "ConnectionAuthorization_expiresAt_idx" ON "ConnectionAuthorization"("expiresAt");

-- AddForeignKey
ALTER TABLE "ConnectionAuthorization" ADD CONSTRAINT "ConnectionAuthorization_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectionAuthorization" ADD CONSTRAINT "ConnectionAuthorization_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
