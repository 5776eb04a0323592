import { notFound } from "next/navigation";
import { ForbiddenNotice } from "@/components/layout/forbidden-notice";
import type { RealmPageContext } from "@/lib/realms/page-context";

/** The page body when the context isn't usable: 403 notice for a role without realms.read, 404 for an unknown connection. */
export function RealmPageRefusal({ context }: { context: Exclude<RealmPageContext, { kind: "ok" }> }) {
  if (context.kind === "missing") notFound();
  return <ForbiddenNotice />;
}
