import type { Metadata } from "next";
import { ForbiddenNotice } from "@/components/layout/forbidden-notice";

export const metadata: Metadata = { title: "Forbidden" };

// The proxy rewrites direct access to a page the member's role may not use here, with status 403.
export default function ForbiddenPage() {
  return (
    <main>
      <ForbiddenNotice />
    </main>
  );
}
