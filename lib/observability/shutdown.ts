// Whether this process has been told to stop (SIGTERM): readiness then answers 503 so load
// balancers send no new work while in-flight requests finish. On globalThis (see request-context.ts).
const state = globalThis as unknown as { orcDraining?: boolean };

export function markDraining(): void {
  state.orcDraining = true;
}

export function isDraining(): boolean {
  return state.orcDraining === true;
}
