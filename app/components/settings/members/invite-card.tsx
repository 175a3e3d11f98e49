import { Form } from "@remix-run/react";
import type { Role } from "~/core/access";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardDescription, CardFooter, CardHeader, CardTitle } from "~/components/ui/card";
import { CopyField } from "~/components/ui/copy-field";
import { Field, Input } from "~/components/ui/input";
import { Select } from "~/components/ui/select";
import { ROLE_HINTS, roleLabel, type MembersActionData } from "./members-data";

interface InviteCardProps {
  grantableRoles: Role[];
  invite: { email: string; url: string } | null | undefined;
  inviteError: Extract<MembersActionData, { ok: false }>["error"] | undefined;
  busy: boolean;
  pendingIntent: FormDataEntryValue | null | undefined;
}

/** The one-time link is shown once, after the invite; a new form (new key) clears the email field. */
export function InviteCard({ grantableRoles, invite, inviteError, busy, pendingIntent }: InviteCardProps) {
  return (
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
                {grantableRoles.map((r) => (
                  <option key={r} value={r}>
                    {roleLabel(r)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <ul className="grid gap-1 text-sm text-slate-600 sm:grid-cols-2">
            {grantableRoles.map((r) => (
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
  );
}
