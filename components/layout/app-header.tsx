import Link from "next/link";
import { RoleBadge } from "@/components/ui/role-badge";
import { APP_PAGES } from "@/lib/auth/page-access";
import { can } from "@/lib/auth/permissions";
import type { Member } from "@/lib/auth/resolve-caller";
import { NavLink } from "./nav-link";
import { SignOutButton } from "./sign-out-button";

/** The signed-in shell's header: only pages the member's role may use are in the navigation. */
export function AppHeader({ member }: { member: Member }) {
  const pages = APP_PAGES.filter((page) => can(member.role, page.permission));
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-6 gap-y-2 px-6 py-3">
        <Link href="/connections" className="font-semibold tracking-tight">
          Okta Realms Connections
        </Link>
        <nav aria-label="Main" className="flex-1">
          <ul className="flex gap-1">
            {pages.map((page) => (
              <li key={page.href}>
                <NavLink href={page.href}>{page.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="flex items-center gap-3 text-sm" aria-label="Signed in as" role="group">
          <span data-testid="current-user-email">{member.email}</span>
          <span data-testid="current-user-role">
            <RoleBadge role={member.role} />
          </span>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
