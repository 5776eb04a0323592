"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const pathname = usePathname();
  const current = pathname === href || pathname.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={cn("rounded-md px-3 py-1.5 text-sm", current ? "bg-slate-100 font-medium text-slate-900" : "text-slate-600 hover:bg-slate-100")}
    >
      {children}
    </Link>
  );
}
