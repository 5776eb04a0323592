// The migrated test database's URL, as handed over by tests/setup/database.ts.
import { inject } from "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/** Prefer this over process.env.DATABASE_URL in test files: it fails loudly outside the integration project. */
export function testDatabaseUrl(): string {
  const url = inject("databaseUrl");
  if (!url) throw new Error("No test database: run this file in the `integration` vitest project");
  return url;
}
