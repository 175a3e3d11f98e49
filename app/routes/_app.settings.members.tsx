import { json } from "@remix-run/node";
import type { MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { canGrantRole, roleAllows, ROLES, type Role } from "~/core/access";
import { Alert } from "~/components/ui/alert";
import { Badge, type BadgeTone } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardDescription, CardFooter, CardHeader, CardTitle } from "~/components/ui/card";
import { CopyField } from "~/components/ui/copy-field";
import { Field, Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import { runFormAction, parseForm } from "~/http/ui-action.server";
import { createInvitation, listPendingInvitations, revokeInvitation } from "~/modules/tenancy/index.server";
import { changeMemberRole, listMembers, removeMember } from "~/modules/tenancy/index.server";
import { ChangeRoleSchema, InviteMemberSchema, RemoveMemberSchema, RevokeInvitationSchema } from "~/http/forms/settings-forms.server";
import { uiAction, uiLoader } from "~/http/ui-route.server";

export const meta: MetaFunction = () => [{ title: "Members · Reconstream" }];

const MEMBER_PAGE = 500;

export const loader = uiLoader(async ({ ctx, role, user, org }) => {
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

export const action = uiAction({ permission: "members:manage" }, async ({ request, ctx }) => {
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

function roleLabel(role: string) {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

const ROLE_TONES: Record<Role, BadgeTone> = { owner: "info", admin: "warning", operator: "success", viewer: "neutral" };

const ROLE_HINTS: Record<Role, string> = {
  owner: "Everything, including members and organization settings",
  admin: "Configuration, API keys and the audit log",
  operator: "Upload files, run streams and work exceptions",
  viewer: "Read-only access",
};

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

function DateCell({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={iso}>
      {dateFormat.format(new Date(iso))}
    </time>
  );
}

export default function MembersPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const pendingIntent = busy ? navigation.formData?.get("intent") : undefined;
  const pendingId = busy
    ? navigation.formData?.get("membershipId") ?? navigation.formData?.get("invitationId")
    : undefined;

  const error = actionData && !actionData.ok ? actionData.error : undefined;
  const inviteError = actionData?.intent === "invite" ? error : undefined;
  const rowError = actionData?.intent !== "invite" ? error : undefined;
  const success = actionData?.ok && !busy ? actionData : undefined;
  const invite = success?.invite ?? undefined;

  return (
    <div className="space-y-8">
      <section aria-labelledby="members-heading" className="space-y-4">
        <div className="flex flex-col gap-1 sm:flex-row sm:items-end sm:justify-between">
          <div>
            <h2 id="members-heading" className="text-base font-semibold text-slate-900">
              Members
            </h2>
            <p className="text-sm text-slate-600">
              {data.canManage
                ? `People with access to ${data.orgName}. An organization always keeps at least one owner.`
                : `People with access to ${data.orgName}. Only owners can change roles or invite members.`}
            </p>
          </div>
          <p className="text-sm text-slate-500">
            {data.members.length} {data.members.length === 1 ? "member" : "members"}
          </p>
        </div>

        {rowError ? (
          <Alert tone="danger" title="That change was not made">
            {rowError.message}
          </Alert>
        ) : null}
        {success && !invite ? <Alert tone="success">{success.message}</Alert> : null}

        <Table>
          <TableCaption srOnly>Members of {data.orgName}</TableCaption>
          <THead>
            <TR>
              <TH>Name</TH>
              <TH>Email</TH>
              <TH>Role</TH>
              <TH>Joined</TH>
              {data.canManage ? (
                <TH>
                  <span className="sr-only">Actions</span>
                </TH>
              ) : null}
            </TR>
          </THead>
          <TBody>
            {data.members.map((member) => {
              const isSelf = member.userId === data.currentUserId;
              const displayName = member.name || member.email;
              const rowBusy = pendingId === member.id;
              return (
                <TR key={member.id}>
                  <TD className="font-medium text-slate-900">
                    {member.name}
                    {isSelf ? <span className="ml-2 text-xs font-normal text-slate-500">(you)</span> : null}
                  </TD>
                  <TD className="break-all">{member.email}</TD>
                  <TD>
                    {data.canManage ? (
                      <Form method="post" className="flex items-center gap-2">
                        <input type="hidden" name="intent" value="changeRole" />
                        <input type="hidden" name="membershipId" value={member.id} />
                        <Select
                          name="role"
                          defaultValue={member.role}
                          aria-label={`Role for ${displayName}`}
                          className="h-8 w-32 text-xs"
                          key={`${member.id}-${member.role}`}
                        >
                          {data.grantableRoles.map((r) => (
                            <option key={r} value={r}>
                              {roleLabel(r)}
                            </option>
                          ))}
                        </Select>
                        <Button
                          type="submit"
                          variant="secondary"
                          size="sm"
                          disabled={busy}
                          aria-label={`Save role for ${displayName}`}
                        >
                          {rowBusy && pendingIntent === "changeRole" ? "Saving…" : "Save"}
                        </Button>
                      </Form>
                    ) : (
                      <Badge tone={ROLE_TONES[member.role]}>{roleLabel(member.role)}</Badge>
                    )}
                  </TD>
                  <TD className="whitespace-nowrap">
                    <DateCell iso={member.createdAt} />
                  </TD>
                  {data.canManage ? (
                    <TD className="text-right">
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="membershipId" value={member.id} />
                        <Button
                          type="submit"
                          variant="ghost"
                          size="sm"
                          className="text-red-700 hover:bg-red-50 hover:text-red-800"
                          disabled={busy}
                          aria-label={isSelf ? `Leave ${data.orgName}` : `Remove ${displayName}`}
                          onClick={(event) => {
                            const question = isSelf
                              ? `Leave ${data.orgName}? You will lose access immediately.`
                              : `Remove ${displayName} from ${data.orgName}? They will lose access immediately.`;
                            if (!window.confirm(question)) event.preventDefault();
                          }}
                        >
                          {rowBusy && pendingIntent === "remove" ? "Removing…" : isSelf ? "Leave" : "Remove"}
                        </Button>
                      </Form>
                    </TD>
                  ) : null}
                </TR>
              );
            })}
          </TBody>
        </Table>
        {data.membersTruncated ? (
          <p className="text-sm text-slate-500">Showing the first {data.members.length} members.</p>
        ) : null}
      </section>

      {data.canManage ? (
        <>
          <Card>
            <CardHeader>
              <CardTitle>Invite member</CardTitle>
              <CardDescription>
                Reconstream does not send email. You get a one-time link to pass on; it expires in 7 days.
              </CardDescription>
            </CardHeader>
            {invite ? (
              <CardBody className="space-y-4 border-b border-slate-200">
                <Alert tone="success" title={`Invitation created for ${invite.email}`} />
                <CopyField
                  label="Invitation link"
                  value={invite.url}
                  hint={`Copy this link and send it to ${invite.email}. It is shown only once and expires in 7 days.`}
                />
              </CardBody>
            ) : null}
            <Form method="post" key={invite ? invite.url : "invite"}>
              <input type="hidden" name="intent" value="invite" />
              <CardBody className="space-y-4">
                {inviteError ? <Alert tone="danger">{inviteError.message}</Alert> : null}
                <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr),minmax(0,1fr)]">
                  <Field label="Email" error={inviteError?.fields.email} required>
                    <Input
                      name="email"
                      type="email"
                      autoComplete="off"
                      maxLength={320}
                      placeholder="name@company.com"
                    />
                  </Field>
                  <Field label="Role" error={inviteError?.fields.role} required>
                    <Select name="role" defaultValue="viewer">
                      {data.grantableRoles.map((r) => (
                        <option key={r} value={r}>
                          {roleLabel(r)}
                        </option>
                      ))}
                    </Select>
                  </Field>
                </div>
                <ul className="grid gap-1 text-sm text-slate-600 sm:grid-cols-2">
                  {data.grantableRoles.map((r) => (
                    <li key={r}>
                      <span className="font-medium text-slate-800">{roleLabel(r)}:</span> {ROLE_HINTS[r]}
                    </li>
                  ))}
                </ul>
              </CardBody>
              <CardFooter>
                <Button type="submit" disabled={busy}>
                  {pendingIntent === "invite" ? "Inviting…" : "Invite member"}
                </Button>
              </CardFooter>
            </Form>
          </Card>

          <section aria-labelledby="invitations-heading" className="space-y-4">
            <div>
              <h2 id="invitations-heading" className="text-base font-semibold text-slate-900">
                Pending invitations
              </h2>
              <p className="text-sm text-slate-600">
                Links that have not been used yet. Revoke one to make its link stop working.
              </p>
            </div>
            {data.invitations.length === 0 ? (
              <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
                No pending invitations.
              </p>
            ) : (
              <Table>
                <TableCaption srOnly>Pending invitations</TableCaption>
                <THead>
                  <TR>
                    <TH>Email</TH>
                    <TH>Role</TH>
                    <TH>Invited</TH>
                    <TH>Expires</TH>
                    <TH>
                      <span className="sr-only">Actions</span>
                    </TH>
                  </TR>
                </THead>
                <TBody>
                  {data.invitations.map((invitation) => (
                    <TR key={invitation.id}>
                      <TD className="break-all font-medium text-slate-900">{invitation.email}</TD>
                      <TD>
                        <Badge tone={ROLE_TONES[invitation.role]}>{roleLabel(invitation.role)}</Badge>
                      </TD>
                      <TD className="whitespace-nowrap">
                        <DateCell iso={invitation.createdAt} />
                      </TD>
                      <TD className="whitespace-nowrap">
                        <DateCell iso={invitation.expiresAt} />
                      </TD>
                      <TD className="text-right">
                        <Form method="post">
                          <input type="hidden" name="intent" value="revokeInvitation" />
                          <input type="hidden" name="invitationId" value={invitation.id} />
                          <Button
                            type="submit"
                            variant="secondary"
                            size="sm"
                            disabled={busy}
                            aria-label={`Revoke invitation for ${invitation.email}`}
                          >
                            {pendingId === invitation.id ? "Revoking…" : "Revoke"}
                          </Button>
                        </Form>
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            )}
          </section>
        </>
      ) : null}
    </div>
  );
}
