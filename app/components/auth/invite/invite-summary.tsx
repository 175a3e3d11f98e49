import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { roleLabel, type InviteActionData, type OpenInvite } from "./invite-data";

/** Which organization, address and role the invitation is for. */
export function InviteSummary({ data }: { data: OpenInvite }) {
  return (
    <dl className="mb-6 grid grid-cols-[auto,1fr] gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-sm">
      <dt className="text-slate-500">Organization</dt>
      <dd className="font-medium text-slate-900">{data.orgName}</dd>
      <dt className="text-slate-500">Invited email</dt>
      <dd className="break-all font-medium text-slate-900">{data.email}</dd>
      <dt className="text-slate-500">Role</dt>
      <dd>
        <Badge tone="info">{roleLabel(data.role)}</Badge>
      </dd>
    </dl>
  );
}

export function InviteErrorAlert({ error }: { error: InviteActionData["error"] | undefined }) {
  return error ? (
    <Alert tone="danger" className="mb-6">
      {error.message}
    </Alert>
  ) : null;
}
