import type { ReactNode } from "react";
import { AppHeader } from "@/components/layout/app-header";
import { ToastProvider } from "@/components/ui/toast";
import { requireMember } from "@/lib/auth/current-caller";

// The signed-in shell. Every page below also checks its own permission (layouts and pages render
// in parallel, so a layout check alone would not protect a page).
export default async function AppLayout({ children }: { children: ReactNode }) {
  const member = await requireMember("/connections");
  return (
    <ToastProvider>
      <AppHeader member={member} />
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">{children}</main>
    </ToastProvider>
  );
}
