import { Form } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import { DateCell } from "./date-cell";
import { ROLE_TONES, roleLabel, type InvitationRow } from "./members-data";

export function PendingInvitations({ invitations, busy, pendingId }: { invitations: InvitationRow[]; busy: boolean; pendingId: FormDataEntryValue | null | undefined }) {
  return (
    <section aria-labelledby="invitations-heading" className="space-y-4">
      <div>
        <h2 id="invitations-heading" className="text-base font-semibold text-slate-900">
          Pending invitations
        </h2>
        <p className="text-sm text-slate-600">
          Links that have not been used yet. Revoke one to make its link stop working.
        </p>
      </div>
      {invitations.length === 0 ? (
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
            {invitations.map((invitation) => (
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
  );
}
