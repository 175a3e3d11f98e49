import { useNavigation } from "@remix-run/react";
import { Alert } from "~/components/ui/alert";
import { InviteCard } from "./invite-card";
import { PendingInvitations } from "./invitations-table";
import type { MembersActionData, MembersPageData } from "./members-data";
import { MembersTable } from "./members-table";

export function MembersPage({ data, actionData }: { data: MembersPageData; actionData: MembersActionData | undefined }) {
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

        <MembersTable data={data} pending={{ busy, intent: pendingIntent, id: pendingId }} />
        {data.membersTruncated ? (
          <p className="text-sm text-slate-500">Showing the first {data.members.length} members.</p>
        ) : null}
      </section>

      {data.canManage ? (
        <>
          <InviteCard grantableRoles={data.grantableRoles} invite={invite} inviteError={inviteError} busy={busy} pendingIntent={pendingIntent} />
          <PendingInvitations invitations={data.invitations} busy={busy} pendingId={pendingId} />
        </>
      ) : null}
    </div>
  );
}
