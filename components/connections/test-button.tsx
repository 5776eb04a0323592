"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Button } from "@/components/ui/button";
import { testConnectionAction } from "@/lib/actions/connections/test-connection";

export type TestShown = { tone: "success" | "error"; text: string };

/** Runs the Test action and shows the result (latency and scopes, or the error with its fix). */
export function TestButton({ id, nickname, onResult }: { id: string; nickname: string; onResult: (shown: TestShown) => void }) {
  const setShown = onResult;
  const [pending, startTransition] = useTransition();
  const router = useRouter();
  return (
    <Button
        size="sm"
        variant="secondary"
        aria-label={`Test ${nickname}`}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = await testConnectionAction({ id });
            if (!result.ok) setShown({ tone: "error", text: result.error.message });
            else if (result.data.healthy) {
              setShown({ tone: "success", text: `${result.data.message} Scopes: ${result.data.grantedScopes.join(" ")}.` });
            } else {
              const ref = result.data.referenceId && !result.data.message.includes(result.data.referenceId) ? ` (reference ${result.data.referenceId})` : "";
              setShown({ tone: "error", text: `Test failed: ${result.data.message}${ref}` });
            }
            router.refresh();
          })
        }
      >
        {pending ? "Testing…" : "Test"}
    </Button>
  );
}
