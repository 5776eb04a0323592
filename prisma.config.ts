import { defineConfig } from "prisma/config";

// DATABASE_URL may be unset (embedded mode, CI's generate step): `prisma generate` needs no database,
// and env("DATABASE_URL") would throw, so read it leniently here.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
