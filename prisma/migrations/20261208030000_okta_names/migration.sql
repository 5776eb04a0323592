-- Names of Okta objects (realms, realm assignments) as this app last saw them, per connection, so an
-- audit event about an object read by id (a realm's users, an assignment's activation) is written
-- with its name. A cache of what Okta said, never the source of truth.
CREATE TABLE "OktaName" (
    "connectionId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "oktaId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OktaName_pkey" PRIMARY KEY ("connectionId","kind","oktaId")
);

ALTER TABLE "OktaName" ADD CONSTRAINT "OktaName_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
