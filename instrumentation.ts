// Next calls register() once per server process before it handles requests. The bulk-move worker
// (pg-boss on the app's database) starts here, in the Node.js runtime only, so jobs left unfinished
// by a restart or a crashed instance resume without anyone opening the page.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || !process.env.DATABASE_URL || process.env.BULK_WORKER === "off") return;
  const { ensureBulkWorker } = await import("./lib/jobs/app-worker");
  await ensureBulkWorker();
}
