import { AsyncLocalStorage } from "node:async_hooks";

// The request being served, so every log line written while serving it carries its reference id
// (the one an admin reads out from an error message) without threading it through every call.
// On globalThis: instrumentation and route modules get separate module instances in Next.
export type RequestContext = { ref: string };

const state = globalThis as unknown as { orcRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (state.orcRequestContext ??= new AsyncLocalStorage<RequestContext>());

export function withRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentRequestRef(): string | undefined {
  return storage.getStore()?.ref;
}
