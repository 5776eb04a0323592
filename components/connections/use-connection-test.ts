"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useToast } from "@/components/ui/toast";
import { testConnectionAction } from "@/lib/actions/connections/test-connection";

export type TestShown = { tone: "success" | "error"; text: string };

/** Runs the Test action for a row: the result stays on the row and is also a toast. */
export function useConnectionTest() {
  const [shown, setShown] = useState<Record<string, TestShown>>({});
  const [testing, setTesting] = useState<string>();
  const [, startTransition] = useTransition();
  const router = useRouter();
  const toast = useToast();

  const run = (id: string, nickname: string) => {
    setTesting(id);
    startTransition(async () => {
      const result = await testConnectionAction({ id });
      let next: TestShown;
      if (!result.ok) next = { tone: "error", text: result.error.message };
      else if (result.data.healthy) next = { tone: "success", text: `${result.data.message} Scopes: ${result.data.grantedScopes.join(" ")}.` };
      else {
        const ref = result.data.referenceId && !result.data.message.includes(result.data.referenceId) ? ` (reference ${result.data.referenceId})` : "";
        next = { tone: "error", text: `Test failed: ${result.data.message}${ref}` };
      }
      setShown((all) => ({ ...all, [id]: next }));
      setTesting(undefined);
      toast(next.tone === "success" ? `Tested “${nickname}”: it works.` : `Tested “${nickname}”: it failed (see its row).`, next.tone);
      router.refresh();
    });
  };
  return { shown, testing, run };
}
