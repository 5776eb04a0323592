import "server-only";
import { ActionFailure } from "@/lib/auth/guard";
import { revalidate } from "@/lib/auth/revalidate";
import { BulkRefusal } from "@/lib/bulk/service";

// Shared by lib/actions/bulk/*: the service's refusals become the guard's expected failures.
export async function asAction<T>(connectionId: string, fn: () => Promise<T>): Promise<T> {
  try {
    const value = await fn();
    revalidate(`/connections/${connectionId}/bulk`, "page");
    return value;
  } catch (error) {
    if (error instanceof BulkRefusal) throw new ActionFailure(error.code, error.message);
    throw error;
  }
}
