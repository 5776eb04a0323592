"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** The redirect URI to register on the OAuth app, copyable. */
export function RedirectUriHelp({ redirectUri }: { redirectUri: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="rounded-md border border-sky-200 bg-sky-50 p-3 text-xs text-slate-700">
      <p>
        On the OAuth app&apos;s <strong>General</strong> tab in the Okta Admin Console, add this <strong>Sign-in redirect URI</strong> (exactly):
      </p>
      <div className="mt-1 flex items-center gap-2">
        <code className="rounded bg-white px-2 py-1 break-all" data-testid="redirect-uri">
          {redirectUri}
        </code>
        <Button
          size="sm"
          variant="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(redirectUri).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="mt-1">Also allow the Authorization Code and Refresh Token grants there.</p>
    </div>
  );
}
