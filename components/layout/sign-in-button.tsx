"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

// Starts Auth.js's OIDC sign-in (CSRF-protected POST, then the redirect to the issuer).
export function SignInButton({ providerId, providerName, redirectTo }: { providerId: string; providerName: string; redirectTo: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      className="w-full"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signIn(providerId, { redirectTo });
      }}
    >
      {pending ? "Redirecting…" : `Sign in with ${providerName}`}
    </Button>
  );
}
