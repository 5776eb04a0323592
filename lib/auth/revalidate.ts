import "server-only";
import { revalidatePath } from "next/cache";

/**
 * revalidatePath for guarded actions. Outside a Next request (integration tests calling actions
 * directly, scripts) Next throws "static generation store missing"; there is no page cache to
 * refresh there, so only that case is ignored. Everything else is thrown as usual.
 */
export function revalidate(path: string, type?: "layout" | "page"): void {
  try {
    revalidatePath(path, type);
  } catch (error) {
    if (error instanceof Error && error.message.includes("static generation store missing")) return;
    throw error;
  }
}
