// `npm run db:migrate`: applies pending prisma/migrations to DATABASE_URL (the Prisma CLI cannot
// here, see lib/database/migrate.ts). Failures are one line and exit code 1, never a stack trace.
import { migrate } from "../lib/database/migrate";

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      "✖ db:migrate needs DATABASE_URL (e.g. postgresql://user:pass@host:5432/db). " +
        "Without it, `npm start` runs and migrates its embedded PostgreSQL itself.",
    );
    process.exit(1);
  }
  const { applied } = await migrate(url, { log: (line) => console.log(line) });
  console.log(applied.length > 0 ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database is up to date");
}

main().catch((error: unknown) => {
  console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
