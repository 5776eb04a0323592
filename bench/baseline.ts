// The baseline: what an admin's script built on Okta's own SDK does. Sequential updateUser calls with
// an SSWS token, relying on the SDK's built-in 429 retry (DefaultRequestExecutor).
import okta from "@okta/okta-sdk-nodejs";

export type BaselineResult = { moved: number; failures: number; wallMs: number };

export async function baselineMove(orgUrl: string, apiToken: string, userIds: readonly string[], realmId: string): Promise<BaselineResult> {
  const client = new okta.Client({ orgUrl, token: apiToken });
  let moved = 0;
  let failures = 0;
  const started = performance.now();
  for (const userId of userIds) {
    try {
      await client.userApi.updateUser({ userId, user: { realmId } });
      moved++;
    } catch {
      failures++;
    }
  }
  return { moved, failures, wallMs: performance.now() - started };
}
