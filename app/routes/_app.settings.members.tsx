import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { canGrantRole, roleAllows, ROLES } from "~/core/access";
import { runFormAction, parseForm } from "~/http/ui-action.server";
import { createInvitation, listPendingInvitations, revokeInvitation } from "~/modules/tenancy/index.server";
import { changeMemberRole, listMembers, removeMember } from "~/modules/tenancy/index.server";
import { ChangeRoleSchema, InviteMemberSchema, RemoveMemberSchema, RevokeInvitationSchema } from "~/http/forms/settings-forms.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";
import type { LoaderFunctionArgs, ActionFunctionArgs } from "@remix-run/node";
import { MembersPage } from "~/components/settings/members/members-page";
import { roleLabel } from "~/components/settings/members/members-data";

export const meta: MetaFunction = () => [{ title: "Members · Reconstream" }];

const MEMBER_PAGE = 500;

export const loader = (args: LoaderFunctionArgs) =>
  uiLoader(args, async ({ ctx, role, user, org }) => {
  const canManage = roleAllows(role, "members:manage");
  const [members, invitations] = await Promise.all([
    listMembers(ctx, { limit: MEMBER_PAGE }),
    canManage ? listPendingInvitations(ctx, { limit: 200 }) : Promise.resolve({ data: [], nextCursor: null }),
  ]);
  return json({
    orgName: org.name,
    currentUserId: user.id,
    canManage,
    grantableRoles: [...ROLES].reverse().filter((r) => canGrantRole(role, r)),
    members: members.data.map((m) => ({
      id: m.id,
      userId: m.userId,
      name: m.name,
      email: m.email,
      role: m.role,
      createdAt: m.createdAt.toISOString(),
    })),
    membersTruncated: members.nextCursor !== null,
    invitations: invitations.data.map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      createdAt: i.createdAt.toISOString(),
      expiresAt: i.expiresAt.toISOString(),
    })),
  });
});

type Intent = "changeRole" | "remove" | "invite" | "revokeInvitation";

export const action = (args: ActionFunctionArgs) =>
  uiAction(args, { permission: "members:manage" }, async ({ request, ctx }) => {
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "") as Intent;

  let result;
  switch (intent) {
    case "changeRole":
      result = await runFormAction(request, async () => {
        const input = parseForm(ChangeRoleSchema(), formData);
        const member = await changeMemberRole(ctx, input.membershipId, input.role);
        return {
          message: `${member.name || member.email} is now ${roleLabel(member.role).toLowerCase()}.`,
          invite: null,
        };
      });
      break;
    case "remove":
      result = await runFormAction(request, async () => {
        const input = parseForm(RemoveMemberSchema(), formData);
        const member = await removeMember(ctx, input.membershipId);
        return { message: `${member.name || member.email} was removed from the organization.`, invite: null };
      });
      break;
    case "invite":
      result = await runFormAction(request, async () => {
        const input = parseForm(InviteMemberSchema(), formData);
        const { invitation, token } = await createInvitation(ctx, input);
        const inviteUrl = new URL(`/invite/${encodeURIComponent(token)}`, request.url).toString();
        return {
          message: `Invitation created for ${invitation.email}.`,
          invite: { email: invitation.email, url: inviteUrl },
        };
      });
      break;
    case "revokeInvitation":
      result = await runFormAction(request, async () => {
        const input = parseForm(RevokeInvitationSchema(), formData);
        const invitation = await revokeInvitation(ctx, input.invitationId);
        return { message: `The invitation for ${invitation.email} was revoked.`, invite: null };
      });
      break;
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
  // The invitation link is a secret: keep the response out of every cache.
  return json(
    { intent, ...result },
    { status: result.ok ? 200 : result.error.status, headers: { "Cache-Control": "no-store" } }
  );
});

export default function MembersRoute() {
  return <MembersPage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
