import { Form } from "@remix-run/react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Select } from "~/components/ui/select";
import { Table, TableCaption, TBody, TD, TH, THead, TR } from "~/components/ui/table";
import { DateCell } from "./date-cell";
import { ROLE_TONES, roleLabel, type MembersPageData, type PendingForm } from "./members-data";

/** Owners change a role or remove someone per row; everyone else sees the roles as badges. */
export function MembersTable({ data, pending }: { data: MembersPageData; pending: PendingForm }) {
  const { busy, intent: pendingIntent, id: pendingId } = pending;
  return (
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
  );
}
