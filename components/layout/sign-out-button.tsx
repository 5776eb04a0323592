"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";

// Auth.js's own sign-out (CSRF-protected POST to /api/auth/signout): deletes the session row and the cookie.
export function SignOutButton() {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut({ redirectTo: "/signin?signedOut=1" });
      }}
    >
      Sign out
    </Button>
  );
}
