import type { Metadata } from "next";
import { ForbiddenNotice } from "@/components/layout/forbidden-notice";
import { PageHeading } from "@/components/layout/page-heading";
import { InvitationTable } from "@/components/members/invitation-table";
import { InviteForm } from "@/components/members/invite-form";
import { MemberTable } from "@/components/members/member-table";
import { requirePage } from "@/lib/auth/current-caller";
import { can } from "@/lib/auth/permissions";
import { invitableRoles } from "@/lib/team/invitable-roles";
import { listTeam } from "@/lib/team/list-team";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const { member, allowed } = await requirePage("/members");
  if (!allowed) return <ForbiddenNotice />;
  const { members, invitations } = await listTeam();
  const roles = invitableRoles(member.role);
  return (
    <>
      <PageHeading title="Members">
        People who can sign in to this installation and what their role allows. The last owner cannot be removed or demoted.
      </PageHeading>
      <div className="flex flex-col gap-8">
        <InviteForm roles={roles} />
        <section aria-labelledby="members-heading">
          <h2 id="members-heading" className="mb-2 text-lg font-medium">
            Team ({members.length})
          </h2>
          <MemberTable members={members} viewerId={member.userId} canManage={can(member.role, "members.manage")} />
        </section>
        <section aria-labelledby="invitations-heading">
          <h2 id="invitations-heading" className="mb-2 text-lg font-medium">
            Pending invitations
          </h2>
          <InvitationTable invitations={invitations} revocableRoles={roles} />
        </section>
      </div>
    </>
  );
}
